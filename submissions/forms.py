"""Forms of the data approval pages: the data entry form (one county and period, every
county-reported indicator) and the reviewer's decision.

Both derive from governance.forms.PersianForm, so values typed in Persian or Arabic-Indic
digits with Persian separators («۱۲٫۵», «١٬٢٣٤») are read as numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from counties.models import Indicator
from governance.forms import PersianForm
from governance.forms.fields import FloatField, NumberBox

NOTE_MAX_LENGTH = 1000


def value_field(indicator: Indicator) -> str:
    return f"value_{indicator.code}"


def note_field(indicator: Indicator) -> str:
    return f"note_{indicator.code}"


class EntryForm(PersianForm):
    """A row per county-reported indicator: its value (empty: not reported) and a note.

    `version` is the submission's version when the page was opened (empty for a new one): a
    save naming an older version is refused as a stale edit."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, indicators: Sequence[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[value_field(indicator)] = FloatField(
                label=indicator.name,
                required=False,
                # The valid range is checked with the rules (counties.value_checks), whose
                # message names the range; the form only reads the number.
                widget=NumberBox(
                    decimal=True,
                    attrs={"class": "form-control form-control-sm entry-value", "size": 10},
                ),
            )
            self.fields[note_field(indicator)] = forms.CharField(
                label=_("Note on %(indicator)s") % {"indicator": indicator.name},
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self) -> list[dict[str, Any]]:
        """(indicator, value box, note box) per row, in catalogue order, for the template."""
        return [
            {
                "indicator": indicator,
                "value": self[value_field(indicator)],
                "note": self[note_field(indicator)],
            }
            for indicator in self.indicators
        ]

    def values(self) -> dict[int, tuple[float | None, str]]:
        """{indicator id: (value or None, note)} as the services take them."""
        data = self.cleaned_data
        return {
            indicator.pk: (
                data.get(value_field(indicator)),
                (data.get(note_field(indicator)) or "").strip(),
            )
            for indicator in self.indicators
        }

    def show_errors(self, error: ValidationError) -> None:
        """A service's refusal on the form: next to the value it names (by field name,
        indicator code or indicator id), otherwise above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        by_key: dict[str, str] = {}
        for indicator in self.indicators:
            by_key[indicator.code] = by_key[str(indicator.pk)] = value_field(indicator)
        for key, messages in error.message_dict.items():
            field = key if key in self.fields else by_key.get(str(key))
            self.add_error(field, messages)


class DecisionForm(PersianForm):
    """The reviewer's comment: why the submission is returned, or what the approver noted."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
