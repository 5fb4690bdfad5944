"""Site shell: home, health check, about the data, language switch."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from governance import access
from governance.health import check_broker, check_database


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
