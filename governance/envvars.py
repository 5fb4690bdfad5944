"""Typed readers of environment variables for governance/settings.py that refuse nonsense.

django-environ's `env.bool` reads any unknown word (`ture`, `Flase`) as False, and `env.int`
fails with a bare `ValueError` that does not say which variable was wrong. These readers accept
only what they document and stop start-up with `ImproperlyConfigured` naming the variable.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = ("true", "1", "yes", "on")
FALSE_WORDS = ("false", "0", "no", "off")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def env_bool(name: str, *, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    """The variable as a boolean (true/false, 1/0, yes/no, on/off in any case); `default` when
    it is unset. Any other value, the empty string included, raises ImproperlyConfigured."""
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    accepted = "/".join(f"{yes}/{no}" for yes, no in zip(TRUE_WORDS, FALSE_WORDS, strict=True))
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of {accepted} (any case)."
    )


def env_int(
    name: str,
    *,
    default: int,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] = os.environ,
) -> int:
    """The variable as a whole number written in ASCII digits (an optional sign), within
    [minimum, maximum] when given; `default` when it is unset. Anything else raises
    ImproperlyConfigured."""
    raw = environ.get(name)
    if raw is None:
        return default
    if not _INTEGER.fullmatch(raw.strip()):
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number; use digits 0-9.")
    value = int(raw.strip())
    too_low = minimum is not None and value < minimum
    too_high = maximum is not None and value > maximum
    if too_low or too_high:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is out of range; use {_range(minimum, maximum)}."
        )
    return value


def _range(minimum: int | None, maximum: int | None) -> str:
    if maximum is None:
        return f"{minimum} or more"
    if minimum is None:
        return f"{maximum} or less"
    return f"a number from {minimum} to {maximum}"
