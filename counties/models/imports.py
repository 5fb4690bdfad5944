"""Uploaded observation files on their way through validation, preview and import."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from counties.choices import ImportStatus
from governance.fields import optional_link, user_link


class ImportJob(models.Model):
    """One uploaded CSV/XLSX file: its validation result, preview counts and import progress."""

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = user_link(_("uploaded by"), blank=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.VALIDATING
    )
    default_source = models.CharField(_("source"), max_length=300, blank=True)
    # Ministry staff may approve national statistics on upload: the import then writes its
    # observations at once; otherwise its values wait in a data submission for approval.
    approve_on_upload = models.BooleanField(_("approved on upload"), default=False)
    layout = models.CharField(_("layout"), max_length=8, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(_("to create"), default=0)
    updated = models.PositiveIntegerField(_("to update"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    issues = models.JSONField(_("errors"), default=list, blank=True)
    issue_count = models.PositiveIntegerField(_("number of errors"), default=0)
    # Warnings of the check (counties.value_checks): they never block an import.
    flagged_count = models.PositiveIntegerField(_("flagged rows"), default=0)
    flagged_rows = models.JSONField(_("first flagged rows"), default=list, blank=True)
    error = models.TextField(_("unexpected error"), blank=True)
    score_run = optional_link(
        "scores.ScoreRun",  # a string: counties does not import scores
        _("score rebuild"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @property
    def is_busy(self) -> bool:
        return self.status in (ImportStatus.VALIDATING, ImportStatus.IMPORTING)

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))
