"""Values every page needs: language direction, the calendar's date picker and the signed-in
user's scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi

from governance import access
from governance.forms.fields import jalali_picker
from governance.periods import period_examples


def site(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "LANG": get_language(),
        "IS_RTL": get_language_bidi(),
        # The Jalali date picker's files: under Persian with the jalali calendar only.
        "JALALI_PICKER": jalali_picker(),
        # Examples of periods in the profile's calendar, for help texts and placeholders.
        "PERIOD_EXAMPLES": period_examples(),
        "can_browse_nation": access.can_browse_nation(user),
        "can_manage_data": access.can_manage_data(user),
        "is_ministry": access.is_ministry(user),
        "enters_county_data": access.enters_county_data(user),
        "reviews_submissions": access.reviews_submissions(user),
    }
