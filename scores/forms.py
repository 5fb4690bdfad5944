"""Forms of the scores domain: a methodology and its completeness rules."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from counties.forms import _style
from governance.forms import PersianModelForm
from governance.templatetags.tavazon import digits
from scores.methodologies import MethodologySpecError, check_methodology_spec, method_choices
from scores.models import Methodology


def _percent_field(label: StrOrPromise, help_text: StrOrPromise) -> forms.DecimalField:
    """An optional percent with one decimal (80, ۸۵٫۵), for a share stored as 0.800."""
    return forms.DecimalField(
        label=label, required=False, max_digits=4, decimal_places=1, help_text=help_text
    )


class MethodologyForm(PersianModelForm):
    """A methodology with its spec as JSON text, checked with the scoring engine's rules."""

    method = forms.ChoiceField(
        label=_("Scoring method"),
        choices=method_choices,
        initial="composite",
        required=False,
        help_text=_(
            "Composite: each indicator is normalised as the specification says, weighted and "
            "aggregated into dimensions, then into the score. TOPSIS, Morris and Hellwig are the "
            "planners' methods: they take the raw values, use the indicator and dimension "
            "weights of the specification, and rank only counties with every indicator present. "
            "See docs/methodology.md."
        ),
    )
    spec_text = forms.CharField(
        label=_("Specification (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "dir": "ltr", "spellcheck": "false"}),
    )
    is_current = forms.BooleanField(
        label=_("Use this methodology for scores (current)"), required=False
    )
    # Completeness rules, typed as percents (80, ۸۵٫۵) and stored as shares (0.800, 0.855).
    # Left empty, a rule keeps its value (the page always fills them in).
    min_coverage_percent = _percent_field(
        _("Minimum data coverage to be ranked (%)"),
        _(
            "A county is given a score, rank and tier in a period only when it has data for at "
            "least this share of the indicator weights. 1 to 100."
        ),
    )
    min_ranked_share_percent = _percent_field(
        _("Minimum share of counties ranked for a complete period (%)"),
        _(
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
            if isinstance(self.instance.spec, dict):
                self.fields["method"].initial = self.instance.spec.get("method", "composite")
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
        return spec

    def clean(self) -> dict[str, Any]:
        """Write the chosen method into the spec (the method named in the JSON when none is
        chosen; a composite spec keeps no "method" key, so specs saved before methods existed
        stay unchanged), then check the spec."""
        super().clean()
        data = self.cleaned_data
        if "spec_text" not in data or self.has_error("method"):
            return data
        spec = data["spec_text"]
        if isinstance(spec, dict):
            method = data.get("method") or spec.get("method", "composite")
            spec = {key: value for key, value in spec.items() if key != "method"}
            if method != "composite":
                spec = {"method": method, **spec}
        try:
            check_methodology_spec(spec)
        except MethodologySpecError as exc:
            field = "method" if exc.path == "method" else "spec_text"
            self.add_error(
                field, _("%(path)s: %(message)s") % {"path": exc.path, "message": exc.message}
            )
            return data
        data["spec_text"] = spec
        return data

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
