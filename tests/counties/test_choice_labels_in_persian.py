"""Every choice label of the counties, scores and submissions apps reads in Persian under fa."""

from __future__ import annotations

import inspect
import re

import pytest
from django.db import models
from django.utils import translation

from counties import choices as county_choices
from scores import choices as score_choices
from submissions import choices as submission_choices

PERSIAN_LETTER = re.compile(r"[\u0600-\u06FF]")
CHOICES = [
    cls
    for module in (county_choices, score_choices, submission_choices)
    for _, cls in inspect.getmembers(module, inspect.isclass)
    if issubclass(cls, models.Choices) and cls.__module__ == module.__name__
]


def test_there_are_choices_to_check():
    assert county_choices.ImportStatus in CHOICES
    assert score_choices.RunTrigger in CHOICES


@pytest.mark.parametrize("choices", CHOICES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_choice_label_is_translated_to_persian(choices):
    with translation.override("fa"):
        untranslated = [
            str(label) for label in choices.labels if not PERSIAN_LETTER.search(str(label))
        ]
    assert untranslated == []
