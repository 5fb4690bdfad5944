"""Values every page needs: language direction and the signed-in user's scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi

from governance import access


def site(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "LANG": get_language(),
        "IS_RTL": get_language_bidi(),
        "can_browse_nation": access.can_browse_nation(user),
        "can_manage_data": access.can_manage_data(user),
        "is_ministry": access.is_ministry(user),
        "enters_county_data": access.enters_county_data(user),
        "reviews_submissions": access.reviews_submissions(user),
    }
