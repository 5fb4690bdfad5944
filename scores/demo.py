"""Demo scores: the default methodology and a published run over the demo data."""

from __future__ import annotations

from dataclasses import dataclass

from scores import services
from scores.choices import RunTrigger
from scores.models import ScoreRun


@dataclass
class DemoScoresReport:
    score_run: int | None
    rebuilt: bool


def publish_demo_scores() -> DemoScoresReport:
    """The default methodology, and a score run if the data or methodology changed since."""
    services.ensure_default_methodology()
    rebuilt = services.scores_are_stale(published_only=True)
    run = (
        services.rebuild_scores_now(trigger=RunTrigger.DEMO, publish=True)
        if rebuilt
        else ScoreRun.objects.latest_published()
    )
    return DemoScoresReport(run.pk if run else None, rebuilt)
