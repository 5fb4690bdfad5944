"""The participation home of a county, the county picker and the comparison across counties."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties.models import Indicator, Observation, Province
from governance import access
from governance.collation import by_name
from governance.exports.csv_export import csv_response
from governance.http import signed_in_user
from participation import charts, exports, queries, services
from participation.choices import PIPELINE, InvestmentStage
from participation.measures import MEASURE_CODES, funnel_counts
from participation.models import Commitment, Critique, Meeting
from participation.views.common import county_context, county_for

HISTORY_QUARTERS = 6


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Governors go to their county; others pick a county (their province's, or any)."""
    access.require(access.can_browse_nation(request.user))
    user = signed_in_user(request)
    if (own := access.own_county(user)) is not None:
        return redirect("participation:county", code=own.code)
    counties = (
        access.viewable_counties(user)
        .select_related("province")
        .defer("geometry", "province__geometry")
    )
    query = request.GET.get("q", "").strip()
    if query:
        counties = counties.filter(
            Q(name_fa__icontains=query) | Q(name_en__icontains=query) | Q(code__iexact=query)
        )
    active_ids = set(queries.counties_with_activity())
    if not query:
        counties = counties.filter(pk__in=active_ids)
    counties = counties.annotate(
        stakeholder_count=Count("stakeholders", distinct=True),
    ).order_by_name(by_name("province__"))
    overdue = dict(
        Commitment.objects.overdue()
        .filter(county__in=counties)
        .values_list("county_id")
        .annotate(n=Count("pk"))
        .values_list("county_id", "n")
    )
    rows = [
        {"county": c, "overdue": overdue.get(c.pk, 0), "active": c.pk in active_ids}
        for c in counties[:200]
    ]
    return render(
        request,
        "participation/home.html",
        {"rows": rows, "query": query, "province": user.province if user.province_id else None},
    )


@login_required
def county_home(request: HttpRequest, code: str) -> HttpResponse:
    """A county's participation at a glance: measures, coverage, meetings, overdue, critiques."""
    county = county_for(request, code)
    today = timezone.localdate()
    quarter, _window = queries.current_quarter_window(today)
    live = queries.live_measures(county.pk, today)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=MEASURE_CODES)}
    quarters = queries.recent_quarters(HISTORY_QUARTERS + 1, today)[:-1]
    stored: dict[tuple[str, str], Observation] = {
        (o.indicator.code, o.period): o
        for o in Observation.objects.filter(
            county=county, area__isnull=True, indicator__code__in=MEASURE_CODES, period__in=quarters
        ).select_related("indicator")
    }
    measure_rows = [
        {
            "code": code_,
            "indicator": indicators.get(code_),
            "live": live[code_],
            "history": [stored.get((code_, q)) for q in quarters],
        }
        for code_ in MEASURE_CODES
    ]
    labels = dict(InvestmentStage.choices)
    counts = funnel_counts(queries.furthest_stages(county.pk), PIPELINE)
    funnel = (
        charts.pipeline_funnel([str(labels[s]) for s in PIPELINE], counts, _("Investment pipeline"))
        if any(counts)
        else None
    )
    context = county_context(request, county, "home")
    context.update(
        {
            "quarter": quarter,
            "quarters": quarters,
            "measure_rows": measure_rows,
            "coverage": queries.coverage_by_type(county.pk, today),
            "overdue": list(
                Commitment.objects.overdue(today).filter(county=county).select_related("meeting")
            ),
            "upcoming": list(
                Meeting.objects.filter(
                    county=county, status="scheduled", starts_at__gte=timezone.now()
                )
                .select_related("series")
                .order_by("starts_at")[:5]
            ),
            "series": queries.series_overview(county.pk, today),
            "open_critiques": Critique.objects.filter(county=county, status="open").count(),
            "funnel": funnel,
            "has_demo": any(
                model.objects.filter(county=county, is_demo=True).exists()
                for model in (Meeting, Critique, Commitment)
            ),
        }
    )
    return render(request, "participation/county_home.html", context)


def _compare_rows(request: HttpRequest, period: str) -> tuple[list[Indicator], list[dict]]:
    indicators = list(Indicator.objects.filter(code__in=MEASURE_CODES))
    indicators.sort(key=lambda i: MEASURE_CODES.index(i.code))
    counties = (
        access.viewable_counties(request.user)
        .select_related("province")
        .defer("geometry", "province__geometry")
    )
    values: dict[int, dict[str, Observation]] = {}
    for o in Observation.objects.filter(
        period=period, area__isnull=True, indicator__in=indicators, county__in=counties
    ).select_related("indicator"):
        values.setdefault(o.county_id, {})[o.indicator.code] = o
    rows: list[dict[str, Any]] = [
        {"county": c, "values": [values[c.pk].get(i.code) for i in indicators]}
        for c in counties.filter(pk__in=values)
    ]
    sort = request.GET.get("sort", "")
    column = next((n for n, i in enumerate(indicators) if i.code == sort.lstrip("-")), None)
    if column is not None:
        present = [r for r in rows if r["values"][column] is not None]
        missing = [r for r in rows if r["values"][column] is None]
        present.sort(key=lambda r: r["values"][column].value, reverse=sort.startswith("-"))
        rows = present + missing
    else:
        rows.sort(key=lambda r: (r["county"].province.code, r["county"].name))
    return indicators, rows


@login_required
def compare(request: HttpRequest) -> HttpResponseBase:
    """Stored participation measures of every county the user may see, for one period."""
    access.require(access.can_browse_nation(request.user))
    periods = list(
        Observation.objects.filter(indicator__code__in=MEASURE_CODES)
        .order_by("-period_start")
        .values_list("period", flat=True)
        .distinct()
    )
    periods = list(dict.fromkeys(periods))
    period = request.GET.get("period") or (periods[0] if periods else "")
    indicators, rows = _compare_rows(request, period) if period else ([], [])
    if request.GET.get("format") == "csv":
        access.require(access.can_export(request.user))
        return csv_response(exports.measures_table(indicators, rows), f"participation-{period}")
    return render(
        request,
        "participation/compare.html",
        {
            "periods": periods,
            "period": period,
            "indicators": indicators,
            "rows": rows,
            "sort": request.GET.get("sort", ""),
            "can_recompute": access.can_manage_data(request.user),
            "recompute_periods": queries.recent_quarters(4),
        },
    )


@login_required
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    """Ministry staff and analysts (who import data) recompute a period's stored measures."""
    access.require(access.can_manage_data(request.user))
    period = request.POST.get("period", "")
    try:
        report = services.store_participation_measures(period)
    except (ValidationError, ValueError) as exc:
        text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, _("Measures were not computed: %(reason)s") % {"reason": text})
        return redirect("participation:compare")
    messages.success(
        request,
        _("Measures for %(period)s: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "period": period,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
    )
    return redirect(f"{reverse('participation:compare')}?period={period}")


@login_required
def province_commitments(request: HttpRequest, code: str) -> HttpResponse:
    """Overdue commitments of a province's counties (those the user may see)."""
    province = get_object_or_404(Province.objects.defer("geometry"), code=code)
    access.require(access.can_browse_nation(request.user))
    counties = access.viewable_counties(request.user).filter(province=province)
    overdue = list(
        Commitment.objects.overdue()
        .filter(county__in=counties)
        .select_related("county", "meeting", "current_meeting")
        .order_by("due_on")
    )
    return render(
        request,
        "participation/province_commitments.html",
        {"province": province, "overdue": overdue, "county_count": counties.count()},
    )
