from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoresConfig(AppConfig):
    name = "scores"
    verbose_name = _("Scores")

    def ready(self) -> None:
        from counties.signals import catalogue_changed, observations_changed
        from scores.receivers import (
            queue_rebuild_on_new_observations,
            refresh_default_methodology_on_catalogue,
        )

        observations_changed.connect(
            queue_rebuild_on_new_observations, dispatch_uid="scores-rebuild-on-observations"
        )
        catalogue_changed.connect(
            refresh_default_methodology_on_catalogue, dispatch_uid="scores-default-on-catalogue"
        )
