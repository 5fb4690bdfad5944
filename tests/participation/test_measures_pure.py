"""participation.measures: pure functions on dates, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from participation import measures as m

D = dt.date
PIPELINE = ("lead", "meeting", "agreement", "permits", "investing", "operating")


def test_coverage_counts_the_types_engaged_in_the_last_90_days_including_both_ends():
    as_of = D(2024, 6, 30)
    engagements = [
        (as_of, "media"),
        (as_of - dt.timedelta(days=89), "party"),  # day 90 of the window
        (as_of - dt.timedelta(days=90), "critic"),  # one day too old
        (as_of + dt.timedelta(days=1), "investor"),  # after the date
    ]
    assert m.engaged_types(engagements, as_of, 90) == {"media", "party"}
    assert m.ring_coverage(engagements, as_of, ["media", "party", "critic", "investor"]) == 50.0


def test_coverage_is_undefined_without_types():
    assert m.ring_coverage([], D(2024, 1, 1), []) is None


def test_series_slots_follow_months_and_clamp_short_months():
    slots = m.series_slots(D(2024, 1, 31), 1, D(2024, 3, 31))
    assert slots[0] == (D(2024, 1, 31), D(2024, 2, 28))
    assert slots[1][0] == D(2024, 2, 29)
    with pytest.raises(ValueError):
        m.series_slots(D(2024, 1, 1), 0, D(2024, 2, 1))


def test_a_period_without_a_held_meeting_shows_as_missed_and_the_current_one_as_pending():
    series = m.SeriesRecord(D(2024, 1, 1), 3, held_on=(D(2024, 2, 10), D(2024, 8, 1)))
    states = [state for *_, state in m.slot_states(series, today=D(2024, 11, 1))]
    assert states == ["held", "missed", "held", "pending"]


def test_meeting_regularity_counts_slots_ending_inside_the_window():
    series = m.SeriesRecord(D(2024, 1, 1), 3, held_on=(D(2024, 2, 10),))
    held, scheduled = m.meeting_regularity([series], m.Window(D(2024, 1, 1), D(2024, 6, 30)))
    assert (held, scheduled) == (1, 2)
    assert m.percentage(held, scheduled) == 50.0
    assert m.percentage(0, 0) is None


def test_commitment_completion_counts_done_by_the_end_and_ignores_dropped():
    window = m.Window(D(2024, 1, 1), D(2024, 3, 31))
    records = [
        m.CommitmentRecord(D(2024, 2, 1), "done", D(2024, 1, 20)),
        m.CommitmentRecord(D(2024, 2, 1), "done", D(2024, 5, 1)),  # done too late for this window
        m.CommitmentRecord(D(2024, 3, 1), "open"),
        m.CommitmentRecord(D(2024, 3, 1), "dropped"),
        m.CommitmentRecord(D(2024, 6, 1), "open"),  # not due in the window
    ]
    assert m.commitment_completion(records, window) == pytest.approx(100 / 3)


def test_critique_response_rate_and_median_days():
    window = m.Window(D(2024, 1, 1), D(2024, 3, 31))
    records = [
        m.CritiqueRecord(D(2024, 1, 1), D(2024, 1, 3)),  # 2 days
        m.CritiqueRecord(D(2024, 1, 10), D(2024, 1, 20)),  # 10 days
        m.CritiqueRecord(D(2024, 2, 1), D(2024, 2, 5)),  # 4 days
        m.CritiqueRecord(D(2024, 3, 1), None),
        m.CritiqueRecord(D(2024, 3, 20), D(2024, 4, 10)),  # answered after the window
        m.CritiqueRecord(D(2023, 12, 1), D(2024, 1, 2)),  # received before the window
    ]
    rate, median = m.critique_response(records, window)
    assert rate == 60.0
    assert median == 4.0
    assert m.critique_response([], window) == (None, None)


def test_investment_stage_conversion_and_jobs_are_read_from_the_history():
    a = m.InvestmentRecord(
        (
            (D(2024, 1, 1), "lead", 0),
            (D(2024, 3, 1), "investing", 0),
            (D(2024, 5, 1), "operating", 30),
        )
    )
    b = m.InvestmentRecord(((D(2024, 2, 1), "lead", 0), (D(2024, 4, 1), "dropped", 0)))
    later = m.InvestmentRecord(((D(2025, 1, 1), "lead", 0),))
    assert m.stage_on(a, D(2024, 4, 1)) == ("investing", 0)
    assert m.stage_on(later, D(2024, 4, 1)) == (None, 0)
    assert m.investor_conversion([a, b, later], D(2024, 6, 1), PIPELINE, "investing") == 50.0
    assert m.realized_jobs([a, b], D(2024, 4, 30)) == 0
    assert m.realized_jobs([a, b], D(2024, 5, 1)) == 30


def test_funnel_counts_every_stage_an_investment_passed_even_if_dropped_later():
    furthest = [
        m.furthest_stage(["lead", "meeting", "agreement", "dropped"], PIPELINE),
        m.furthest_stage(["lead"], PIPELINE),
        m.furthest_stage(
            ["lead", "meeting", "agreement", "permits", "investing", "operating"], PIPELINE
        ),
    ]
    assert furthest == ["agreement", "lead", "operating"]
    assert m.funnel_counts(furthest, PIPELINE) == [3, 2, 2, 1, 1, 1]


def test_county_measures_return_none_for_what_cannot_be_measured():
    values = m.county_measures(
        m.CountyActivity(),
        m.Window(D(2024, 1, 1), D(2024, 3, 31)),
        coverage_types=["party", "media"],
        pipeline=PIPELINE,
        converted_from="investing",
    )
    assert set(values) == set(m.MEASURE_CODES)
    assert values["participation_ring_coverage"] == 0.0
    assert all(v is None for k, v in values.items() if k != "participation_ring_coverage")
