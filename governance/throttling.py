"""Rate limits: programs that call the API with a token (browsers with a session are not), the
visitor's address that per-address limits count, and the answer a person gets when refused: the
project's 429 page in their language (programs asking for JSON keep DRF's JSON answer)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler


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


def too_many_requests(
    request: HttpRequest, *, reason: str = "", retry_after: float | None = None
) -> HttpResponse:
    """The 429 page (templates/429.html) in the reader's language, with `reason` if given."""
    response = render(request, "429.html", {"reason": reason}, status=429)
    if retry_after is not None:
        response["Retry-After"] = str(max(int(retry_after), 1))
    return response


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse | None:
    """DRF's answers, except a throttled browser (an HTML page was asked for) gets the 429 page."""
    request = context.get("request")
    html = str(getattr(request, "accepted_media_type", "")).startswith("text/html")
    if isinstance(exc, Throttled) and request is not None and html:
        return too_many_requests(getattr(request, "_request", request), retry_after=exc.wait)  # type: ignore[attr-defined]  # stubs omit Throttled.wait
    return drf_exception_handler(exc, context)
