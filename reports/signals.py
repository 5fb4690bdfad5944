"""Signals of the reports app."""

from django.dispatch import Signal

#: Sent by reports.tasks when an export job has finished (done or failed), with `job`.
export_job_finished = Signal()
