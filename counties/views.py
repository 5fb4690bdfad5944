"""Pages of the counties domain: national overview, province, county profile, areas."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from counties import charts, history, svg_maps
from counties.baseline import Baseline, current_baseline
from counties.boundaries import version_of
from counties.catalogue import OVERVIEW_INDICATORS
from counties.figures import county_figures
from counties.forms import AreaForm
from counties.models import Area, County, Indicator, Observation, Province
from counties.overview_rows import ROW_FIELDS, overview_rows
from counties.pickers import search_results
from counties.queries import (
    catalogue_stamp,
    geography_stamp,
    observations_stamp,
    profile_county,
)
from counties.services import save_area
from governance import access
from governance.bodies import cached_body, query_of, split_body
from governance.collation import by_name
from governance.http import HtmxHttpRequest, signed_in_user
from governance.pagination import page_of
from governance.versioning import StaleEditError


def overview_codes(baseline: Baseline) -> list[str]:
    """The population indicator, then the context indicators (those the catalogue has)."""
    return [baseline.indicator_code, *OVERVIEW_INDICATORS]


def _indicators(codes: list[str]) -> list[Indicator]:
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def _sorted(queryset: Any, sort: str, baseline: Baseline) -> Any:
    """Order by a column of the overview (`-` first: descending), then by code; names in Persian
    alphabetical order; only the indicator sorted on is annotated, the other values are read in
    one query afterwards."""
    field = sort.lstrip("-")
    if field not in {"name", "province", "area_km2", *overview_codes(baseline)}:
        field, sort = "name", ""
    descending = sort.startswith("-")
    if field in ("name", "province"):
        name = by_name("province__" if field == "province" else "")
        return queryset.order_by(name.desc() if descending else name.asc(), "code"), sort
    if field == "area_km2":
        column = "area_km2"
    else:
        queryset = queryset.with_indicator_values([field], baseline.period)
        column = f"ind_{field.replace('-', '_')}"
    expression = F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
    return queryset.order_by(expression, "code"), sort


@login_required
def overview(request: HtmxHttpRequest) -> HttpResponse:
    """Every province, and the counties a page at a time (PAGE_ROWS), searchable by name in
    either language or code and sortable by name, population and indicators, on the server.
    Its body (or the table htmx asks for) is rendered once per query and data stamps
    (governance.bodies): the same for everyone who may browse the nation."""
    access.require(access.can_browse_nation(request.user))
    template = "counties/_county_table.html" if request.htmx else "counties/_overview_body.html"
    parts = (query_of(request), observations_stamp(), geography_stamp(), catalogue_stamp())
    body = cached_body(request, template, parts, lambda: _overview_context(request))
    if request.htmx:
        return HttpResponse(body)
    return render(request, "counties/overview.html", {"body": body})


def _overview_context(request: HttpRequest) -> dict[str, Any]:
    """What the overview's body shows for the request's search, province, sort and page."""
    query = request.GET.get("q", "").strip()
    counties = County.objects.search(query)
    province_code = request.GET.get("province", "")
    if province_code:
        counties = counties.filter(province__code=province_code)
    baseline = current_baseline()
    counties, sort = _sorted(counties, request.GET.get("sort", "name"), baseline)
    indicators = _indicators(overview_codes(baseline))
    page = page_of(request, counties.values(*ROW_FIELDS))
    values = Observation.objects.filter(county__in=[row["pk"] for row in page]).county_values(
        [i.code for i in indicators], baseline.period
    )
    return {
        "page": page,
        "rows": overview_rows(page, values, indicators),
        "provinces": Province.objects.defer("geometry")
        .order_by_name()
        .with_county_totals(baseline.indicator_code, baseline.period),
        "indicators": indicators,
        "query": query,
        "province_code": province_code,
        "sort": sort,
        "period": baseline.period,
        "baseline": baseline,
        "synthetic": County.objects.filter(is_synthetic=True).exists(),
    }


@login_required
def county_search(request: HttpRequest) -> JsonResponse:
    """Counties matching `?q=` for the pickers (counties.pickers): names are public (the landing
    page lists them), so any signed-in user may search; `?value=pk` answers ids for forms and
    `?scope=view` only the counties whose full data the user may read."""
    field = "pk" if request.GET.get("value") == "pk" else "code"
    queryset = None
    if request.GET.get("scope") == "view":
        queryset = County.objects.viewable_by(request.user)
    return JsonResponse({"results": search_results(request.GET.get("q", ""), field, queryset)})


@login_required
def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One province: its counties with the census indicators and a map coloured by one of them."""
    access.require(access.can_browse_nation(request.user))
    province = get_object_or_404(Province.objects.defer("geometry"), code=code)
    baseline = current_baseline()
    indicators = _indicators(overview_codes(baseline))
    counties = list(
        province.counties.with_indicator_values(
            [i.code for i in indicators], baseline.period
        ).order_by_name()
    )
    chosen = next((i for i in indicators if i.code == request.GET.get("map")), None)
    chosen = chosen or next((i for i in indicators if i.code == "unemployment_rate"), None)
    figure = None
    if chosen is not None:
        figure = charts.indicator_choropleth(
            counties,
            [getattr(c, f"ind_{chosen.code}") for c in counties],
            f"{chosen.name} ({chosen.unit_label})",
            reverse=chosen.direction == "lower",
            no_data_label=_("no data"),
            decimals=chosen.display_decimals,
            province_code=province.code,
        )
    return render(
        request,
        "counties/province.html",
        {
            "province": province,
            "counties": counties,
            "indicators": indicators,
            "chosen": chosen,
            "figure": figure,
            "period": baseline.period,
            "baseline": baseline,
        },
    )


