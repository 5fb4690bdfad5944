"""The choice of a score run for the scores export (`?run=<id>`, the latest by default)."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from counties.models import Score, ScoreRun
from counties.scores import KEEP_PUBLISHED_RUNS
from governance.forms import PersianForm
from governance.persian import latin_text
from governance.templatetags.tavazon import digits


def exportable_runs() -> QuerySet[ScoreRun]:
    """Published runs that still keep their scores (the latest few), newest first."""
    return (
        ScoreRun.objects.published()
        .filter(Exists(Score.objects.filter(run=OuterRef("pk"))))
        .order_by("-published_at", "-pk")
    )


class ScoreRunForm(PersianForm):
    """Which published run to export; empty means the latest published one."""

    run = forms.CharField(required=False)

    def clean_run(self) -> ScoreRun | None:
        value = latin_text(self.cleaned_data["run"])
        if not value:
            return ScoreRun.objects.latest_published()
        if not value.isdigit():
            raise forms.ValidationError(
                _("“%(run)s” is not a score run number.") % {"run": value[:20]}
            )
        run = ScoreRun.objects.published().filter(pk=int(value)).first()
        if run is None:
            raise forms.ValidationError(
                _("Score run %(run)s does not exist or has not been published.")
                % {"run": digits(value)}
            )
        if not Score.objects.filter(run=run).exists():
            raise forms.ValidationError(
                _(
                    "The scores of run %(run)s are no longer kept: only the last %(n)s "
                    "published runs keep theirs."
                )
                % {"run": digits(value), "n": digits(KEEP_PUBLISHED_RUNS)}
            )
        return run
