from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Data submissions and approval")

    def ready(self) -> None:
        # counties does not import submissions: imports reach the recorder through this hook.
        from counties.imports import set_import_recorder
        from submissions.services import record_import

        set_import_recorder(record_import)
