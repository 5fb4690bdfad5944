"""Notifications: e-mail and in-app notices of the events of the other apps."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The apps below announce their events; none of them imports notifications.
        from notifications import receivers
        from projects.signals import feedback_received
        from reports.signals import export_job_finished
        from submissions.signals import submission_returned, submission_submitted

        submission_submitted.connect(
            receivers.on_submission_submitted, dispatch_uid="notify-submission-submitted"
        )
        submission_returned.connect(
            receivers.on_submission_returned, dispatch_uid="notify-submission-returned"
        )
        feedback_received.connect(receivers.on_feedback, dispatch_uid="notify-project-feedback")
        export_job_finished.connect(
            receivers.on_export_finished, dispatch_uid="notify-export-finished"
        )
