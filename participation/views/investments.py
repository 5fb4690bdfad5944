"""Part 4: investors and entrepreneurs. Pipeline, funnel, realized jobs, export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from counties.models import Observation
from governance.http import signed_in_user
from participation import charts, exports, queries, services
from participation.choices import PIPELINE, InvestmentStage
from participation.forms import AdvanceInvestmentForm, InvestmentForm
from participation.measures import funnel_counts
from participation.models import Investment
from participation.views.common import (
    county_context,
    county_csv,
    county_for,
    county_page,
    form_page,
    require_change_to_post,
    save_change,
    save_form,
)

JOBS_QUARTERS = 8
EMPLOYMENT_DIMENSION = "employment"


@login_required
def investment_list(request: HttpRequest, code: str) -> HttpResponse:
    """The pipeline by stage, its funnel, and realized jobs over time beside employment figures."""
    county = county_for(request, code)
    investments = list(Investment.objects.filter(county=county).select_related("challenge"))
    labels = dict(InvestmentStage.choices)
    counts = funnel_counts(queries.furthest_stages(county.pk), PIPELINE)
    funnel = None
    if investments:
        funnel = charts.pipeline_funnel(
            [str(labels[s]) for s in PIPELINE], counts, _("Investments reaching each stage")
        )
    quarters = queries.recent_quarters(JOBS_QUARTERS)
    points = queries.jobs_over_time(county.pk, quarters)
    expected = sum(i.expected_jobs for i in investments if i.stage != "dropped")
    jobs_figure = None
    if investments:
        jobs_figure = charts.jobs_over_time(
            [p for p, _ in points],
            [j for _, j in points],
            expected,
            {
                "realized": _("Realized jobs"),
                "expected": _("Expected jobs (pipeline, not dropped)"),
                "axis": _("jobs"),
            },
            rtl=get_language_bidi(),
        )
    employment = (
        Observation.objects.filter(county=county, indicator__dimension__code=EMPLOYMENT_DIMENSION)
        .select_related("indicator")
        .order_by("indicator__code")
        .latest_values()
    )
    by_stage = [
        (stage, labels[stage], [i for i in investments if i.stage == stage])
        for stage in (*PIPELINE, "dropped")
    ]
    return county_page(
        request,
        county,
        "investments",
        "participation/investment_list.html",
        {
            "by_stage": by_stage,
            "funnel": funnel,
            "jobs_figure": jobs_figure,
            "employment": list(employment),
            "totals": Investment.objects.filter(county=county)
            .exclude(stage="dropped")
            .aggregate(
                amount=Sum("amount"),
                expected=Sum("expected_jobs"),
                realized=Sum("realized_jobs"),
            ),
            "count": len(investments),
            "jobs_proposals": queries.investment_jobs_proposals(county.pk, request.user),
        },
    )


@login_required
def investment_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    county = county_for(request, code, change=True)
    investment = (
        get_object_or_404(Investment, pk=pk, county=county) if pk else Investment(county=county)
    )
    form = InvestmentForm(request.POST or None, instance=investment, county=county)

    def write() -> Investment:
        user = signed_in_user(request)
        if pk:
            version = form.cleaned_data["version"]
            return services.update_investment(
                investment, form.model_values(), expected_version=version, user=user
            )
        return services.register_investment(county, form.model_values(), user=user)

    saved = save_form(
        request, form, write, noun=_("investment"), done=_("The investment was saved.")
    )
    if saved is not None:
        return redirect("participation:investment", code=county.code, pk=saved.pk)
    return form_page(
        request,
        county_context(request, county, "investments"),
        form,
        title=_("Edit investment") if pk else _("Add an investor or entrepreneur"),
        cancel_url=reverse("participation:investments", args=[county.code]),
    )


@login_required
def investment_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """An investment, its history, and (for staff) the form to move it along."""
    county = county_for(request, code)
    investment = get_object_or_404(
        Investment.objects.select_related("stakeholder", "challenge"), pk=pk, county=county
    )
    form = AdvanceInvestmentForm(request.POST or None, investment=investment)
    require_change_to_post(request, county)
    if save_change(
        request,
        form,
        services.advance_investment,
        investment,
        noun=_("investment"),
        done=_("The investment was updated."),
    ):
        return redirect("participation:investment", code=county.code, pk=investment.pk)
    return county_page(
        request,
        county,
        "investments",
        "participation/investment_detail.html",
        {
            "investment": investment,
            "form": form,
            "events": investment.events.select_related("recorded_by"),
            "pipeline": [(s, dict(InvestmentStage.choices)[s]) for s in PIPELINE],
            "stage_index": PIPELINE.index(investment.stage) if investment.stage in PIPELINE else -1,
        },
    )


@login_required
def investment_export(request: HttpRequest, code: str) -> HttpResponseBase:
    """CSV of the pipeline; contact columns only for those who may see contacts."""
    return county_csv(request, code, "investments", exports.investments_table)
