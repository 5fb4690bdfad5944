"""The bare-Django floor: the least a Django view can do to serve the same number of rows.

`/bench-floor/html/<rows>` reads `rows` scores of the latest published run joined with their
county and province (`values_list`, one query) and renders them as a plain HTML table through the
template engine; `/bench-floor/json/<rows>` returns the same rows as JSON. Both require a signed-in
user, as the pages and API lists do. This module is the benchmark server's URLconf
(bench/settings.py): the project's URLs plus these two, served by the same gunicorn, settings and
database as the pages they are compared with.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import engines
from django.urls import path

from governance.urls import handler400, handler500
from governance.urls import urlpatterns as project_urlpatterns

COLUMNS = ("county", "name", "province", "period", "composite", "national_rank", "tier")
TABLE = """<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>floor</title></head><body><table><thead><tr>{% for name in columns %}<th>{{ name }}</th>
{% endfor %}</tr></thead><tbody>{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>
{% endfor %}</tr>{% endfor %}</tbody></table></body></html>"""


def floor_rows(count: int) -> list[tuple[Any, ...]]:
    """`count` rows of scores (latest run, newest periods first) with county and province names."""
    from scores.models import Score, ScoreRun

    run = ScoreRun.objects.latest_published()
    return list(
        Score.objects.filter(run=run)
        .order_by("-period", "national_rank")
        .values_list(
            "county__code",
            "county__name_fa",
            "county__province__name_fa",
            "period",
            "composite",
            "national_rank",
            "tier",
        )[:count]
    )


@cache
def _table() -> Any:
    """The table template, compiled once per worker as the cached template loader does."""
    return engines["django"].from_string(TABLE)


@login_required
def floor_html(request: HttpRequest, rows: int) -> HttpResponse:
    context = {"columns": COLUMNS, "rows": floor_rows(rows)}
    return HttpResponse(_table().render(context, request))


@login_required
def floor_json(request: HttpRequest, rows: int) -> JsonResponse:
    found = floor_rows(rows)
    results = [dict(zip(COLUMNS, row, strict=True)) for row in found]
    return JsonResponse({"count": len(found), "results": results})


urlpatterns = [
    path("bench-floor/html/<int:rows>", floor_html, name="bench-floor-html"),
    path("bench-floor/json/<int:rows>", floor_json, name="bench-floor-json"),
    *project_urlpatterns,
]

__all__ = ["handler400", "handler500", "urlpatterns"]
