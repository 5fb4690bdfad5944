"""The weekly briefing e-mails' schedules: listed, created, edited and deactivated by whoever may
schedule the province's pack (governance.access.can_schedule_briefing: ministry staff for any
province, a provincial officer for their own). Reached from the exports page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties.models import Province
from governance import access
from governance.forms import apply_errors
from governance.http import signed_in_user
from governance.versioning import StaleEditError, stale_message
from reports.forms import BriefingScheduleForm
from reports.models import BriefingSchedule, PackLanguage
from reports.services import deactivate_schedule, save_schedule

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from governance.models import User


def schedulable_provinces(user: User | AnonymousUser) -> list[Province]:
    """The provinces whose briefing pack the user may schedule, by name."""
    provinces = Province.objects.defer("geometry").order_by_name()
    return [p for p in provinces if access.can_schedule_briefing(user, p)]


def _own_schedule(request: HttpRequest, pk: int) -> BriefingSchedule:
    schedule = get_object_or_404(
        BriefingSchedule.objects.select_related("province", "created_by"), pk=pk
    )
    access.require(access.can_schedule_briefing(request.user, schedule.province))
    return schedule


@login_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    """The schedules of the provinces the user may schedule."""
    access.require(access.schedules_briefings(request.user))
    provinces = schedulable_provinces(request.user)
    schedules = (
        BriefingSchedule.objects.filter(province__in=[p.pk for p in provinces])
        .select_related("province", "created_by", "last_job")
        .prefetch_related("recipients")
        .defer("province__geometry")
    )
    return render(
        request,
        "reports/schedule_list.html",
        {"schedules": schedules, "provinces": provinces},
    )


def _form_page(
    request: HttpRequest, schedule: BriefingSchedule, initial: dict[str, object] | None = None
) -> HttpResponse:
    form = BriefingScheduleForm(
        request.POST or None, instance=schedule, province=schedule.province, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ("weekday", "language", "active")}
        try:
            save_schedule(
                schedule,
                values,
                form.cleaned_data["recipients"],
                expected_version=form.cleaned_data.get("version"),
                user=signed_in_user(request),
            )
        except StaleEditError:
            form.add_error(None, stale_message(_("briefing schedule")))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The briefing schedule was saved."))
            return redirect("reports:schedules")
    return render(
        request,
        "reports/schedule_form.html",
        {"form": form, "schedule": schedule, "province": schedule.province},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def schedule_create(request: HttpRequest) -> HttpResponse:
    """A new schedule for `?province=<code>` (a provincial officer's own province needs none);
    ministry staff choose the province first. The creator is a recipient by default."""
    provinces = schedulable_provinces(request.user)
    access.require(bool(provinces))
    code = request.GET.get("province") or (provinces[0].code if len(provinces) == 1 else "")
    if not code:
        return render(request, "reports/schedule_province.html", {"provinces": provinces})
    province = get_object_or_404(Province.objects.defer("geometry"), code=code)
    access.require(access.can_schedule_briefing(request.user, province))
    user = signed_in_user(request)
    language = get_language()
    schedule = BriefingSchedule(
        province=province,
        created_by=user,
        language=language if language in PackLanguage.values else PackLanguage.PERSIAN,
    )
    return _form_page(request, schedule, initial={"recipients": [user.pk]})


@login_required
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a schedule's day, recipients, language, or make it active again."""
    return _form_page(request, _own_schedule(request, pk))


@login_required
@require_POST
def schedule_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop a schedule's e-mails (kept; its edit page makes it active again)."""
    schedule = _own_schedule(request, pk)
    deactivate_schedule(schedule, user=signed_in_user(request))
    messages.success(request, _("The briefing schedule was deactivated: it sends nothing now."))
    return redirect("reports:schedules")
