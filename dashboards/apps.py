"""Dashboards: national, provincial, county and comparison views over the published scores."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        # Scores announce a computed and a published run; the dashboards warm their caches
        # (scores never import us).
        from dashboards.tasks import warm_after_publish, warm_before_publish
        from scores.signals import score_run_computed, score_run_published

        score_run_computed.connect(warm_before_publish, dispatch_uid="dashboards-warm-computed")
        score_run_published.connect(warm_after_publish, dispatch_uid="dashboards-warm-on-publish")
