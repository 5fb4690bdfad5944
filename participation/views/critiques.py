"""Part 3: the critiques register, responses, measures over time, export."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties.models import County
from governance import access
from governance.http import signed_in_user
from governance.periods import parse_period
from participation import charts, exports, queries, services
from participation.choices import CritiqueStatus
from participation.forms import CritiqueForm, CritiqueResponseForm, FeedbackDismissalForm
from participation.measures import CritiqueRecord, Window, critique_response
from participation.models import Critique
from participation.views.common import (
    county_context,
    county_csv,
    county_for,
    county_page,
    form_page,
    press_button,
    require_change_to_post,
    save_change,
    save_form,
)
from projects.models import FlagshipProject, ProjectFeedback

TREND_QUARTERS = 6
FEEDBACK_PAGE_SIZE = 50


def _project_filter(request: HttpRequest, county_id: int) -> tuple[int | None, Any]:
    """The `?project=` of a list: its id, and the project when it is one of this county's."""
    raw = request.GET.get("project", "")
    if not raw.isdigit():
        return None, None
    project = (
        FlagshipProject.objects.filter(county_id=county_id, pk=int(raw))
        .only("pk", "title_fa", "title_en", "county_id")
        .first()
    )
    return int(raw), project


def pending_feedback(county_id: int) -> Any:
    """Citizens' feedback on the county's projects that is not yet in the critiques register
    (nor dismissed as spam)."""
    return queries.waiting_feedback(project__county_id=county_id)


@login_required
def critique_list(request: HttpRequest, code: str) -> HttpResponse:
    """The register, filterable by status, with the response rate and median days over time."""
    county = county_for(request, code)
    critiques = Critique.objects.filter(county=county).select_related(
        "stakeholder", "challenge", "project"
    )
    status = request.GET.get("status", "")
    if status in CritiqueStatus.values:
        critiques = critiques.filter(status=status)
    project_id, project = _project_filter(request, county.pk)
    if project_id is not None:
        critiques = critiques.filter(project_id=project_id)
    can_view_feedback = access.can_view_citizen_feedback(request.user, county)
    records = [
        CritiqueRecord(r, a)
        for r, a in Critique.objects.filter(county=county).values_list(
            "received_on", "responded_on"
        )
    ]
    quarters = queries.recent_quarters(TREND_QUARTERS)
    trend = [critique_response(records, services.period_window(parse_period(q))) for q in quarters]
    figure = None
    if records:
        figure = charts.critique_response_over_time(
            quarters,
            [rate for rate, _days in trend],
            [days for _rate, days in trend],
            {
                "rate": _("Response rate (%)"),
                "days": _("Median days to respond"),
                "days_axis": _("days"),
            },
            rtl=get_language_bidi(),
        )
    overall_rate, overall_days = critique_response(
        records, Window(datetime.date.min, timezone.localdate())
    )
    return county_page(
        request,
        county,
        "critiques",
        "participation/critique_list.html",
        {
            "critiques": critiques,
            "statuses": CritiqueStatus.choices,
            "status": status,
            "figure": figure,
            "trend": list(zip(quarters, trend, strict=True)),
            "overall_rate": overall_rate,
            "overall_days": overall_days,
            "project_id": project_id,
            "project": project,
            "can_view_feedback": can_view_feedback,
            "pending_feedback": pending_feedback(county.pk).count() if can_view_feedback else 0,
        },
    )


@login_required
def critique_create(request: HttpRequest, code: str) -> HttpResponse:
    county = county_for(request, code, change=True)
    form = CritiqueForm(request.POST or None, county=county)
    critique = save_form(
        request,
        form,
        lambda: services.register_critique(county, form.cleaned_data, user=signed_in_user(request)),
        done=_("The critique was registered."),
    )
    if critique is not None:
        return redirect("participation:critique", code=county.code, pk=critique.pk)
    return form_page(
        request,
        county_context(request, county, "critiques"),
        form,
        title=_("Register a critique"),
        cancel_url=reverse("participation:critiques", args=[county.code]),
    )


