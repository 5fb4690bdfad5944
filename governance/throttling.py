"""Rate limits for programs that call the API with a token (browsers with a session are not)."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.throttling import UserRateThrottle


class TokenRateThrottle(UserRateThrottle):
    """Requests authenticated by an API token, counted per user (`API_THROTTLE_TOKEN`)."""

    scope = "token"

    def allow_request(self, request: Request, view: Any) -> bool:
        if not isinstance(request.auth, Token):
            return True
        return super().allow_request(request, view)
