"""Dashboard pages: thin views over dashboards.overviews, county_overview, comparison and
county_work; `?download=<panel>` gives its CSV."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from counties.models import County, Indicator, Province
from counties.pickers import county_picker
from counties.queries import geography_stamp
from dashboards import clusters, comparison, county_overview, county_work, overviews
from dashboards.caching import FORMAT
from dashboards.filters import TIERS, choices, read_filters
from dashboards.panels import Panel
from governance import access
from governance.bodies import cached_body, query_of
from governance.exports.csv_export import csv_response
from governance.exports.xlsx_export import xlsx_response
from governance.pagination import page_of
from governance.persian import to_latin_digits
from governance.templatetags.tavazon import digits, period_label
from participation.queries import similar_counties
from scores.completeness import run_periods
from scores.models import ScoreRun
from scores.queries import PublishedRunStamp, published_run_stamp


def _download(request: HttpRequest, panels: list[Panel], prefix: str) -> HttpResponseBase | None:
    """The CSV (or, with `&format=xlsx`, the XLSX) of the panel named in `?download=`, or None
    when none is asked for."""
    wanted = request.GET.get("download")
    if not wanted:
        return None
    panel = next((p for p in panels if p.key == wanted), None)
    if panel is None:
        raise Http404
    if request.GET.get("format") == "xlsx":
        return xlsx_response(panel.export_table(), f"{prefix}-{panel.key}")
    return csv_response(panel.export_table(), f"{prefix}-{panel.key}")


def _query(request: HttpRequest) -> str:
    """The page's query string without `download`, for the download links."""
    params = request.GET.copy()
    params.pop("download", None)
    return params.urlencode()


def _published_run() -> tuple[PublishedRunStamp | None, Callable[[], ScoreRun | None]]:
    """The published run's stamp (one light query), and a function that reads the run itself
    once, only when a body is built."""
    published = published_run_stamp()
    return published, functools.cache(lambda: published.read() if published else None)


def _overview_page(request: HttpRequest, province: Province | None) -> HttpResponseBase:
    """The national (or a province's) dashboard; its body is rendered once per published run,
    query and names (governance.bodies), the same for everyone who may browse the nation;
    `?download=<panel>` gives a panel's CSV."""
    published, the_run = _published_run()
    run = the_run() if request.GET.get("download") else None
    if run is not None:
        download = _overview_download(request, run, province)
        if download is not None:
            return download
    geography = geography_stamp()
    parts = (
        published.pk if published else 0,
        published.published_at if published else "",
        FORMAT,
        province.code if province else "",
        query_of(request, ignore=("download",)),
        geography,
    )
    body = cached_body(
        request,
        "dashboards/_overview_body.html",
        parts,
        lambda: _overview_context(request, the_run(), province, geography),
    )
    return render(
        request,
        "dashboards/overview.html",
        {"has_run": published is not None, "province": province, "body": body},
    )


def _overview_download(
    request: HttpRequest, run: ScoreRun, province: Province | None
) -> HttpResponseBase | None:
    """The CSV of the panel `?download=` names, in the period the filters choose (None when
    no period is chosen: the page then says so)."""
    options = choices(run)
    filters = read_filters(request.GET, options, province.code if province else "")
    if not filters.period:
        return None
    data = overviews.overview(run, filters, options)
    prefix = f"tavazon-{province.code if province else 'national'}-{filters.period}"
    return _download(request, [data["ranking"], *data["panels"]], prefix)


def _overview_context(
    request: HttpRequest, run: ScoreRun | None, province: Province | None, geography: str
) -> dict[str, Any]:
    """What the dashboard's body shows for the request's filters (`geography`: the places'
    stamp, read once for the page)."""
    context: dict[str, Any] = {"run": run, "province": province}
    if run is None:
        return context
    options = choices(run)
    filters = read_filters(request.GET, options, province.code if province else "")
    context.update(
        {
            "options": options,
            "filters": filters,
            "tiers": TIERS,
            "qs": _query(request),
            "statuses": options.statuses,
            "status": options.statuses.get(filters.period),
            "period": filters.period,
        }
    )
    # No complete period and none asked for: the page says so and offers the provisional
    # periods (scores.completeness never opens on one).
    if filters.period:
        data = overviews.overview(run, filters, options, geography)
        context.update(data)
        context["page"] = page_of(request, data["ranking"].rows)
    return context


