from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoresConfig(AppConfig):
    name = "scores"
    verbose_name = _("Scores")

    def ready(self) -> None:
        from counties.signals import observations_changed
        from scores.receivers import queue_rebuild_on_new_observations

        observations_changed.connect(
            queue_rebuild_on_new_observations, dispatch_uid="scores-rebuild-on-observations"
        )
