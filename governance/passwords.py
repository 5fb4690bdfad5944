"""Django's password rules, with the numbers of their texts in the reader's digits."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from governance.templatetags.tavazon import digits

# Django's Persian username help text writes 150 in Latin digits: the project catalogue, which
# comes before Django's, translates it again in Persian digits. Named here so that makemessages
# keeps that entry.
USERNAME_HELP_TEXT = gettext_noop(
    "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."
)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length, whose help and error say «حداقل ۸ حرف» under Persian (Django
    formats the length with %d, in Latin digits, inside its Persian translation)."""

    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError as error:
            raise ValidationError(
                [digits(message) for message in error.messages], code="password_too_short"
            ) from error

    def get_help_text(self) -> str:
        return digits(super().get_help_text())
