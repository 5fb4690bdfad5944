"""A country of any size for the tests that keep pages bounded (issue 14): `n` counties in 31
provinces, written with bulk_create (no geometry), and a published score run with a score for
every county in one period. `scaled_country(n)` is a plain function; `scale` in tests that ask
for it via `@pytest.mark.parametrize("size", ...)` builds one per size."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from counties.models import County, Province
from scores.choices import ScoreRunStatus
from scores.models import Score, ScorePeriod, ScoreRun

PROVINCES = 31
PERIOD = "1402"
DIMENSIONS = ("economy", "services")
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass
class ScaledCountry:
    provinces: list[Province]
    counties: list[County]
    run: ScoreRun


def _fa(text: str) -> str:
    return text.translate(_PERSIAN_DIGITS)


def scaled_country(n: int, prefix: str = "S") -> ScaledCountry:
    """`n` counties (codes S00000…, «شهرستان مقیاس ۱۲») spread over 31 provinces, and a
    published run scoring each of them in PERIOD (rank 1 = county 0)."""
    provinces = Province.objects.bulk_create(
        Province(code=f"{prefix}P{p:02d}", name_fa=_fa(f"استان مقیاس {p}"), name_en=f"Scale {p}")
        for p in range(PROVINCES)
    )
    counties = County.objects.bulk_create(
        County(
            province=provinces[i % PROVINCES],
            code=f"{prefix}{i:05d}",
            name_fa=_fa(f"شهرستان مقیاس {i}"),
            name_en=f"Scale county {i}",
            area_km2=Decimal(1000 + i),
        )
        for i in range(n)
    )
    if not all(c.pk for c in counties):  # SQLite before 3.35 returns no ids
        counties = list(County.objects.filter(code__startswith=prefix).order_by("code"))
    now = timezone.now()
    run = ScoreRun.objects.create(
        status=ScoreRunStatus.PUBLISHED,
        methodology_snapshot={
            "code": "scale",
            "name_en": "Scale",
            "name_fa": "مقیاس",
            "version": 1,
            "spec": {"dimensions": [{"code": code} for code in DIMENSIONS]},
        },
        started_at=now,
        finished_at=now,
        published_at=now,
        periods=[PERIOD],
        score_count=n,
    )
    ScorePeriod.objects.create(
        run=run,
        period=PERIOD,
        county_count=n,
        with_data_count=n,
        ranked_count=n,
        mean_coverage=Decimal("1"),
        min_coverage=Decimal("0.5"),
        min_ranked_share=Decimal("0.5"),
        is_complete=True,
    )
    in_province: dict[int, int] = {}
    scores = []
    for rank, county in enumerate(counties, start=1):
        in_province[county.province_id] = in_province.get(county.province_id, 0) + 1
        value = Decimal(100) - Decimal(rank * 90) / Decimal(max(n, 1))
        scores.append(
            Score(
                run=run,
                county=county,
                period=PERIOD,
                composite=value.quantize(Decimal("0.01")),
                dimensions={code: float(value) for code in DIMENSIONS},
                coverage=Decimal("1"),
                national_rank=rank,
                provincial_rank=in_province[county.province_id],
                tier=5 - min(4, (rank - 1) * 5 // max(n, 1)),
                balance=Decimal("0.01"),
            )
        )
    Score.objects.bulk_create(scores, batch_size=2000)
    return ScaledCountry(provinces=provinces, counties=counties, run=run)