@login_required
def national(request: HttpRequest) -> HttpResponseBase:
    """Every county's score: ranking, maps, scatter, distribution, inequality and movers."""
    access.require(access.can_browse_nation(request.user))
    return _overview_page(request, None)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The dashboard of the user's own scope: their county, their province, or the nation."""
    access.require(access.can_browse_nation(request.user))
    scope, code = access.own_scope(request.user)
    if scope == "county":
        target = reverse("dashboards:county", kwargs={"code": code})
    elif scope == "province":
        target = reverse("dashboards:province", kwargs={"code": code})
    else:
        target = reverse("dashboards:national")
    # ?period= (a provisional period asked for by name) follows the user to their dashboard.
    period = request.GET.get("period", "")
    return redirect(f"{target}?{urlencode({'period': period})}" if period else target)


@login_required
def province(request: HttpRequest, code: str) -> HttpResponseBase:
    """The national dashboard restricted to one province's counties."""
    access.require(access.can_browse_nation(request.user))
    return _overview_page(request, get_object_or_404(Province.objects.defer("geometry"), code=code))


@login_required
def county(request: HttpRequest, code: str) -> HttpResponseBase:
    """A county's score, trends, areas and data freshness; projects and plans by access. The
    body is rendered once per what it derives from (governance.bodies): the published run, the
    county as shown, the URL's query, the catalogue and the county's work stamps, and whether
    the viewer may see the county's private work; `?download=<panel>` gives a panel's CSV."""
    access.require(access.can_browse_nation(request.user))
    place = get_object_or_404(
        County.objects.select_related("province")
        .defer("geometry", "province__geometry")
        .with_census_flag(),
        code=code,
    )
    published, the_run = _published_run()
    private = access.can_view_county(request.user, place)
    periods: list[str] = []
    period = ""
    period_error = ""
    if published is not None:
        periods, period = county_overview.county_periods_of(published.pk, place)
        asked = request.GET.get("period", "")
        if asked in periods:
            period = asked
        elif asked:
            period_error = _(
                "No score for this county in the period asked for; showing %(shown)s. Choose"
                " one of the periods listed."
            ) % {"shown": period_label(period) if period else "—"}

    stamps = county_work.work_stamps(place, private)

    def build() -> dict[str, Any]:
        return _county_context(
            request, place, the_run(), (private, stamps), (periods, period), period_error
        )

    if request.GET.get("download"):
        download = _download(request, build()["all_panels"], f"tavazon-{place.code}")
        assert download is not None  # asked for: a panel's CSV, or Http404 raised
        return download
    parts = (
        published.pk if published else 0,
        published.published_at if published else "",
        place.name_fa,
        place.name_en,
        int(place.is_synthetic),
        int(place.created_after_census),
        place.province.code,
        place.province.name_fa,
        place.province.name_en,
        query_of(request, ignore=("download",)),
        *stamps,
    )
    body = cached_body(request, "dashboards/_county_body.html", parts, build)
    return render(
        request,
        "dashboards/county.html",
        {"county": place, "body": body},
        status=400 if period_error else 200,
    )


def _county_context(
    request: HttpRequest,
    place: County,
    run: ScoreRun | None,
    access_and_stamps: tuple[bool, tuple[object, ...]],
    periods: tuple[list[str], str],
    period_error: str,
) -> dict[str, Any]:
    """What the county dashboard's body shows, and every panel it offers as CSV, for a viewer
    who may or may not see the county's private work (with its work stamps), in one of the
    county's `periods` (the list, and the one shown)."""
    private, stamps = access_and_stamps
    available, period = periods
    indicators = list(Indicator.objects.order_by("dimension__order", "code"))
    chosen = next((i for i in indicators if i.code == request.GET.get("indicator")), None)
    if chosen is None and indicators:
        chosen = indicators[0]
    context: dict[str, Any] = {
        "run": run,
        "county": place,
        "indicators": indicators,
        "indicator": chosen,
        "private": private,
        "qs": _query(request),
        "period_error": period_error,
    }
    panels: list[Panel] = []
    if run is not None:
        data = county_overview.county_overview(run, place, chosen, period)
        panels += data["panels"]
        context.update(data)
        statuses = run_periods(run)
        context.update(
            {
                "periods": available,
                "period": period,
                "statuses": statuses,
                "status": statuses.get(period),
            }
        )
    # Projects, plan targets and participation as the viewer may see them: a CSV of plan
    # targets is not found for someone the page does not show them to.
    work = county_work.county_work(place, private, stamps)
    context.update(work)
    context["all_panels"] = [*panels, *work["work_panels"].values()]
    return context


