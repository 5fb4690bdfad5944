"""Jobs that investors created count: realized jobs become proposed `new_jobs` values.

The investor pipeline records realized jobs as a running total per investment (each
InvestmentEvent holds the total as of its date). The employment indicator `new_jobs` is a flow,
"jobs per 1,000 people" created in a year, so for one county and year of the profile's calendar:

- an investment's new jobs in year Y = max(0, its total at its last report dated in Y − the
  highest total it reported before Y): a correction dated in the same year replaces the
  year's figure, a fall is no new job, and jobs lost and found again are not counted twice;
- the county's jobs = the sum over its investments (demo investments aside);
- the value = jobs × 1,000 / the county's population (the profile's baseline population
  indicator, `counties.baseline`: its value for the year, else the latest one before it, else
  the baseline period's).

It is proposed through the data approval workflow (`submissions.services.propose_value`,
origin "investments", the investments named as its source): a reviewer approves it like any
county-entered value, and only then does it become the observation the scores read.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from counties.baseline import current_baseline
from counties.models import County, Indicator, Observation
from governance.periods import Period, parse_period
from participation.models import Investment, InvestmentEvent
from submissions.choices import SubmissionOrigin
from submissions.models import Submission
from submissions.services import propose_value

if TYPE_CHECKING:
    from governance.models import User

JOBS_INDICATOR = "new_jobs"
PER_PEOPLE = 1000  # the indicator's unit: jobs per 1,000 people
DECIMALS = 4


def jobs_created_in_year(reports: Iterable[tuple[datetime.date, int]], year: int) -> int:
    """An investment's new jobs in `year` from its (date, running total) reports in order:
    the year's last total above the highest total reported before the year (never negative).
    `year` is compared with each date's year in the profile's calendar."""
    before = 0
    last_in_year: int | None = None
    for day, total in reports:
        report_year = Period.of_day(day).year
        if report_year < year:
            before = max(before, total)
        elif report_year == year:
            last_in_year = total
    if last_in_year is None:
        return 0
    return max(0, last_in_year - before)


@dataclass(frozen=True)
class JobsFigure:
    """A county's investor jobs for a year: the jobs by investment, the population and value."""

    jobs: dict[str, int]  # investment name -> new jobs in the year (contributing ones only)
    population: float | None
    population_period: str
    value: float | None  # jobs per 1,000 people; None without a population

    @property
    def total(self) -> int:
        return sum(self.jobs.values())


def _population(county: County, period: Period) -> tuple[float | None, str]:
    """The county's population for `period`, and the period it was read for (see the module)."""
    baseline = current_baseline()
    rows = Observation.objects.filter(
        indicator__code=baseline.indicator_code, county=county, area__isnull=True
    )
    found = (
        rows.filter(period_start__lte=period.start).order_by("-period_start").first()
        or rows.filter(period=baseline.period).first()
    )
    return (found.value, found.period) if found is not None else (None, "")


def jobs_figure(county: County, period: str) -> JobsFigure:
    """The county's new jobs from its investor pipeline in the year `period`, as the value of
    `new_jobs` (see the module for the rule and formula)."""
    year = parse_period(period)
    events = (
        InvestmentEvent.objects.filter(investment__county=county, investment__is_demo=False)
        .order_by("investment__name", "date", "pk")
        .values_list("investment__name", "date", "realized_jobs")
    )
    reports: dict[str, list[tuple[datetime.date, int]]] = {}
    for name, day, total in events:
        reports.setdefault(name, []).append((day, total))
    jobs = {name: jobs_created_in_year(rows, year.year) for name, rows in reports.items()}
    jobs = {name: n for name, n in jobs.items() if n > 0}
    population, population_period = _population(county, year)
    value = None
    if population:
        value = round(sum(jobs.values()) * PER_PEOPLE / population, DECIMALS)
    return JobsFigure(jobs, population, population_period, value)


def _source_and_note(figure: JobsFigure) -> tuple[str, str]:
    """The proposal's source (the investments) and note (the working), in the site's language
    as the catalogue's sources are."""
    with translation.override(settings.LANGUAGE_CODE):
        names = "، ".join(figure.jobs) if settings.LANGUAGE_CODE == "fa" else ", ".join(figure.jobs)
        source = _("Investor pipeline: %(investments)s") % {"investments": names or "—"}
        parts = [
            _("%(investment)s: %(jobs)s jobs") % {"investment": name, "jobs": jobs}
            for name, jobs in figure.jobs.items()
        ]
        working = _("%(jobs)s jobs × 1,000 / population %(population)s (%(period)s)") % {
            "jobs": figure.total,
            "population": f"{figure.population:.0f}",
            "period": figure.population_period,
        }
    return source, "; ".join([*parts, working])


@transaction.atomic
def propose_investment_jobs(
    county: County, period: str, *, user: User | None = None
) -> Submission | None:
    """Propose the county's investor jobs of the year `period` as its `new_jobs` value for
    review, or update the open proposal (a correction replaces the figure). None when there is
    nothing to propose: no `new_jobs` indicator, no population to divide by, or a value equal
    to the stored one. Refused (ValidationError on `realized_jobs`) when the value breaks the
    indicator's range."""
    indicator = Indicator.objects.filter(code=JOBS_INDICATOR).first()
    key = Period(parse_period(period).year).key  # jobs are counted by year
    figure = jobs_figure(county, key)
    if indicator is None or figure.value is None:
        return None
    source, note = _source_and_note(figure)
    try:
        return propose_value(
            county,
            indicator,
            key,
            figure.value,
            origin=SubmissionOrigin.INVESTMENTS,
            source=source,
            note=note,
            user=user,
        )
    except ValidationError as exc:
        raise ValidationError({"realized_jobs": exc.messages}) from exc


def propose_jobs_after_report(
    investment: Investment, day: datetime.date, *, user: User | None = None
) -> list[Submission]:
    """After realized jobs of `investment` were reported on `day`: propose again the county's
    jobs of that year and of each later year it reported in (their figures rest on it)."""
    if investment.is_demo:
        return []
    first = Period.of_day(day).year
    years = {first} | {
        Period.of_day(d).year
        for d in InvestmentEvent.objects.filter(investment=investment, date__gt=day).values_list(
            "date", flat=True
        )
    }
    proposed = [
        propose_investment_jobs(investment.county, Period(year).key, user=user)
        for year in sorted(years)
    ]
    return [p for p in proposed if p is not None]


def backfill_investment_jobs(county_ids: Iterable[int] | None = None) -> list[Submission]:
    """Propose every year's investor jobs of the counties (default: every county with a
    realized-jobs report), as the command and task do; idempotent (an unchanged figure
    proposes nothing new)."""
    events = InvestmentEvent.objects.filter(investment__is_demo=False, realized_jobs__gt=0)
    if county_ids is not None:
        events = events.filter(investment__county_id__in=list(county_ids))
    years: dict[int, set[int]] = {}
    for county_id, day in events.values_list("investment__county_id", "date"):
        years.setdefault(county_id, set()).add(Period.of_day(day).year)
    counties = County.objects.defer("geometry").in_bulk(list(years))
    proposed = []
    for county_id, county_years in sorted(years.items()):
        for year in sorted(county_years):
            found = propose_investment_jobs(counties[county_id], Period(year).key)
            if found is not None:
                proposed.append(found)
    return proposed
