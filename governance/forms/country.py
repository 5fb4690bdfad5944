"""The country profile's form (ministry staff, on the country page)."""

from __future__ import annotations

from typing import Any

from django import forms

from governance.country_services import PROFILE_FIELDS
from governance.forms import PersianModelForm
from governance.forms.bootstrap import bootstrap_class
from governance.models import CountryProfile

#: The form's sections, in order: (title, fields).
SECTIONS = (
    ("name", ("name_en", "name_fa")),
    (
        "levels",
        (
            "province_level_en",
            "province_level_plural_en",
            "province_level_fa",
            "province_level_plural_fa",
            "county_level_en",
            "county_level_plural_en",
            "county_level_fa",
            "county_level_plural_fa",
        ),
    ),
    ("calendar", ("calendar", "default_language", "time_zone")),
    (
        "currency",
        (
            "currency_code",
            "currency_symbol",
            "currency_name_en",
            "currency_name_fa",
            "entry_unit_factor",
            "entry_unit_name_en",
            "entry_unit_name_fa",
        ),
    ),
    (
        "sources",
        (
            "boundary_source_en",
            "boundary_source_fa",
            "boundary_source_url",
            "boundary_licence",
            "data_sources_en",
            "data_sources_fa",
        ),
    ),
    (
        "baseline",
        (
            "baseline_population_indicator",
            "baseline_period",
            "baseline_source_en",
            "baseline_source_fa",
        ),
    ),
)


class CountryProfileForm(PersianModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    boundary_source_url = forms.URLField(
        label=CountryProfile._meta.get_field("boundary_source_url").verbose_name,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = CountryProfile
        fields = PROFILE_FIELDS
        widgets = {
            "data_sources_en": forms.Textarea(attrs={"rows": 3}),
            "data_sources_fa": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", bootstrap_class(field.widget))
            if name.endswith("_en") or name in {"currency_code", "time_zone"}:
                field.widget.attrs.setdefault("dir", "ltr")

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(key, [self[name] for name in names]) for key, names in SECTIONS]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}
