"""Sane ranges of the numbers people type or import: the one place that says how big is too big.

Model fields carry these validators (so model forms and model serializers enforce them), the
write services call `check_numbers` on every row they save (so hand-written forms, serializers,
commands and tasks are covered too), and the indicator import uses `within_measure_range`.
A non-finite value (NaN, ±inf) is never a number here.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Any measured value, baseline or target (amounts of money included): a billion billion either way.
MEASURE_LIMIT = 1e18
#: People, jobs or attendances of one county's record.
COUNT_LIMIT = 100_000_000


def validate_finite(value: Any) -> None:
    """Refuse NaN and infinities (they pass every comparison and break JSON)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(_("Enter a finite number."), code="not_finite")


def measure_validators() -> list[Any]:
    """Validators of a float that holds an indicator value, a baseline or a target."""
    return [
        validate_finite,
        MinValueValidator(-MEASURE_LIMIT),
        MaxValueValidator(MEASURE_LIMIT),
    ]


def count_validators(limit: int = COUNT_LIMIT) -> list[Any]:
    """Validators of a count of people, jobs or similar (0 to `limit`)."""
    return [MinValueValidator(0), MaxValueValidator(limit)]


def within_measure_range(value: float) -> bool:
    """Whether an imported value is a finite number inside the measure range."""
    return math.isfinite(value) and -MEASURE_LIMIT <= value <= MEASURE_LIMIT


_NUMERIC = (models.IntegerField, models.FloatField, models.DecimalField)


def check_numbers(instance: models.Model) -> None:
    """Run the validators of every numeric field of `instance` (ValidationError per field).

    Services call it before saving, whoever called them, so an out-of-range number is refused
    with the field's message and nothing is saved.
    """
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, _NUMERIC) or field.primary_key or field.is_relation:
            continue
        value = getattr(instance, field.attname)
        if value is None:
            continue
        if isinstance(value, float) and not math.isfinite(value):
            errors[field.name] = [str(_("Enter a finite number."))]
            continue
        try:
            field.run_validators(value)
        except ValidationError as exc:
            errors[field.name] = exc.messages
    if errors:
        raise ValidationError(errors)
