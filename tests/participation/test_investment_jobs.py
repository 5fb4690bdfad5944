"""Jobs that investors created count: realized jobs reported in the investor pipeline are
proposed as the county's `new_jobs` value (jobs per 1,000 people), reviewed as county-entered
values are, and once approved reach the employment pillar of the scores."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import translation

from counties.models import Observation
from governance import access
from participation import services
from participation.services.jobs import jobs_created_in_year
from scores import scoring
from scores import services as scores
from scores.models import Methodology, Score
from submissions import queries as submission_queries
from submissions import services as submissions
from submissions.models import Submission
from tests.conftest import client_for
from tests.observations import SPEC_CODES, mix, scoring_world
from tests.participation import factories as f

pytestmark = pytest.mark.django_db

# Jalali 1402 runs from 21 March 2023 to 19 March 2024, 1403 from 20 March 2024.
LEAD = datetime.date(2023, 4, 1)
IN_1402 = datetime.date(2023, 6, 1)
LATER_1402 = datetime.date(2023, 9, 1)
IN_1403 = datetime.date(2024, 6, 1)
POPULATION_A = 500_000  # scoring_world's population of county A in 1402


@pytest.fixture
def jobs_world(world):
    scoring_world(world, ("1402",))
    return world


def _operating(county, name: str = "Compost plant", **values):
    investment = f.investment(county, name, lead_on=LEAD, **values)
    return services.advance_investment(investment, stage="operating", date=LEAD)


def _report(investment, day, jobs, user):
    return services.advance_investment(
        investment, stage="operating", date=day, realized_jobs=jobs, user=user
    )


def _proposal(county, period: str = "1402") -> Submission:
    """The county's proposal of investor jobs for `period` waiting for review."""
    return Submission.objects.get(
        origin="investments", county=county, period=period, state="submitted"
    )


def new_jobs_of(county) -> Q:
    return Q(indicator__code="new_jobs", county=county, period="1402", area__isnull=True)


def test_a_years_jobs_are_its_last_total_above_the_highest_total_before_it():
    reports = [
        (IN_1402, 100),
        (LATER_1402, 80),  # a correction within the year replaces the figure
        (IN_1403, 150),
        (datetime.date(2024, 9, 1), 120),
    ]
    assert jobs_created_in_year(reports, 1402) == 80
    assert jobs_created_in_year(reports, 1403) == 120 - 100  # above the highest before
    assert jobs_created_in_year(reports, 1404) == 0
    assert jobs_created_in_year([(IN_1402, 100), (IN_1403, 60)], 1403) == 0  # never negative


def test_recording_realized_jobs_proposes_the_counties_new_jobs_for_review(jobs_world):
    world = jobs_world
    plant = _operating(world.county_a)
    mill = _operating(world.county_a, "Textile mill", sector="industry")
    _report(plant, IN_1402, 1000, world.governor_a)
    _report(mill, LATER_1402, 500, world.governor_a)
    submission = _proposal(world.county_a)
    assert (submission.submitted_by, submission.province) == (world.governor_a, world.province_a)
    value = submission.values.get()
    assert value.indicator.code == "new_jobs" and value.period == "1402"
    assert value.value == pytest.approx((1000 + 500) * 1000 / POPULATION_A)  # 3.0 per 1,000
    assert "Compost plant" in value.source and "Textile mill" in value.source
    assert "Compost plant: 1000" in value.note and "Textile mill: 500" in value.note
    # Nothing reaches the observations before a reviewer approves: scoring_world's 10 stays.
    assert Observation.objects.get(new_jobs_of(world.county_a)).value == pytest.approx(10)


def test_a_correction_updates_the_pending_proposal_rather_than_adding_to_it(jobs_world):
    world = jobs_world
    plant = _operating(world.county_a)
    _report(plant, IN_1402, 1000, world.governor_a)
    _report(plant, LATER_1402, 1500, world.governor_a)  # the first report corrected
    _report(plant, LATER_1402, 1500, world.governor_a)  # said twice: nothing changes
    submission = _proposal(world.county_a)
    assert Submission.objects.filter(origin="investments").count() == 1
    assert submission.values.get().value == pytest.approx(3.0)  # 1500, not 2500


def test_a_returned_proposal_goes_back_for_review_once_the_jobs_are_corrected(jobs_world):
    world = jobs_world
    plant = _operating(world.county_a)
    _report(plant, IN_1402, 1000, world.governor_a)
    submissions.return_submission(
        _proposal(world.county_a), user=world.officer_a, comment="Count the seasonal jobs"
    )
    _report(plant, LATER_1402, 1000, world.governor_a)  # the same figure: still returned
    assert Submission.objects.get(origin="investments").state == "returned"
    _report(plant, LATER_1402, 1200, world.governor_a)
    assert _proposal(world.county_a).values.get().value == pytest.approx(2.4)


def test_a_correction_after_approval_proposes_the_new_total_which_replaces_the_value(
    jobs_world,
):
    world = jobs_world
    plant = _operating(world.county_a)
    _report(plant, IN_1402, 1000, world.governor_a)
    submissions.approve_submission(_proposal(world.county_a), user=world.officer_a)
    assert Observation.objects.get(new_jobs_of(world.county_a)).value == pytest.approx(2.0)
    _report(plant, LATER_1402, 1500, world.governor_a)
    correction = _proposal(world.county_a)
    assert correction.values.get().value == pytest.approx(3.0)
    submissions.approve_submission(correction, user=world.officer_a)
    assert Observation.objects.get(new_jobs_of(world.county_a)).value == pytest.approx(3.0)


