"""The Bootstrap 5 class of a form control, for forms that style their widgets themselves."""

from __future__ import annotations

from django import forms


def bootstrap_class(widget: forms.Widget) -> str:
    """`form-check-input` for a checkbox, `form-select` for a select (single or multiple),
    `form-control` for any other input."""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"