def _chosen_counties(codes: list[str]) -> tuple[list[County], list[str]]:
    """The counties of the URL's codes in their order, or the errors that stop the comparison."""
    if len(codes) > comparison.MAX_COMPARED:
        n = digits(comparison.MAX_COMPARED)
        return [], [_("Choose at most %(n)s counties to compare.") % {"n": n}]
    if not codes:
        return [], []
    found = {c.code: c for c in County.objects.filter(code__in=codes).defer("geometry")}
    unknown = [c for c in codes if c not in found]
    if unknown:
        return [], [_("Unknown county codes: %(codes)s") % {"codes": ", ".join(unknown)}]
    return [found[c] for c in codes], []


def _suggested(county: County) -> list[County]:
    """Counties similar to the one chosen, to compare it with."""
    near = [pk for pk, _d in similar_counties(county.pk, k=comparison.MAX_COMPARED - 1)]
    by_pk = {c.pk: c for c in County.objects.filter(pk__in=near).defer("geometry")}
    return [by_pk[pk] for pk in near if pk in by_pk]


@login_required
def compare(request: HttpRequest) -> HttpResponseBase:
    """2-6 counties side by side; the selection is the URL (`?c=CODE&c=CODE`)."""
    access.require(access.can_browse_nation(request.user))
    codes = list(dict.fromkeys(request.GET.getlist("c")))
    chosen, errors = _chosen_counties(codes)
    suggested = _suggested(chosen[0]) if len(chosen) == 1 else []
    run = ScoreRun.objects.latest_published()
    context: dict[str, Any] = {
        "run": run,
        "errors": errors,
        "chosen": chosen,
        "codes": codes,
        "suggested": suggested,
        "picker": county_picker(codes),
        "max": comparison.MAX_COMPARED,
        "qs": _query(request),
    }
    status = 400 if errors else 200
    statuses = run_periods(run)
    period = statuses.choose(request.GET.get("period", ""))
    context.update({"statuses": statuses, "period": period, "status": statuses.get(period)})
    if run is not None and len(chosen) >= 2 and period:
        data = comparison.compare(run, chosen, period)
        download = _download(request, data["panels"], "tavazon-compare")
        if download is not None:
            return download
        context.update(data)
    return render(request, "dashboards/compare.html", context, status=status)


@login_required
def spatial_clusters(request: HttpRequest) -> HttpResponseBase:
    """Deprivation clusters: Moran's I, the LISA map and the low-low clusters of a period
    (`?period=`), national or one province's counties (`?province=`)."""
    access.require(access.can_browse_nation(request.user))
    run = ScoreRun.objects.latest_published()
    provinces = list(Province.objects.defer("geometry").order_by_name())
    province = request.GET.get("province", "")
    if province not in {p.code for p in provinces}:
        province = ""
    statuses = run_periods(run)
    period = statuses.choose(to_latin_digits(request.GET.get("period", "")))
    context: dict[str, Any] = {
        "run": run,
        "provinces": provinces,
        "province": province,
        "statuses": statuses,
        "period": period,
        "status": statuses.get(period),
        "labels": clusters.category_labels(),
        "qs": _query(request),
    }
    if run is not None and period:
        data = clusters.clusters_page(run, period, province)
        download = _download(request, data["panels"], f"tavazon-clusters-{period}")
        if download is not None:
            return download
        context.update(data)
    return render(request, "dashboards/clusters.html", context)
