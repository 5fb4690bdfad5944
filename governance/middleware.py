"""Request-wide rules: refuse NUL characters in addresses, send the Content-Security-Policy,
give signed-in users their language, count the request's dates in the profile's time zone."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance.country import current_profile, profile_zone


class UserLanguageMiddleware:
    """Activate the user's saved language (after LocaleMiddleware picked one from the cookie);
    a visitor whose browser names no language and who has not chosen one with the language
    switch gets the country profile's default language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        elif not (
            settings.LANGUAGE_COOKIE_NAME in request.COOKIES
            or request.headers.get("Accept-Language")
        ):
            language = current_profile().default_language
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if user is not None and user.is_authenticated and user.language:
            response.headers.setdefault("Content-Language", user.language)
        return response


class ProfileTimeZoneMiddleware:
    """Activate the country profile's time zone for the request (governance.country): "today",
    the day of a moment and the time of a datetime on pages, in forms, in the API and in
    downloads are the profile's, whatever settings.TIME_ZONE says. The zone active before is
    restored afterwards; a streamed download is written in the zone too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = profile_zone()
        with timezone.override(zone):
            response = self.get_response(request)
        if isinstance(response, StreamingHttpResponse) and not isinstance(response, FileResponse):
            response.streaming_content = _in_zone(response.streaming_content, zone)
        return response


def _in_zone(chunks: Iterable[object], zone: datetime.tzinfo) -> Iterator[object]:
    with timezone.override(zone):
        yield from chunks


class RejectNulCharactersMiddleware:
    """Answer 400 to an address whose path or query holds a NUL character (%00).

    No page or API parameter means a NUL, and PostgreSQL refuses it in every query, so without
    this check `?q=%00` or `/public/x%00/` ended in a server error (500).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._holds_nul(request):
            if request.path.startswith("/api/"):  # API clients get the API's error shape
                message = _("The address holds a NUL character (%00).")
                return JsonResponse({"detail": message}, status=400)
            raise BadRequest("NUL character in the address")
        return self.get_response(request)

    @staticmethod
    def _holds_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        )


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) with every HTML page.

    Scripts come only from our own static files: no inline <script>, no inline event handlers,
    no eval (static/js/ holds the page behaviours). Styles may be inline (Plotly and progress
    bars set style attributes). A view that sets its own policy keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", policy)
        return response
