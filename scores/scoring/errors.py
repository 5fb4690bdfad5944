"""Exceptions raised by the scoring package; all subclass ValueError."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

_MAX_LISTED_UNITS = 10


class SpecError(ValueError):
    """An index specification is malformed; ``path`` names the offending entry, ``kind`` (with
    ``params``) names the rule for callers that word their own message ("" when not named)."""

    def __init__(
        self,
        path: str,
        message: str,
        *,
        kind: str = "",
        params: Mapping[str, str] | None = None,
    ) -> None:
        self.path = path
        self.kind = kind
        self.params = dict(params or {})
        super().__init__(f"{path}: {message}")


class DataError(ValueError):
    """Indicator data cannot be used (absent code, wrong shape, non-numeric, out of domain)."""


class MissingDataError(ValueError):
    """Values are missing while the spec says ``"missing": "fail"``."""

    def __init__(self, missing: Mapping[str, Sequence[int]]) -> None:
        self.missing = {code: list(units) for code, units in missing.items()}
        parts = [
            f"indicator '{code}' at unit indices {format_indices(units)}"
            for code, units in self.missing.items()
        ]
        super().__init__('missing values with "missing": "fail": ' + "; ".join(parts))


def format_indices(indices: Sequence[int]) -> str:
    """Render unit indices for an error message, truncating long lists."""
    shown = ", ".join(str(int(i)) for i in indices[:_MAX_LISTED_UNITS])
    extra = len(indices) - _MAX_LISTED_UNITS
    return f"[{shown}, ... {extra} more]" if extra > 0 else f"[{shown}]"
