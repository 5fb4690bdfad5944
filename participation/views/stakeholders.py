"""Part 1: the middle rings. Stakeholders, their engagement log, coverage, export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.collation import persian
from governance.http import signed_in_user
from participation import exports, queries, services
from participation.choices import StakeholderType
from participation.forms import EngagementForm, StakeholderForm
from participation.models import Engagement, Stakeholder
from participation.views.common import (
    county_context,
    county_csv,
    county_for,
    county_page,
    form_page,
    require_change_to_post,
    save_form,
    save_with_links,
)


@login_required
def stakeholder_list(request: HttpRequest, code: str) -> HttpResponse:
    """The county's stakeholders by type, with coverage of the last 90 days."""
    county = county_for(request, code)
    stakeholders = (
        Stakeholder.objects.filter(county=county)
        .annotate(engagement_count=Count("engagements"), last_engaged=Max("engagements__date"))
        .prefetch_related("interests")
        .order_by("type", persian("name"), "pk")
    )
    kind = request.GET.get("type", "")
    if kind in StakeholderType.values:
        stakeholders = stakeholders.filter(type=kind)
    query = request.GET.get("q", "").strip()
    if query:
        stakeholders = stakeholders.filter(
            Q(name__icontains=query) | Q(description__icontains=query)
        )
    return county_page(
        request,
        county,
        "stakeholders",
        "participation/stakeholder_list.html",
        {
            "stakeholders": stakeholders,
            "coverage": queries.coverage_by_type(county.pk),
            "types": StakeholderType.choices,
            "type": kind,
            "query": query,
            "recent": Engagement.objects.filter(county=county).select_related(
                "stakeholder", "challenge"
            )[:10],
        },
    )


@login_required
def stakeholder_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    """Add or change a stakeholder (county staff, its province, ministry)."""
    county = county_for(request, code, change=True)
    stakeholder = (
        get_object_or_404(Stakeholder, pk=pk, county=county) if pk else Stakeholder(county=county)
    )
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    saved = save_with_links(
        request,
        form,
        services.save_stakeholder,
        stakeholder,
        "interests",
        noun=_("stakeholder"),
        done=_("The stakeholder was saved."),
    )
    if saved is not None:
        return redirect("participation:stakeholder", code=county.code, pk=saved.pk)
    return form_page(
        request,
        county_context(request, county, "stakeholders"),
        form,
        title=_("Edit stakeholder") if pk else _("Add stakeholder"),
        cancel_url=reverse("participation:stakeholder", args=[county.code, pk])
        if pk
        else reverse("participation:stakeholders", args=[county.code]),
    )


@login_required
def stakeholder_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A stakeholder, its engagement log, and (for staff) a form to log a new engagement."""
    county = county_for(request, code)
    stakeholder = get_object_or_404(
        Stakeholder.objects.prefetch_related(
            "interests",
            Prefetch(
                "engagements",
                queryset=Engagement.objects.select_related("challenge", "project", "recorded_by"),
            ),
        ),
        pk=pk,
        county=county,
    )
    form = EngagementForm(request.POST or None, county=county)
    require_change_to_post(request, county)
    logged = save_form(
        request,
        form,
        lambda: services.record_engagement(
            stakeholder, user=signed_in_user(request), **form.cleaned_data
        ),
        done=_("The engagement was logged."),
    )
    if logged is not None:
        return redirect("participation:stakeholder", code=county.code, pk=stakeholder.pk)
    return county_page(
        request,
        county,
        "stakeholders",
        "participation/stakeholder_detail.html",
        {
            "stakeholder": stakeholder,
            "form": form,
            "critiques": stakeholder.critiques.all()[:20],
        },
    )


@login_required
def stakeholder_export(request: HttpRequest, code: str) -> HttpResponseBase:
    """CSV of the county's stakeholders; contact columns only for those who may see contacts."""
    return county_csv(request, code, "stakeholders", exports.stakeholders_table)
