"""The PDFs' charts: one Chromium per process for every report, images cached by figure, the
browser's flags, a dead browser replaced, a Celery worker process starting and closing its own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from celery.signals import worker_process_init, worker_process_shutdown
from django.utils import translation

from governance.exports import chart_images
from governance.exports.chart_images import ChartSession
from governance.exports.chromium import FLAGS
from reports import report_data
from scores import services as scores
from tests.observations import scoring_world
from tests.project_factories import make_project

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG"


def _bar(*values: float) -> dict:
    return {"data": [{"type": "bar", "x": list(range(len(values))), "y": list(values)}]}


@pytest.fixture
def no_browser_yet(chromium):
    """No chart browser in this process when the test starts, none left when it ends."""
    chart_images.close_session()
    yield
    chart_images.close_session()


@pytest.fixture
def draws(monkeypatch) -> list[int]:
    """How many figures each call to a browser drew."""
    calls: list[int] = []
    draw = ChartSession.draw

    def counted(self, figures):
        calls.append(len(figures))
        return draw(self, figures)

    monkeypatch.setattr(ChartSession, "draw", counted)
    return calls


@pytest.fixture
def projects(world):
    scoring_world(world, periods=("1402",))
    scores.rebuild_scores_now(publish=True)
    make_project(world.county_a, title_en="Compost plant A", title_fa="کارخانه کود الف")
    make_project(world.county_b, title_en="Ring road B", title_fa="کمربندی ب")
    return world


def test_two_county_pdfs_in_one_process_start_one_browser(projects, no_browser_yet, draws):
    launched = ChartSession.launches
    for county in (projects.county_a, projects.county_b):
        pdf = report_data.county_report_pdf(county, projects.ministry)
        assert pdf.startswith(b"%PDF")
    assert ChartSession.launches == launched + 1
    assert draws == [1, 1]  # each county's Gantt chart, both in the same browser


def test_a_chart_is_drawn_once_per_figure_and_again_when_the_figure_changes(
    projects, no_browser_yet, draws
):
    with translation.override("en"):
        first = report_data.county_report(projects.county_a).charts
        assert report_data.county_report(projects.county_a).charts == first
        assert draws == [1]  # the same figure: the cached image
        project = projects.county_a.projects.get()
        project.title_en = "Compost plant A, second phase"
        project.save()
        edited = report_data.county_report(projects.county_a).charts
        assert draws == [1, 1] and edited["gantt"] != first["gantt"]
    with translation.override("fa"):  # Persian labels: another figure
        persian = report_data.county_report(projects.county_a).charts
    assert draws == [1, 1, 1] and persian["gantt"] not in (first["gantt"], edited["gantt"])
    assert all(
        uri.startswith("data:image/png;base64,") for uri in (*first.values(), *persian.values())
    )


def test_the_charts_of_one_call_are_drawn_together_and_each_distinct_figure_once(
    no_browser_yet, draws
):
    charts = [
        chart_images.Chart(_bar(1, 2)),
        chart_images.Chart(_bar(3, 1)),
        chart_images.Chart(_bar(1, 2)),
    ]
    one, two, same = chart_images.draw(charts)
    assert one == same != two and one.startswith(PNG) and two.startswith(PNG)
    assert draws == [2]
    bigger = chart_images.draw([chart_images.Chart(_bar(1, 2), width=400, height=300)])
    assert draws == [2, 1] and bigger[0] != one  # another size is another image


def test_the_browser_runs_with_the_required_flags(no_browser_yet):
    assert chart_images.figure_png(_bar(5, 3)).startswith(PNG)
    process = chart_images.session()._kaleido.subprocess
    arguments = Path(f"/proc/{process.pid}/cmdline").read_bytes().decode().split("\0")
    assert set(FLAGS) <= set(arguments)
    assert "--disable-background-networking" in FLAGS and "--no-sandbox" in FLAGS


def test_a_dead_browser_is_replaced_by_a_new_one(no_browser_yet):
    chart_images.figure_png(_bar(1, 1))
    launched = ChartSession.launches
    process = chart_images.session()._kaleido.subprocess
    process.kill()
    process.wait(timeout=20)
    assert chart_images.figure_png(_bar(2, 2)).startswith(PNG)
    assert ChartSession.launches == launched + 1


def test_a_forked_process_starts_its_own_browser_and_leaves_the_parents_alone(no_browser_yet):
    parent = chart_images.session()
    parent._opened.result(timeout=60)
    parent.pid = -1  # as a child forked after its parent started a browser sees it
    child = chart_images.session()
    assert child is not parent
    parent.close()  # not this process's browser: left open
    assert parent._kaleido is not None and parent._kaleido.subprocess.poll() is None
    parent.pid = os.getpid()
    parent.close()
    assert chart_images.figure_png(_bar(4, 4)).startswith(PNG)


def test_a_worker_process_starts_its_browser_ahead_and_closes_it_as_it_ends(no_browser_yet):
    from reports import tasks  # connects the signals, as the worker's autodiscovery does

    launched = ChartSession.launches
    worker_process_init.send(sender=None)
    assert tasks._warm.wait(timeout=120)  # started, a chart drawn, a line rendered
    session = chart_images.session()  # the one the warm-up started, not another
    assert ChartSession.launches == launched + 1
    process = session._kaleido.subprocess
    assert process.poll() is None
    worker_process_shutdown.send(sender=None, pid=os.getpid(), exitcode=0)
    assert chart_images._session is None
    assert process.wait(timeout=20) is not None