def _county_links(user: Any, county: County) -> list[tuple[str, str]]:
    """(label, URL) of the county's other pages, only those the user may open: its projects,
    workbench, dashboard, participation and public page."""
    links: list[tuple[str, str]] = []
    if access.can_view_county(user, county):
        links += [
            (_("Projects"), f"{reverse('projects:all')}?{urlencode({'county': county.code})}"),
            (_("Workbench"), reverse("projects:workbench", args=[county.code])),
        ]
    if access.can_browse_nation(user):
        links.append((_("County dashboard"), reverse("dashboards:county", args=[county.code])))
    if access.can_view_county(user, county):
        links.append((_("Participation"), reverse("participation:county", args=[county.code])))
    links.append((_("Public page"), reverse("public:county", args=[county.code])))
    return links


# Where the county page's body (counties/_county_body.html) leaves room for the score panels.
SCORE_SLOT = "<!-- score panels -->"


def _stamp(*moments: datetime.datetime | None) -> str:
    return "/".join(m.isoformat() if m else "-" for m in moments)


@login_required
def county_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The county profile: key figures with their sources, its score, areas (with their map when
    any has a boundary), and its place on the map. The body is rendered once per what it
    derives from (governance.bodies): the county as shown, the observations, catalogue, areas,
    boundaries and published run, the URL's query, and whether the viewer may see private
    figures or change areas; the links and the participation panel are the viewer's own, and
    the score panels (cached per published run) are placed between its two halves."""
    county = profile_county(code)
    if county is None:
        raise Http404
    access.require(access.can_browse_nation(request.user))
    can_view_private = access.can_view_county(request.user, county)
    can_change = access.can_change_county(request.user, county)
    stamp = county.stamp or 0
    geography = _stamp(county.counties_newest, county.provinces_newest)
    # The version of the province's counties' boundaries, from the county's own row.
    outline = version_of(
        "province-counties", county.province.code, county.province_rows, county.province_newest
    )
    parts = (
        county.pk,
        stamp,
        geography,
        outline,
        catalogue_stamp(),
        county.area_rows,  # (read with the county: for_profile_page)
        county.areas_newest,
        query_of(request),
        int(can_view_private),
        int(can_change),
    )

    def build() -> dict[str, Any]:
        return _county_context(county, stamp, outline, can_view_private, can_change)

    body = cached_body(request, "counties/_county_body.html", parts, build)
    # The score panels, cached per published run by the scores app, go between the two halves.
    before, after = split_body(body, SCORE_SLOT)
    return render(
        request,
        "counties/county.html",
        {
            "county": county,
            "body_before": before,
            "body_after": after,
            # The participation panel caches the similar counties' names under these.
            "observations_stamp": stamp,
            "geography_stamp": geography,
            "links": _county_links(request.user, county),
        },
    )


def _county_context(
    county: County, stamp: int, outline: str, can_view_private: bool, can_change: bool
) -> dict[str, Any]:
    """What the county page's body shows (counties.figures and scores.panels cache their
    parts too)."""
    baseline = current_baseline(stamp)
    areas = list(
        county.areas.defer("geometry")
        .annotate(has_boundary=Q(geometry__isnull=False))
        .order_by_name("-is_deprived")
    )
    deprived_population = sum(a.population or 0 for a in areas if a.is_deprived)
    area_population = sum(a.population or 0 for a in areas)
    return {
        "county": county,
        "figures": county_figures(county, baseline, stamp, can_view_private=can_view_private),
        "baseline": baseline,
        "observations_stamp": stamp,
        "areas": areas,
        "deprived_share": 100 * deprived_population / area_population if area_population else None,
        "location_map": svg_maps.county_location_map(county, outline),
        "area_map": svg_maps.area_map(county, areas, outline)
        if any(a.has_boundary for a in areas)
        else None,
        "can_change": can_change,
        "can_view_private": can_view_private,
    }


@login_required
def area_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    """Create or edit an area of a county (county staff, province, ministry only)."""
    county = get_object_or_404(County.objects.select_related("province"), code=code)
    access.require(access.can_change_county(request.user, county))
    area = get_object_or_404(Area, pk=pk, county=county) if pk else Area(county=county)
    form = AreaForm(request.POST or None, instance=area, county=county)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in AreaForm.Meta.fields}
        try:
            save_area(
                area,
                values,
                expected_version=form.cleaned_data.get("version"),
                user=signed_in_user(request),
            )
        except StaleEditError:
            form.add_error(
                None,
                _(
                    "Someone else changed this area after you opened it. Their change was kept; "
                    "reload the page to see it, then make your change again."
                ),
            )
        else:
            messages.success(request, _("The area was saved."))
            return redirect("counties:county", code=county.code)
    return render(
        request, "counties/area_form.html", {"county": county, "form": form, "area": area}
    )


@login_required
def area_history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Every recorded change of an area: who, when, what."""
    county = get_object_or_404(County, code=code)
    access.require(access.can_view_county(request.user, county))
    area = get_object_or_404(Area, pk=pk, county=county)
    records = area.history.select_related("history_user").order_by("-history_date")
    changes = history.changes(records, _("Area"), {})
    return render(
        request, "counties/area_history.html", {"county": county, "area": area, "changes": changes}
    )
