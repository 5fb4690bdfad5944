"""Pages of the indicator catalogue and of observation histories."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from counties.forms import IndicatorForm
from counties.models import Dimension, Indicator, Observation
from counties.services import save_indicator
from governance import access
from governance.display import stored_number
from governance.http import signed_in_user
from governance.periods import PeriodError, parse_period

OBSERVATIONS_PER_PAGE = 50


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    """The catalogue grouped by dimension, with how many values each indicator has."""
    access.require(access.can_browse_nation(request.user))
    indicators = Indicator.objects.annotate(observation_count=Count("observations")).order_by(
        "code"
    )
    dimensions = Dimension.objects.prefetch_related(
        Prefetch("indicators", queryset=indicators, to_attr="catalogue")
    )
    return render(
        request,
        "counties/indicator_list.html",
        {"dimensions": dimensions, "can_change": access.can_change_catalogue(request.user)},
    )


@login_required
def indicator_detail(request: HttpRequest, indicator: str) -> HttpResponse:
    """One indicator and its values, filterable by county and period, newest first."""
    access.require(access.can_browse_nation(request.user))
    item = get_object_or_404(Indicator.objects.select_related("dimension"), code=indicator)
    observations = (
        Observation.objects.filter(indicator=item)
        .select_related("county", "area")
        .order_by("-period_start", "county__code", "area_id")
    )
    county = request.GET.get("county", "").strip()
    if county:
        observations = observations.filter(
            Q(county__code=county) | Q(county__name_fa=county) | Q(county__name_en__iexact=county)
        )
    period = request.GET.get("period", "").strip()
    if period:
        try:
            observations = observations.filter(period=parse_period(period).key)
        except PeriodError as exc:
            observations = observations.none()
            messages.warning(request, str(exc))
    page = Paginator(observations, OBSERVATIONS_PER_PAGE).get_page(request.GET.get("page"))
    viewable = set(
        access.viewable_counties(request.user)
        .filter(pk__in={o.county_id for o in page})
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "counties/indicator_detail.html",
        {
            "indicator": item,
            "page": page,
            "county": county,
            "period": period,
            "history_counties": viewable,
            "can_change": access.can_change_catalogue(request.user),
        },
    )


@login_required
def indicator_edit(request: HttpRequest, indicator: str | None = None) -> HttpResponse:
    """Create or edit a catalogue indicator (ministry staff)."""
    access.require(access.can_change_catalogue(request.user))
    item = get_object_or_404(Indicator, code=indicator) if indicator else Indicator()
    form = IndicatorForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        values = {
            name: form.cleaned_data[name]
            for name in IndicatorForm.Meta.fields
            if name != "code" or item.pk is None
        }
        new_dimension = form.new_dimension()
        if new_dimension:
            values.pop("dimension")
        saved = save_indicator(
            item, values, new_dimension=new_dimension, user=signed_in_user(request)
        )
        messages.success(request, _("The indicator was saved."))
        return redirect("counties:indicator", indicator=saved.code)
    return render(request, "counties/indicator_form.html", {"form": form, "indicator": item})


@login_required
def observation_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every recorded version of one value: who changed it, when, and the value before."""
    observation = get_object_or_404(
        Observation.objects.select_related("indicator", "county", "area"), pk=pk
    )
    access.require(access.can_view_observation_history(request.user, observation.county))
    records = list(
        observation.history.select_related("history_user").order_by("history_date", "history_id")
    )
    rows = []
    previous = None
    for record in records:  # values as stored, with their precision, in the user's digits
        rows.append(
            {
                "record": record,
                "old": previous,
                "old_value": "" if previous is None else stored_number(previous.value),
                "new_value": stored_number(record.value),
            }
        )
        previous = record
    rows.reverse()
    return render(
        request,
        "counties/observation_history.html",
        {"observation": observation, "rows": rows},
    )
