"""The benchmark's dataset sizes: what each preset generates and where it is stored."""

from __future__ import annotations

import pytest

from bench import sizes


def test_the_large_preset_is_the_issues_size():
    large = sizes.PRESETS["large"]
    assert (large.counties, large.areas, large.indicators, large.years) == (5000, 20_000, 40, 20)
    assert large.county_values == 40 * 5000 * 20
    assert large.area_values == 8 * 20_000 * 20
    assert large.observations == 4_000_000 + 3_200_000 + 1_200_000 + 100_000


def test_the_national_preset_keeps_the_documented_dataset():
    national = sizes.NATIONAL
    assert (national.provinces, national.counties, national.areas) == (31, 450, 2000)
    assert national.indicators == 30
    assert national.year_list == list(range(1389, 1404))
    assert national.observations == 530_250


def test_import_years_come_before_the_generated_years():
    for size in sizes.PRESETS.values():
        assert max(size.import_years) < min(size.year_list)
        assert len(size.import_years) == 10


def test_sizes_are_read_comma_separated_or_repeated_in_order_without_repeats():
    assert [s.name for s in sizes.parse(None)] == ["national"]
    assert [s.name for s in sizes.parse(["national,large"])] == ["national", "large"]
    assert [s.name for s in sizes.parse(["large", "national", "large"])] == ["large", "national"]


def test_an_unknown_size_is_refused():
    with pytest.raises(ValueError, match="unknown size 'huge'"):
        sizes.parse(["national,huge"])


def test_each_size_has_its_own_database():
    base = {"BENCH_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tavazon_bench"}
    assert sizes.database_url(sizes.NATIONAL, base) == base["BENCH_DATABASE_URL"]
    large = sizes.PRESETS["large"]
    assert (
        sizes.database_url(large, base) == "postgres://postgres@127.0.0.1:5432/tavazon_bench_large"
    )
    own = {**base, "BENCH_DATABASE_URL_LARGE": "postgres://postgres@127.0.0.1:5432/big"}
    assert sizes.database_url(large, own) == "postgres://postgres@127.0.0.1:5432/big"
    assert sizes.database_url(large, {}).endswith("var/bench_large.sqlite3")
