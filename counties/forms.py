"""Forms of the counties domain."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from counties.methodologies import MethodologySpecError, check_methodology_spec
from counties.models import Area, County, Dimension, Indicator, Methodology, Observation
from governance.forms import PersianForm, PersianModelForm
from governance.templatetags.tavazon import digits


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
        fields = [
            "code",
            "name_fa",
            "name_en",
            "dimension",
            "unit",
            "direction",
            "min_value",
            "max_value",
            "frequency",
            "source",
            "description_fa",
            "description_en",
        ]
        widgets = {
            "description_fa": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name_fa") and not data.get("name_en"):
            self.add_error("name_fa", _("Give the indicator a name in Persian or English."))
        has_new = bool(data.get("new_dimension_code"))
        if data.get("dimension") and has_new:
            self.add_error(
                "new_dimension_code",
                _("Choose an existing dimension or create a new one, not both."),
            )
        elif not data.get("dimension") and not has_new and "new_dimension_code" not in self.errors:
            self.add_error("dimension", _("Choose a dimension or create a new one."))
        if has_new and not (data.get("new_dimension_name_fa") or data.get("new_dimension_name_en")):
            self.add_error("new_dimension_name_fa", _("Give the new dimension a name."))
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


class MethodologyForm(PersianModelForm):
    """A methodology with its spec as JSON text, checked with the scoring engine's rules."""

    spec_text = forms.CharField(
        label=_("Specification (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "dir": "ltr", "spellcheck": "false"}),
    )
    is_current = forms.BooleanField(
        label=_("Use this methodology for scores (current)"), required=False
    )
    # Completeness rules, typed as percents (80, ۸۵٫۵) and stored as shares (0.800, 0.855).
    # Left empty, a rule keeps its value (the page always fills them in).
    min_coverage_percent = forms.DecimalField(
        label=_("Minimum data coverage to be ranked (%)"),
        required=False,
        max_digits=4,
        decimal_places=1,
        help_text=_(
            "A county is given a score, rank and tier in a period only when it has data for at "
            "least this share of the indicator weights. 1 to 100."
        ),
    )
    min_ranked_share_percent = forms.DecimalField(
        label=_("Minimum share of counties ranked for a complete period (%)"),
        required=False,
        max_digits=4,
        decimal_places=1,
        help_text=_(
            "A period with fewer ranked counties than this share of all counties is provisional: "
            "never a page's default, always labelled. 1 to 100."
        ),
    )

    class Meta:
        model = Methodology
        fields = ["code", "name_fa", "name_en", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["spec_text"].initial = json.dumps(
                self.instance.spec, indent=2, ensure_ascii=False
            )
            self.fields["is_current"].initial = self.instance.is_current
            if self.instance.is_current:
                self.fields["is_current"].disabled = True
        instance = self.instance
        self.fields["min_coverage_percent"].initial = _as_percent(instance.min_coverage)
        self.fields["min_ranked_share_percent"].initial = _as_percent(instance.min_ranked_share)
        _style(self)
        self.fields["spec_text"].widget.attrs["class"] += " font-monospace"

    def _clean_percent(self, name: str) -> Decimal | None:
        value = self.cleaned_data.get(name)
        if value is not None and not Decimal("1") <= value <= Decimal("100"):
            raise forms.ValidationError(
                _("Enter a percent between %(low)s and %(high)s.")
                % {"low": digits(1), "high": digits(100)}
            )
        return value

    def clean_min_coverage_percent(self) -> Decimal | None:
        return self._clean_percent("min_coverage_percent")

    def clean_min_ranked_share_percent(self) -> Decimal | None:
        return self._clean_percent("min_ranked_share_percent")

    def clean_spec_text(self) -> dict[str, Any]:
        text = self.cleaned_data["spec_text"]
        try:
            spec = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("Not valid JSON: %(error)s (line %(line)s, column %(column)s).")
                % {"error": exc.msg, "line": digits(exc.lineno), "column": digits(exc.colno)}
            ) from exc
        try:
            check_methodology_spec(spec)
        except MethodologySpecError as exc:
            raise forms.ValidationError(
                _("%(path)s: %(message)s") % {"path": exc.path, "message": exc.message}
            ) from exc
        return spec

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in ("name_fa", "name_en", "description")}
        if not self.instance.pk:
            values["code"] = data["code"]
        values["spec"] = data["spec_text"]
        values["is_current"] = data.get("is_current", False)
        for field, name in (
            ("min_coverage_percent", "min_coverage"),
            ("min_ranked_share_percent", "min_ranked_share"),
        ):
            if data.get(field) is not None:
                values[name] = (data[field] / 100).quantize(Decimal("0.001"))
        return values


def _as_percent(share: Decimal | float | None) -> Decimal | None:
    """0.855 -> 85.5 (the form's unit); None stays None."""
    if share is None:
        return None
    percent = (Decimal(str(share)) * 100).quantize(Decimal("0.1"))
    return percent.quantize(Decimal("1")) if percent == percent.to_integral_value() else percent
