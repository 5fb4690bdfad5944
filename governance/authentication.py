"""API authentication: DRF's token, answered in the language its user chose."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from rest_framework import authentication
from rest_framework.request import Request


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`; replies (messages, labels) come in the token user's
    language unless the client asks for one with Accept-Language, as pages follow the user's
    choice. Without this a token client always got Persian, the site's default."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            language = getattr(result[0], "language", "")
            if language and not request.META.get("HTTP_ACCEPT_LANGUAGE"):
                translation.activate(language)
                request._request.LANGUAGE_CODE = language
        return result
