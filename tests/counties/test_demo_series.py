"""Demo series: synthetic values around the census for 1390-1403, flagged, idempotent, scored."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command

from counties.catalogue import INDICATORS
from counties.models import Observation
from demo.census import CENSUS_COLUMNS
from demo.geography import real_data_available
from demo.synthetic import AREA_INDICATORS, SYNTHETIC_SOURCE
from scores.choices import ScoreRunStatus
from scores.models import Methodology, Score, ScoreRun
from tests.demo_snapshots import seed_demo_once

pytestmark = pytest.mark.django_db

YEARS = [str(y) for y in range(1390, 1404)]


def test_synthetic_country_gets_every_indicator_for_every_year_and_published_scores():
    seed_demo_once(synthetic=True)
    catalogue = [spec.code for spec in INDICATORS]
    county_rows = Observation.objects.filter(
        area__isnull=True, indicator__code__in=catalogue, period__in=YEARS
    )
    assert set(county_rows.values_list("period", flat=True)) == set(YEARS)
    assert set(county_rows.values_list("indicator__code", flat=True)) == {
        spec.code for spec in INDICATORS
    }
    assert county_rows.count() == 12 * len(INDICATORS) * len(YEARS)
    area_rows = Observation.objects.filter(area__isnull=False)
    assert set(area_rows.values_list("indicator__code", flat=True)) == set(AREA_INDICATORS)
    assert not Observation.objects.filter(is_synthetic=False).exists()
    generated = county_rows.exclude(period="1395")
    assert set(generated.values_list("source", flat=True)) == {SYNTHETIC_SOURCE}
    run = ScoreRun.objects.get()
    assert run.status == ScoreRunStatus.PUBLISHED
    assert set(YEARS) <= set(run.periods)
    yearly = Score.objects.filter(run=run, period__in=YEARS)
    assert yearly.count() == 12 * len(YEARS)
    assert not Score.objects.filter(run=run, is_synthetic=False).exists()
    assert yearly.filter(balance__isnull=False).count() == 12 * len(YEARS)
    assert Methodology.objects.get(is_current=True).code == "tavazon-default"


def test_seeding_again_writes_nothing_and_does_not_rebuild(tmp_path):
    seed_demo_once(synthetic=True)
    before = list(Observation.objects.order_by("pk").values_list("pk", "value", "updated_at"))
    history = Observation.history.count()
    call_command("seed_demo", data_dir=tmp_path, force=True)
    assert list(Observation.objects.order_by("pk").values_list("pk", "value", "updated_at")) == (
        before
    )
    assert Observation.history.count() == history
    assert ScoreRun.objects.count() == 1


def test_generated_values_respect_every_indicators_valid_range():
    seed_demo_once(synthetic=True)
    for spec in INDICATORS:
        values = Observation.objects.filter(indicator__code=spec.code).values_list(
            "value", flat=True
        )
        assert values, spec.code
        assert min(values) >= (spec.min_value or 0), spec.code
        if spec.max_value is not None:
            assert max(values) <= spec.max_value, spec.code


def test_seed_never_overwrites_a_real_value(tmp_path):
    seed_demo_once(synthetic=True)
    real = Observation.objects.filter(indicator__code="new_jobs", period="1400").first()
    real.value, real.is_synthetic, real.source = 7.5, False, "Ministry survey"
    real.save()
    call_command("seed_demo", data_dir=tmp_path, force=True)
    real.refresh_from_db()
    assert (real.value, real.is_synthetic, real.source) == (7.5, False, "Ministry survey")


@pytest.mark.skipif(
    not real_data_available(settings.DEMO_DATA_DIR),
    reason="../shared/data/iran is not beside the checkout",
)
def test_real_census_1395_stays_real_and_every_other_value_is_synthetic():
    seed_demo_once(synthetic=False)
    census = Observation.objects.filter(
        period="1395", indicator__code__in=CENSUS_COLUMNS, area__isnull=True
    )
    assert census.count() == 429 * len(CENSUS_COLUMNS)
    assert not census.filter(is_synthetic=True).exists()
    others = Observation.objects.exclude(pk__in=census.values("pk"))
    assert not others.filter(is_synthetic=False).exists()
    generated = others.filter(period__in=YEARS, indicator__code__in=[s.code for s in INDICATORS])
    assert set(generated.values_list("source", flat=True)) == {SYNTHETIC_SOURCE}
    for code in ("informal_settlement_share", "waste_collection_coverage"):
        assert not Observation.objects.filter(indicator__code=code, is_synthetic=False).exists()
    arak = Score.objects.get(
        run=ScoreRun.objects.latest_published(), county__name_en="Arak", period="1403"
    )
    assert arak.balance is not None and arak.area_count == 3
    assert 0 <= arak.composite <= 100 and 1 <= arak.tier <= 5
