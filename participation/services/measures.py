"""The participation measures: computed per county and period, stored as observations."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from counties.models import Dimension, Indicator, Observation
from counties.services import WriteReport
from governance.periods import Period, parse_period
from participation import measures
from participation.catalogue import (
    MEASURE_SOURCE,
    PARTICIPATION_DIMENSION,
    PARTICIPATION_INDICATORS,
)
from participation.choices import CONVERTED_FROM, COVERAGE_DAYS, COVERAGE_TYPES, PIPELINE
from participation.services.common import _today


@transaction.atomic
def ensure_participation_indicators() -> dict[str, Indicator]:
    """Create the `participation` dimension and its derived indicators (left as edited)."""
    defaults = {k: v for k, v in PARTICIPATION_DIMENSION.items() if k != "code"}
    dimension, _created = Dimension.objects.get_or_create(code="participation", defaults=defaults)
    indicators = {}
    for code, (name_fa, name_en, unit, direction, low, high) in PARTICIPATION_INDICATORS.items():
        indicators[code], _created = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "dimension": dimension,
                "name_fa": name_fa,
                "name_en": name_en,
                "unit": unit,
                "direction": direction,
                "min_value": low,
                "max_value": high,
                "frequency": "quarterly",
                "source": MEASURE_SOURCE,
            },
        )
    return indicators


def period_window(period: Period) -> measures.Window:
    """The Gregorian days a period (of the profile's calendar) covers."""
    return measures.Window(period.start, period.end)


def compute_measures(
    activity: measures.CountyActivity, window: measures.Window
) -> dict[str, float | None]:
    """The participation measures of one county's activity over a window."""
    return measures.county_measures(
        activity,
        window,
        coverage_types=COVERAGE_TYPES,
        pipeline=PIPELINE,
        converted_from=CONVERTED_FROM,
        coverage_days=COVERAGE_DAYS,
    )


@transaction.atomic
def store_participation_measures(
    period_key: str, *, county_ids: Iterable[int] | None = None
) -> WriteReport:
    """Compute each county's participation measures for a period and store them as observations.

    Only counties with participation records get values; an undefined measure (nothing to
    measure) stores nothing. Values computed from demo content are flagged synthetic.
    """
    from participation.queries import counties_with_activity, load_activity

    period = parse_period(period_key)
    window = period_window(period)
    if window.start > _today():
        raise ValidationError(
            _("The period %(period)s has not started yet.") % {"period": period.key}
        )
    indicators = ensure_participation_indicators()
    ids = list(county_ids) if county_ids is not None else counties_with_activity()
    activity, demo_counties = load_activity(ids)
    existing = {
        (o.indicator_id, o.county_id): o
        for o in Observation.objects.filter(
            period=period.key,
            area__isnull=True,
            indicator__in=indicators.values(),
            county_id__in=ids,
        )
    }
    report = WriteReport()
    to_create, to_update = [], []
    for county_id in ids:
        values = compute_measures(activity[county_id], window)
        synthetic = county_id in demo_counties
        for code, value in values.items():
            if value is None:
                continue
            value = round(value, 2)
            current = existing.get((indicators[code].pk, county_id))
            if current is None:
                to_create.append(
                    Observation(
                        indicator=indicators[code],
                        county_id=county_id,
                        period=period.key,
                        period_kind=period.kind,
                        period_start=period.gregorian_start(),
                        value=value,
                        source=MEASURE_SOURCE,
                        is_synthetic=synthetic,
                    )
                )
            elif current.value != value or current.is_synthetic != synthetic:
                current.value, current.is_synthetic = value, synthetic
                current.updated_at = timezone.now()
                to_update.append(current)
            else:
                report.unchanged += 1
    # Observations keep their history (who, when, old value): bulk writes record it too.
    bulk_create_with_history(
        to_create, Observation, batch_size=500, default_change_reason="participation measures"
    )
    bulk_update_with_history(
        to_update,
        Observation,
        ["value", "is_synthetic", "updated_at"],
        batch_size=500,
        default_change_reason="participation measures",
    )
    report.created, report.updated = len(to_create), len(to_update)
    return report
