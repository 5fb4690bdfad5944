"""Helpers of the submissions tests."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError


def error_codes(error: ValidationError) -> set[str | None]:
    """The codes of a ValidationError (messages are translated; codes are not)."""
    if hasattr(error, "error_dict"):
        return {e.code for items in error.error_dict.values() for e in items}
    return {e.code for e in error.error_list}


@contextmanager
def refused(code: str):
    """Expect a ValidationError with `code`."""
    with pytest.raises(ValidationError) as caught:
        yield caught
    assert code in error_codes(caught.value), error_codes(caught.value)
