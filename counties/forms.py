"""Forms of the counties domain."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from counties.catalogue import INDICATOR_FIELDS
from counties.models import Area, County, Dimension, Indicator, Observation
from counties.models.geography import NAME_REQUIRED
from governance.forms import PersianForm, PersianModelForm

# A form's "required" message for the two names of a dimension or indicator: the model's own.
NAME_ERRORS = {name: {"required": message} for name, message in NAME_REQUIRED.items()}


class CountyPickerSelect(forms.Select):
    """A county <select> that static/js/county-picker.js turns into a searchable picker: each
    option carries the county's and its province's names in both languages to search on (the
    field's queryset should select_related("province"))."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        picker = {
            "data-county-picker": "",
            "data-placeholder": _("Type a county's name in Persian or English"),
            "data-no-results": _("No county has that name."),
        }
        super().__init__({**picker, **(attrs or {})}, choices)

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        county = getattr(value, "instance", None)
        if county is not None:
            option["attrs"]["data-search"] = " ".join(
                [county.name_fa, county.name_en, county.province.name_fa, county.province.name_en]
            )
        return option


class AreaForm(PersianModelForm):
    """An area of a county; `version` detects a concurrent edit."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Area
        fields = ["name_fa", "name_en", "code", "kind", "is_deprived", "population"]

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.county = county
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            css = (
                "form-check-input"
                if isinstance(field.widget, forms.CheckboxInput)
                else "form-control"
            )
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)

    def clean_name_fa(self) -> str:
        name = self.cleaned_data["name_fa"].strip()
        clash = Area.objects.filter(county=self.county, name_fa=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This county already has an area with this name."))
        return name

    def clean_population(self) -> int | None:
        population = self.cleaned_data.get("population")
        if population is not None and population > 50_000_000:
            raise forms.ValidationError(_("Population looks wrong: more than 50 million."))
        return population


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


class IndicatorForm(PersianModelForm):
    """A catalogue indicator; a new dimension may be created with it."""

    new_dimension_code = forms.SlugField(
        label=_("or a new dimension: code"), required=False, max_length=64
    )
    new_dimension_name_fa = forms.CharField(
        label=_("new dimension: name (Persian)"), required=False, max_length=200
    )
    new_dimension_name_en = forms.CharField(
        label=_("new dimension: name (English)"), required=False, max_length=200
    )

    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)
        widgets = {
            "description_fa": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = NAME_ERRORS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimension"].required = False
        if self.instance.pk:
            # Methodologies and imports refer to the code: it cannot change once created.
            self.fields["code"].disabled = True
        _style(self)

    def new_dimension(self) -> dict[str, Any] | None:
        code = self.cleaned_data.get("new_dimension_code")
        if not code:
            return None
        return {
            "code": code,
            "name_fa": self.cleaned_data.get("new_dimension_name_fa", ""),
            "name_en": self.cleaned_data.get("new_dimension_name_en", ""),
        }

    def clean_new_dimension_code(self) -> str:
        code = self.cleaned_data.get("new_dimension_code", "")
        if code and Dimension.objects.filter(code=code).exists():
            raise forms.ValidationError(_("A dimension with this code exists: choose it above."))
        return code

    def _check_dimension(self, data: dict[str, Any]) -> None:
        """An existing dimension or a new one (with a name), not both."""
        has_new = bool(data.get("new_dimension_code"))
        if data.get("dimension") and has_new:
            self.add_error(
                "new_dimension_code",
                _("Choose an existing dimension or create a new one, not both."),
            )
        elif not data.get("dimension") and not has_new and "new_dimension_code" not in self.errors:
            self.add_error("dimension", _("Choose a dimension or create a new one."))
        if has_new:
            for name, message in NAME_REQUIRED.items():
                if not data.get(f"new_dimension_{name}"):
                    self.add_error(f"new_dimension_{name}", message)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_dimension(data)
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low >= high:
            self.add_error("max_value", _("The highest valid value must be above the lowest."))
        elif self.instance.pk and not self.errors:
            self._check_existing_values(low, high)
        return data

    def _check_existing_values(self, low: float | None, high: float | None) -> None:
        outside = Observation.objects.filter(indicator=self.instance)
        condition = Q()
        if low is not None:
            condition |= Q(value__lt=low)
        if high is not None:
            condition |= Q(value__gt=high)
        if not condition:
            return
        outside = outside.filter(condition)
        count = outside.count()
        if count:
            example = outside.select_related("county").order_by("value").first()
            assert example is not None  # count > 0
            self.add_error(
                "max_value" if high is not None else "min_value",
                _(
                    "%(count)s stored values lie outside this range (for example %(value)s in "
                    "%(county)s, %(period)s): correct them first or widen the range."
                )
                % {
                    "count": count,
                    "value": f"{example.value:g}",
                    "county": example.county.name,
                    "period": example.period,
                },
            )


class DimensionAdminForm(PersianModelForm):
    """The admin's dimension form: both names required, with the model's message."""

    class Meta:
        model = Dimension
        fields = "__all__"
        error_messages = NAME_ERRORS


class IndicatorAdminForm(PersianModelForm):
    """The admin's indicator form: both names required, with the model's message."""

    class Meta:
        model = Indicator
        fields = "__all__"
        error_messages = NAME_ERRORS


class ImportUploadForm(PersianForm):
    """A CSV or XLSX file of observations, and the source of rows that name none."""

    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=300,
        help_text=_("Used for rows without a source column, e.g. “Ministry of Labour, 1402”."),
    )
    approve = forms.BooleanField(
        label=_("Approve these values on upload (national statistics)"),
        required=False,
        help_text=_(
            "Without this, importing holds the values in a data submission that another "
            "ministry staff member approves before they reach the scores."
        ),
    )

    MAX_BYTES = 200 * 1024 * 1024

    def __init__(self, *args: Any, may_approve: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_approve:  # ministry staff only: analysts import, never approve
            del self.fields["approve"]
        _style(self)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload
