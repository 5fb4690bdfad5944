"""Pages of the development-balance scores: the ranking, score runs and methodologies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from counties import charts
from counties.models import County, Dimension, Indicator, Province
from counties.queries import catalogue_stamp, county_search, geography_stamp
from governance import access, queueing
from governance.bodies import cached_body, query_of
from governance.exports.csv_export import csv_response
from governance.exports.xlsx_export import xlsx_response
from governance.http import HtmxHttpRequest, signed_in_user
from governance.pagination import page_of
from governance.templatetags.tavazon import digits
from scores import areas as area_scores
from scores import charts as score_charts
from scores import services
from scores.choices import RunTrigger, ScoreRunStatus
from scores.completeness import run_periods
from scores.forms import MethodologyForm
from scores.method_comparison import compare_methodologies, comparison_table
from scores.methodologies import make_methodology_current, method_choices, save_methodology
from scores.models import CoverageShortfall, Methodology, Score, ScoreDecomposition, ScoreRun
from scores.queries import period_rows, published_run_stamp
from scores.run_review import TOP_MOVES, review_run
from scores.shortfalls import notes_of, shortfall_rows

RUNS_PER_PAGE = 50


def _failed_since(latest: int | None) -> ScoreRun | None:
    """The newest run if it failed after the published one (the run `latest`; shown to
    ministry staff)."""
    newest = ScoreRun.objects.exclude(status=ScoreRunStatus.QUEUED).first()
    if newest is None or newest.status != ScoreRunStatus.FAILED:
        return None
    if latest is not None and newest.pk == latest:
        return None
    return newest


def _dimension_labels(codes: list[str]) -> list[tuple[str, str]]:
    """(code, name) of a spec's dimensions; the catalogue's name where the codes match."""
    names = {d.code: d.name for d in Dimension.objects.filter(code__in=codes)}
    return [(code, names.get(code, code)) for code in codes]


@login_required
def score_dashboard(request: HttpRequest) -> HttpResponse:
    """Every county's score, rank, tier and balance in one period of the published run, a page
    at a time, best rank first, searchable by county or province: the latest complete period
    unless another is asked for (a provisional one is labelled). The body is rendered once per
    run, query and names (governance.bodies); ministry staff also see a failed newer run."""
    access.require(access.can_browse_nation(request.user))
    # The run's stamp (one light query); the run itself is read only to build the body.
    published = published_run_stamp()
    parts = (
        published.pk if published else 0,
        published.published_at if published else "",
        query_of(request),
        geography_stamp(),
        catalogue_stamp(),
    )

    def build() -> dict[str, Any]:
        run = published.read() if published is not None else None
        return _scores_context(request, run)

    body = cached_body(request, "scores/_score_dashboard_body.html", parts, build)
    failed_run = (
        _failed_since(published.pk if published else None)
        if access.can_see_run_errors(request.user)
        else None
    )
    return render(request, "scores/score_dashboard.html", {"body": body, "failed_run": failed_run})


def _scores_context(request: HttpRequest, run: ScoreRun | None) -> dict[str, Any]:
    """What the scores page's body shows for the request's period, province, search and pages."""
    statuses = run_periods(run)
    period = statuses.choose(request.GET.get("period", ""))
    status = statuses.get(period)
    rows = Score.objects.none()
    decompositions: list[ScoreDecomposition] = []
    province_code = request.GET.get("province", "")
    unranked = CoverageShortfall.objects.none()
    query = request.GET.get("q", "").strip()
    if run is not None and period:
        rows = period_rows(run, period, province_code).filter(county_search(query, "county__"))
        decompositions = list(ScoreDecomposition.objects.filter(run=run).order_by("period"))
        unranked = shortfall_rows(run, status, province=province_code, query=query)
    # Counties too short of data to be ranked: a page of them too (thousands at 5,000).
    shortfalls = page_of(request, unranked, param="unranked")
    current = next((d for d in decompositions if d.period == period), None)
    # Provisional periods (a new year with few counties reported) would distort the trend.
    complete = set(statuses.complete)
    trend = [d for d in decompositions if d.period in complete]
    spec = (run.methodology_snapshot.get("spec") or {}) if run else {}
    dimensions = _dimension_labels([d["code"] for d in spec.get("dimensions", [])])
    return {
        "run": run,
        "period": period,
        "statuses": statuses,
        "status": status,
        "page": page_of(request, rows),
        "query": query,
        "shortfalls": shortfalls,
        "shortfall_notes": notes_of(shortfalls, status).values(),
        "province_code": province_code,
        "provinces": Province.objects.defer("geometry").order_by_name(),
        "dimensions": dimensions,
        "decomposition": current,
        "trend": charts.decomposition_trend(trend) if len(trend) > 1 else None,
    }


@login_required
def run_list(request: HtmxHttpRequest) -> HttpResponse:
    """Score runs, newest first, with status and duration; ministry staff see errors."""
    access.require(access.can_browse_nation(request.user))
    runs = ScoreRun.objects.select_related("requested_by", "reviewed_by").defer("periods")
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "active": any(r.status in (ScoreRunStatus.QUEUED, ScoreRunStatus.RUNNING) for r in page),
        "show_errors": access.can_see_run_errors(request.user),
        "can_rebuild": access.can_rebuild_scores(request.user),
        "can_review": access.can_publish_scores(request.user),
    }
    template = "scores/_score_run_table.html" if request.htmx else "scores/score_runs.html"
    return render(request, template, context)


@login_required
@require_POST
def run_rebuild(request: HttpRequest) -> HttpResponse:
    """Ask for a rebuild now (ministry staff); joins a run that is already queued."""
    access.require(access.can_rebuild_scores(request.user))
    run = services.queue_score_rebuild(trigger=RunTrigger.MANUAL, user=signed_in_user(request))
    if _not_queued(run):  # the broker refused the task: say so, the user may press again
        messages.error(request, queueing.NOT_QUEUED)
    else:
        messages.success(request, _("Score run %(id)s is queued.") % {"id": digits(run.pk)})
    return redirect("scores:score-runs")


@login_required
def run_review(request: HttpRequest, pk: int) -> HttpResponse:
    """What publishing a draft run would change, with Publish and Discard (ministry staff)."""
    access.require(access.can_publish_scores(request.user))
    run = get_object_or_404(ScoreRun.objects.select_related("requested_by", "reviewed_by"), pk=pk)
    review = None
    if run.status == ScoreRunStatus.DRAFT:  # other runs have nothing left to decide
        review = review_run(run, request.GET.get("period"))
    return render(
        request,
        "scores/score_run_review.html",
        {"run": run, "review": review, "top_moves": TOP_MOVES},
    )


def _draft_decision(decide: Callable[..., ScoreRun], done: StrOrPromise) -> Any:
    """A POST view that publishes or discards (`decide`) a draft run (ministry staff), saying
    `done`, or why it was refused."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        access.require(access.can_publish_scores(request.user))
        run = get_object_or_404(ScoreRun, pk=pk)
        try:
            decide(run.pk, user=request.user)
        except services.RunNotPublishable as refused:
            messages.error(request, refused.message)
            return redirect("scores:score-run", pk=run.pk)
        messages.success(request, done % {"id": digits(run.pk)})
        return redirect("scores:score-runs")

    return view


# Publish a draft run: every page, export and API then shows it.
run_publish = _draft_decision(
    services.publish_score_run,
    gettext_lazy("Score run %(id)s is published: pages, exports and the API now show it."),
)
# Discard a draft run; the published run stays the one shown.
run_discard = _draft_decision(
    services.discard_score_run,
    gettext_lazy("Score run %(id)s is discarded; the published run stays in place."),
)


def _not_queued(run: ScoreRun | None) -> bool:
    """Did the broker refuse `run`'s task? (The run was then failed when the write committed.)"""
    if run is None:
        return False
    run.refresh_from_db(fields=["status"])
    return run.status == ScoreRunStatus.FAILED


@login_required
def methodology_list(request: HttpRequest) -> HttpResponse:
    """The methodologies, the current one first."""
    access.require(access.can_browse_nation(request.user))
    return render(
        request,
        "scores/methodology_list.html",
        {
            "methodologies": Methodology.objects.select_related("updated_by"),
            "methods": dict(method_choices()),
            "can_edit": access.can_edit_methodology(request.user),
        },
    )


@login_required
def methodology_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One methodology: its spec and its versions."""
    access.require(access.can_browse_nation(request.user))
    methodology = get_object_or_404(Methodology, code=code)
    versions = methodology.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "scores/methodology_detail.html",
        {
            "methodology": methodology,
            "summary": _spec_summary(methodology.spec),
            "methods": dict(method_choices()),
            "versions": versions,
            "can_edit": access.can_edit_methodology(request.user),
        },
    )


def _spec_summary(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as readable rows: dimensions and indicators with names from the catalogue."""
    dimensions = spec.get("dimensions", []) if isinstance(spec, dict) else []
    codes = [i.get("code") for d in dimensions for i in d.get("indicators", [])]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    names = dict(_dimension_labels([d.get("code", "") for d in dimensions]))
    total = sum(float(d.get("weight", 1)) for d in dimensions) or 1.0
    return {
        "aggregation": spec.get("aggregation", "arithmetic") if isinstance(spec, dict) else "",
        "dimensions": [
            {
                "code": d.get("code"),
                "name": names.get(d.get("code", ""), d.get("code")),
                "share": 100 * float(d.get("weight", 1)) / total,
                "aggregation": d.get("aggregation", spec.get("aggregation", "arithmetic")),
                "indicators": [
                    {**i, "indicator": indicators.get(i.get("code"))}
                    for i in d.get("indicators", [])
                ],
            }
            for d in dimensions
        ],
    }


