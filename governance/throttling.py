"""Rate limits: programs that call the API with a token (browsers with a session are not), and
the visitor's address that per-address limits count."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
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


def client_ip(request: HttpRequest) -> str:
    """The visitor's address, for rate limits: REMOTE_ADDR, unless settings.TRUSTED_PROXY_COUNT
    says proxies of ours stand in front, then the address the outermost of them saw (taken
    from X-Forwarded-For counting from the right, so a client cannot forge it)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < proxies:
        return chain[0] if chain else remote
    return chain[-proxies]
