"""The status and progress rules of projects.progress, alone: no database, no Django."""

from __future__ import annotations

import datetime

import pytest

from projects.progress import (
    BudgetLocation,
    MilestoneFact,
    ProjectFacts,
    Status,
    deprived_budget_share,
    derive_status,
    elapsed_share,
    expected_milestone_progress,
    is_stale,
    milestone_progress,
    project_progress,
    project_state,
    target_on_track,
    target_progress,
)

TODAY = datetime.date(2026, 11, 24)


def d(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def facts(*milestones: MilestoneFact, start: int = -100, end: int = 200, **kw) -> ProjectFacts:
    return ProjectFacts(start=d(start), end=d(end), milestones=milestones, **kw)


def test_progress_rolls_up_from_milestones_by_weight():
    milestones = [
        MilestoneFact(d(-50), d(-50), weight=3),
        MilestoneFact(d(10), None, weight=1),
    ]
    assert milestone_progress(milestones) == 75.0
    assert project_progress(facts(*milestones, reported_percent=10)) == 75.0


def test_a_reported_estimate_ahead_of_the_milestones_moves_the_project():
    open_steps = [MilestoneFact(d(30), None, 1), MilestoneFact(d(90), None, 1)]
    assert project_progress(facts(*open_steps, reported_percent=15)) == 15.0
    state = project_state(facts(*open_steps, start=10, reported_percent=15), TODAY)
    assert state.progress == 15.0 and state.status == Status.ON_TRACK
    assert state.milestone_progress == 0.0 and state.reported_percent == 15.0


def test_a_project_with_open_milestones_is_never_shown_as_complete():
    open_step = [MilestoneFact(d(-50), d(-50), 1), MilestoneFact(d(30), None, 1)]
    assert project_progress(facts(*open_step, reported_percent=100)) == 99.0
    assert derive_status(facts(*open_step, reported_percent=100), TODAY) != Status.DONE
    all_done = [MilestoneFact(d(-50), d(-50), 1)]
    assert project_progress(facts(*all_done, reported_percent=40)) == 100.0


def test_without_milestones_progress_is_the_last_reported_percent():
    assert milestone_progress([]) is None
    assert project_progress(facts(reported_percent=42)) == 42.0
    assert project_progress(facts()) == 0.0


def test_reported_percent_is_held_between_0_and_100():
    assert project_progress(facts(reported_percent=140)) == 100.0


def test_all_milestones_done_means_done_even_after_the_end():
    done = facts(MilestoneFact(d(-30), d(-40)), start=-100, end=-10)
    assert derive_status(done, TODAY) == Status.DONE


def test_before_the_start_with_nothing_done_is_not_started():
    assert derive_status(facts(MilestoneFact(d(60), None), start=10), TODAY) == Status.NOT_STARTED


def test_work_done_early_counts_as_started():
    early = facts(MilestoneFact(d(-2), d(-2)), MilestoneFact(d(60), None), start=10)
    assert derive_status(early, TODAY) == Status.ON_TRACK


def test_nothing_overdue_is_on_track():
    on_track = facts(MilestoneFact(d(-10), d(-12)), MilestoneFact(d(20), None))
    assert derive_status(on_track, TODAY) == Status.ON_TRACK


def test_a_milestone_overdue_within_the_tolerance_is_at_risk():
    at_risk = facts(MilestoneFact(d(-10), None), MilestoneFact(d(20), None))
    assert derive_status(at_risk, TODAY, tolerance_days=30) == Status.AT_RISK


def test_a_milestone_overdue_beyond_the_tolerance_is_delayed():
    delayed = facts(MilestoneFact(d(-31), None))
    assert derive_status(delayed, TODAY, tolerance_days=30) == Status.DELAYED
    assert derive_status(delayed, TODAY, tolerance_days=40) == Status.AT_RISK


def test_past_the_end_and_not_done_is_delayed():
    late = facts(
        MilestoneFact(d(-5), d(-5)),
        MilestoneFact(d(-2), d(-1)),
        MilestoneFact(d(-1), None),
        start=-100,
        end=-1,
    )
    assert derive_status(late, TODAY) == Status.DELAYED


@pytest.mark.parametrize(
    ("reported", "expected"),
    [(50, Status.ON_TRACK), (30, Status.AT_RISK), (10, Status.DELAYED), (100, Status.DONE)],
)
def test_without_milestones_reported_progress_is_compared_with_time_elapsed(reported, expected):
    halfway = facts(start=-100, end=100, reported_percent=reported)
    assert elapsed_share(d(-100), d(100), TODAY) == 50.0
    assert derive_status(halfway, TODAY) == expected


def test_expected_progress_is_the_weight_of_milestones_due_by_today():
    milestones = [MilestoneFact(d(-1), None, 1), MilestoneFact(d(1), None, 3)]
    assert expected_milestone_progress(milestones, TODAY) == 25.0


def test_a_project_under_way_without_news_for_longer_than_n_days_is_stale():
    quiet = facts(MilestoneFact(d(50), None), last_update=d(-31))
    assert is_stale(quiet, TODAY, stale_days=30)
    assert not is_stale(quiet, TODAY, stale_days=31)


def test_a_milestone_done_counts_as_news():
    news = facts(MilestoneFact(d(-3), d(-3)), MilestoneFact(d(50), None), last_update=d(-90))
    assert not is_stale(news, TODAY, stale_days=30)


def test_done_and_not_started_projects_are_never_stale():
    assert not is_stale(facts(MilestoneFact(d(-200), d(-200)), start=-300), TODAY)
    assert not is_stale(facts(MilestoneFact(d(80), None), start=50), TODAY)


def test_project_state_gathers_everything_in_one_call():
    state = project_state(
        facts(MilestoneFact(d(-5), None, 1), MilestoneFact(d(30), None, 1)), TODAY
    )
    assert state.status == Status.AT_RISK
    assert state.progress == 0.0
    assert state.overdue_milestones == 1
    assert state.expected_progress == 50.0


def test_target_progress_works_whichever_way_the_target_lies():
    assert target_progress(10, 20, 15) == 50.0  # higher is better
    assert target_progress(30, 20, 25) == 50.0  # lower is better
    assert target_progress(30, 20, 35) == -50.0  # moved the wrong way
    assert target_progress(30, 20, None) is None


def test_a_target_behind_the_time_elapsed_is_off_track():
    start, deadline = d(-100), d(100)
    assert target_on_track(
        baseline=0, target=100, current=45, start=start, deadline=deadline, today=TODAY
    )
    assert not target_on_track(
        baseline=0, target=100, current=20, start=start, deadline=deadline, today=TODAY
    )
    assert (
        target_on_track(
            baseline=0, target=100, current=None, start=start, deadline=deadline, today=TODAY
        )
        is None
    )
    assert not target_on_track(
        baseline=0, target=100, current=90, start=d(-100), deadline=d(-1), today=TODAY
    )


def test_budget_in_deprived_areas_is_split_evenly_between_a_projects_areas():
    projects = [
        BudgetLocation(budget=100, areas=1, deprived_areas=1),  # all deprived
        BudgetLocation(budget=100, areas=2, deprived_areas=1),  # half
        BudgetLocation(budget=200, areas=0, deprived_areas=0),  # county-wide
    ]
    assert deprived_budget_share(projects) == 37.5
    assert deprived_budget_share([BudgetLocation(0, 1, 1)]) is None