@login_required
def methodology_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Create or edit a methodology (ministry staff); the spec is checked before it is saved."""
    access.require(access.can_edit_methodology(request.user))
    methodology = get_object_or_404(Methodology, code=code) if code else Methodology()
    form = MethodologyForm(request.POST or None, instance=methodology)
    if request.method == "POST" and form.is_valid():
        saved, run = save_methodology(methodology, form.values(), user=signed_in_user(request))
        refused = _not_queued(run)
        messages.success(
            request,
            _("Methodology saved (version %(version)s).") % {"version": digits(saved.version)}
            + (" " + _("Scores will be recomputed.") if saved.is_current and not refused else ""),
        )
        if refused:  # the methodology is saved; its rebuild can be asked for on the runs page
            messages.error(request, queueing.NOT_QUEUED)
        return redirect("scores:methodology", code=saved.code)
    return render(
        request, "scores/methodology_form.html", {"form": form, "methodology": methodology}
    )


@login_required
@require_POST
def methodology_make_current(request: HttpRequest, code: str) -> HttpResponse:
    """Use this methodology for scores from now on (ministry staff)."""
    access.require(access.can_edit_methodology(request.user))
    methodology = get_object_or_404(Methodology, code=code)
    run = make_methodology_current(methodology, user=signed_in_user(request))
    messages.success(request, _("This methodology is now used for scores."))
    if _not_queued(run):  # it is current; its rebuild can be asked for on the runs page
        messages.error(request, queueing.NOT_QUEUED)
    return redirect("scores:methodology", code=code)


def _compared_methodologies(
    request: HttpRequest, run: ScoreRun | None, methodologies: list[Methodology]
) -> tuple[Methodology | None, Methodology | None]:
    """The two methodologies compared: `?a=` (the run's own by default, else the current one)
    and `?b=` (the first other one by default)."""
    by_code = {m.code: m for m in methodologies}
    own = (run.methodology_snapshot or {}).get("code", "") if run else ""
    default_a = by_code.get(own) or next((m for m in methodologies if m.is_current), None)
    a = by_code.get(request.GET.get("a", "")) or default_a
    others = [m for m in methodologies if m != a]
    b = by_code.get(request.GET.get("b", "")) or (others[0] if others else None)
    return a, b


@login_required
def county_area_scores(request: HttpRequest, code: str) -> HttpResponseBase:
    """The county's areas by score in the published run (the county page's panel) as CSV, in
    the period asked for with ?period=, else the run's latest complete one."""
    access.require(access.can_browse_nation(request.user))
    access.require(access.can_export(request.user))
    county = get_object_or_404(County.objects.select_related("province"), code=code)
    run = ScoreRun.objects.latest_published()
    if run is None:
        raise Http404
    context = area_scores.county_areas_context(run, county, request.GET.get("period", ""))
    if not context["rows"]:
        raise Http404
    return csv_response(
        area_scores.area_scores_table(context), f"area-scores-{county.code}-{context['period']}"
    )


@login_required
def compare_methods(request: HttpRequest) -> HttpResponseBase:
    """The counties' ranks in one period of the published run under two methodologies (A: the
    run's own by default), who moves, the rank correlations; `?format=csv|xlsx` exports it."""
    access.require(access.can_browse_nation(request.user))
    run = ScoreRun.objects.latest_published()
    methodologies = list(Methodology.objects.all())
    a, b = _compared_methodologies(request, run, methodologies)
    statuses = run_periods(run)
    period = statuses.choose(request.GET.get("period", ""))
    comparison = None
    if run is not None and period and a is not None and b is not None:
        comparison = compare_methodologies(run, period, a, b)
    fmt = request.GET.get("format", "")
    if comparison is not None and fmt in ("csv", "xlsx"):
        access.require(access.can_export(request.user))
        table = comparison_table(comparison)
        filename = f"method-ranks-{period}-{comparison.a.code}-{comparison.b.code}"
        return csv_response(table, filename) if fmt == "csv" else xlsx_response(table, filename)
    context: dict[str, Any] = {
        "run": run,
        "statuses": statuses,
        "period": period,
        "methodologies": methodologies,
        "a": a,
        "b": b,
        "comparison": comparison,
        "methods": dict(method_choices()),
        "chart": score_charts.rank_slope(comparison) if comparison and comparison.moves else None,
    }
    return render(request, "scores/compare_methods.html", context)