def test_a_later_years_report_proposes_only_the_jobs_added_that_year(jobs_world):
    world = jobs_world
    plant = _operating(world.county_a)
    _report(plant, IN_1402, 1000, world.governor_a)
    _report(plant, IN_1403, 1800, world.governor_a)
    later = _proposal(world.county_a, "1403").values.get()
    # 800 new jobs; 1403 has no population of its own, so 1402's is used.
    assert later.value == pytest.approx(800 * 1000 / POPULATION_A)
    assert _proposal(world.county_a, "1402").values.get().value == pytest.approx(2.0)


def test_approving_writes_the_observation_and_the_next_rebuild_scores_it(jobs_world):
    world = jobs_world
    scores.rebuild_scores_now(publish=True)
    before = Score.objects.filter(county=world.county_a).latest("run_id").dimensions
    plant = _operating(world.county_a)
    _report(plant, IN_1402, 1000, world.governor_a)  # 2.0 per 1,000 instead of 10
    submissions.approve_submission(_proposal(world.county_a), user=world.officer_a)
    observation = Observation.objects.get(new_jobs_of(world.county_a))
    assert observation.value == pytest.approx(2.0) and "Compost plant" in observation.source
    run = scores.rebuild_scores_now(publish=True)
    stored = Score.objects.get(run=run, county=world.county_a).dimensions
    spec = Methodology.objects.get(is_current=True).spec
    profiles = [mix(0.8) | {"new_jobs": 2.0}, mix(0.3), mix(0.5)]  # CA, CA2, CB
    data = {c: np.array([p[c] for p in profiles]) for c in SPEC_CODES}
    expected = scoring.composite(data, spec).dimensions["employment"][0]
    assert stored["employment"] == round(100 * expected, 2)
    assert stored["employment"] < before["employment"]


def test_a_governor_of_another_county_can_neither_see_nor_approve_it(jobs_world):
    world = jobs_world
    _report(_operating(world.county_a), IN_1402, 1000, world.governor_a)
    submission = _proposal(world.county_a)
    assert not access.can_view_submission(world.governor_b, submission)
    assert not access.can_approve_submission(world.governor_b, submission)
    assert not access.can_approve_submission(world.governor_a, submission)  # their own
    assert access.can_approve_submission(world.officer_a, submission)
    assert list(submission_queries.awaiting_review_by(world.officer_a)) == [submission]
    assert not submission_queries.awaiting_review_by(world.governor_b).exists()
    other = client_for(world.governor_b)
    assert other.get(f"/participation/{world.county_a.code}/investments/").status_code == 403
    assert other.get(f"/data/submissions/{submission.pk}/").status_code == 403
    refused = other.post(f"/data/submissions/{submission.pk}/decide/", {"comment": "ok"})
    assert refused.status_code == 403
    assert _proposal(world.county_a).state == "submitted"
    review = client_for(world.officer_a).get(f"/data/submissions/{submission.pk}/")
    assert review.status_code == 200 and "Investor pipeline" in review.content.decode()


def test_the_investors_page_shows_the_proposal_and_its_review(jobs_world):
    world = jobs_world
    _report(_operating(world.county_a), IN_1402, 1000, world.governor_a)
    url = f"/participation/{world.county_a.code}/investments/"
    page = client_for(world.governor_a).get(url).content.decode()
    assert 'id="jobs-proposals"' in page and "Submitted for approval" in page
    submissions.approve_submission(_proposal(world.county_a), user=world.officer_a)
    persian = client_for(world.governor_a, "fa").get(url).content.decode()
    assert "تأیید" in persian and "۱۴۰۲" in persian


def test_realized_jobs_typed_in_persian_digits_are_proposed(jobs_world):
    world = jobs_world
    plant = _operating(world.county_a)
    response = client_for(world.governor_a, "fa").post(
        f"/participation/{world.county_a.code}/investments/{plant.pk}/",
        {
            "stage": "operating",
            "date": "۱۴۰۲/۰۳/۱۱",
            "realized_jobs": "۱۵۰۰",
            "version": str(plant.version),
        },
    )
    assert response.status_code == 302
    assert _proposal(world.county_a).values.get().value == pytest.approx(3.0)


def test_the_backfill_proposes_each_year_once_and_leaves_demo_investments_out(jobs_world):
    world = jobs_world
    plant = _operating(world.county_a)
    _report(plant, IN_1402, 1000, None)
    demo = _operating(world.county_b, "Demo farm", is_demo=True)
    _report(demo, IN_1402, 900, None)
    Submission.objects.all().delete()
    call_command("propose_investment_jobs")
    call_command("propose_investment_jobs")
    assert list(Submission.objects.values_list("county__code", "period")) == [("CA", "1402")]


def test_the_provinces_officer_is_asked_to_review_it_as_county_figures(
    jobs_world, django_capture_on_commit_callbacks
):
    from notifications.choices import NotificationKind
    from notifications.messages import message
    from notifications.models import Notification

    world = jobs_world
    plant = _operating(world.county_a)
    with django_capture_on_commit_callbacks(execute=True):
        _report(plant, IN_1402, 1000, world.governor_a)
    waiting = Notification.objects.get(kind=NotificationKind.SUBMISSION_WAITING)
    assert waiting.recipient == world.officer_a
    with translation.override("en"):
        text = message(waiting.kind, waiting.params).headline.plain()
    assert "County A" in text and "file" not in text