@login_required
def critique_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A critique and its response; staff answer it here."""
    county = county_for(request, code)
    critique = get_object_or_404(
        Critique.objects.select_related(
            "stakeholder", "challenge", "project", "feedback", "recorded_by", "responded_by"
        ),
        pk=pk,
        county=county,
    )
    context = county_context(request, county, "critiques")
    context["show_body"] = bool(critique.body) and (
        context["can_view_contacts"] or not critique.body_is_private
    )
    initial: dict[str, Any] = {"version": critique.version}
    if critique.responded_on:
        initial |= {
            "response": critique.response,
            "status": critique.status,
            "responded_on": critique.responded_on,
            "responder_name": critique.responder_name,
            "decline_reason": critique.decline_reason,
            "is_publishable": critique.is_publishable,
            "public_summary": critique.public_summary,
        }
    form = CritiqueResponseForm(request.POST or None, initial=initial)
    require_change_to_post(request, county)
    if save_change(
        request,
        form,
        services.answer_critique,
        critique,
        noun=_("critique"),
        done=_("The response was recorded."),
    ):
        return redirect("participation:critique", code=county.code, pk=critique.pk)
    context.update({"critique": critique, "form": form})
    return render(request, "participation/critique_detail.html", context)


@login_required
def critique_export(request: HttpRequest, code: str) -> HttpResponseBase:
    """CSV of the register; a citizen's name and contact only for those who may see contacts."""
    return county_csv(
        request,
        code,
        "critiques",
        lambda county, with_contacts: exports.critiques_table(
            Critique.objects.filter(county=county), {county.pk} if with_contacts else set()
        ),
    )


@login_required
def feedback_list(request: HttpRequest, code: str) -> HttpResponse:
    """Citizens' feedback on the county's projects not yet in the register, for the county's
    staff, its province and the ministry (never analysts); staff register it as a critique or
    dismiss it as spam. `?show=dismissed` lists the dismissed feedback, to restore."""
    county = county_for(request, code)
    access.require(access.can_view_citizen_feedback(request.user, county))
    dismissed_view = request.GET.get("show") == "dismissed"
    dismissed = ProjectFeedback.objects.dismissed().filter(project__county=county)
    project_id, project = _project_filter(request, county.pk)
    if project_id is not None:
        dismissed = dismissed.filter(project_id=project_id)
    if dismissed_view:
        feedback = dismissed.select_related("project", "dismissed_by").order_by(
            "-dismissed_at", "-pk"
        )
    else:
        feedback = pending_feedback(county.pk).select_related("project")
        if project_id is not None:
            feedback = feedback.filter(project_id=project_id)
        feedback = feedback.order_by("-created_at", "-pk")
    page = Paginator(feedback, FEEDBACK_PAGE_SIZE).get_page(request.GET.get("page"))
    return county_page(
        request,
        county,
        "critiques",
        "participation/feedback_list.html",
        {
            "page": page,
            "feedback": page.object_list,
            "project_id": project_id,
            "project": project,
            "dismissed_view": dismissed_view,
            "dismissed_count": dismissed.count(),
            "registered": Critique.objects.filter(county=county, feedback__isnull=False).count(),
        },
    )


def _county_feedback(county: County, pk: int) -> ProjectFeedback:
    """Feedback on one of the county's projects (any other is unknown here: 404)."""
    return get_object_or_404(
        ProjectFeedback.objects.select_related("project"), pk=pk, project__county=county
    )


@login_required
@require_POST
def feedback_register(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Copy one feedback into the critiques register (once; again shows the same critique)."""
    county = county_for(request, code, change=True)
    feedback = _county_feedback(county, pk)
    try:
        critique, created = services.register_critique_from_feedback(
            feedback, signed_in_user(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("participation:feedback", args=[county.code]) + "?show=dismissed")
    if created:
        messages.success(request, _("The feedback was registered as a critique."))
    else:
        messages.info(request, _("This feedback was already in the register."))
    return redirect("participation:critique", code=county.code, pk=critique.pk)


@login_required
@require_POST
def feedback_dismissal(request: HttpRequest, code: str, pk: int, restore: bool) -> HttpResponse:
    """Dismiss one feedback as spam, with an optional reason, or restore it (`restore`), at the
    version the list showed; nothing is deleted and each step is in the feedback's history."""
    county = county_for(request, code, change=True)
    feedback = _county_feedback(county, pk)
    form = FeedbackDismissalForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    elif restore:
        press_button(
            request,
            lambda: services.restore_feedback(
                feedback,
                expected_version=form.cleaned_data["version"],
                user=signed_in_user(request),
            ),
            noun=_("feedback"),
            done=_("The feedback was restored: it waits to be registered again."),
        )
    else:
        press_button(
            request,
            lambda: services.dismiss_feedback(
                feedback,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                user=signed_in_user(request),
            ),
            noun=_("feedback"),
            done=_("The feedback was dismissed as spam. It is kept and can be restored."),
        )
    # Back to the list the button was on.
    url = reverse("participation:feedback", args=[county.code])
    return redirect(url + ("?show=dismissed" if restore else ""))
