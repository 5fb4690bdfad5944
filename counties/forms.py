"""Forms of the counties domain."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from counties.models import Area


class AreaForm(forms.ModelForm):
    """An area of a county; `version` detects a concurrent edit."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Area
        fields = ["name_fa", "name_en", "code", "kind", "is_deprived", "population"]

    def __init__(self, *args: object, county: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
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
