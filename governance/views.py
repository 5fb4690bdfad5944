"""Site shell: home, health check, about the data, language switch, the 500 page."""

from __future__ import annotations

import logging

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
    JsonResponse,
)
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import get_language, get_language_bidi
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from governance import access
from governance.health import check_broker, check_database

logger = logging.getLogger(__name__)

# The last resort when even the 500 template cannot be drawn (a missing static manifest, a broken
# template): both languages, no markup that could fail.
PLAIN_SERVER_ERROR = (
    '<!doctype html><html lang="fa" dir="rtl"><meta charset="utf-8"><title>خطا · Error</title>'
    "<h1>خطایی رخ داد</h1><p>توازن نتوانست به این درخواست پاسخ دهد. چند دقیقهٔ دیگر دوباره "
    'تلاش کنید.</p><div lang="en" dir="ltr"><h1>Something went wrong</h1><p>Tavazon could not '
    "answer this request. Try again in a few minutes.</p></div></html>"
)


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors get the landing page; signed-in users their natural starting page."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "governance/landing.html")
    scope, code = access.own_scope(user)
    if scope == "county":
        return redirect("projects:workbench", code=code)
    if scope == "province":  # their province's scores, not the census table
        return redirect("dashboards:province", code=code)
    return redirect("counties:overview")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on every page; point them at the static icon."""
    return redirect(static("favicon.svg"), permanent=True)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    db_ok, db_detail = check_database()
    broker_ok, broker_detail = check_broker()
    healthy = db_ok and broker_ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "unhealthy",
            "database": {"ok": db_ok, "detail": db_detail},
            "broker": {"ok": broker_ok, "detail": broker_detail},
        },
        status=200 if healthy else 503,
    )


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/about_data.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language for this browser and remember it on the user's account."""
    language = request.POST.get("language")
    if request.user.is_authenticated and language in ("fa", "en"):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return django_set_language(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the request's language, drawn without the database or context processors
    (the error may be the database): it cannot tell who is signed in, so its header has only the
    home link (no menu, no "Log in"). Plain text if even that fails."""
    try:
        html = loader.get_template("500.html").render(
            {
                "request": request,
                "LANG": get_language(),
                "IS_RTL": get_language_bidi(),
                "csrf_token": get_token(request),
            }
        )
    except Exception:  # the error page must answer whatever else is broken
        logger.exception("The 500 page could not be drawn")
        html = PLAIN_SERVER_ERROR
    return HttpResponseServerError(html)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page (an address no page can answer, such as one with a NUL character) in the
    request's language. It may be raised before the user is known (the NUL check comes before
    authentication), so like the 500 page it is drawn without context processors and its header
    has only the home link."""
    html = loader.get_template("400.html").render(
        {"request": request, "LANG": get_language(), "IS_RTL": get_language_bidi()}
    )
    return HttpResponseBadRequest(html)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form (expired page, no security cookie), explained in the user's language."""
    return render(request, "403_csrf.html", status=403)
