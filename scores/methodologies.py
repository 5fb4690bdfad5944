"""Methodologies: checking a spec for Tavazon's use, saving versions, choosing the current one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from counties.catalogue import DEFAULT_METHODOLOGY
from counties.models import Indicator
from scores import scoring
from scores.choices import RunTrigger
from scores.models import Methodology, ScoreRun

if TYPE_CHECKING:
    from governance.models import User

# Dashboards show scores on 0-100 and within-county balance needs non-negative scores, so the
# unbounded z-score normalisation (allowed by the engine) is not offered here.
ALLOWED_NORMALIZATIONS = ("goalposts", "minmax", "target", "rank")


class MethodologySpecError(ValueError):
    """A spec Tavazon cannot use; `path` names the entry (as in scoring.SpecError)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


def check_methodology_spec(spec: Any, known_codes: Iterable[str] | None = None) -> dict[str, Any]:
    """Validate with the engine, then Tavazon's rules: known indicators, bounded scores."""
    try:
        checked = scoring.validate_spec(spec)
    except scoring.SpecError as exc:
        raise MethodologySpecError(exc.path, _spec_error_message(exc)) from exc
    known = set(
        known_codes if known_codes is not None else Indicator.objects.values_list("code", flat=True)
    )
    for d, dimension in enumerate(checked["dimensions"]):
        for i, indicator in enumerate(dimension["indicators"]):
            path = f"dimensions[{d}].indicators[{i}]"
            if indicator["code"] not in known:
                raise MethodologySpecError(
                    f"{path}.code",
                    _("“%(code)s” is not in the indicator catalogue.")
                    % {"code": indicator["code"]},
                )
            if indicator["normalization"] not in ALLOWED_NORMALIZATIONS:
                raise MethodologySpecError(
                    f"{path}.normalization",
                    _("Use one of %(options)s: scores must lie between 0 and 100.")
                    % {"options": ", ".join(ALLOWED_NORMALIZATIONS)},
                )
    return checked


def method_choices() -> list[tuple[str, str]]:
    """The scoring methods a methodology may use, with their names (scoring.METHODS order)."""
    names = {
        "composite": _("Composite index (normalise, weight, aggregate)"),
        "topsis": _("TOPSIS (closeness to the ideal county)"),
        "morris": _("Morris index (mean of min-max scores)"),
        "hellwig": _("Hellwig's taxonomy (distance to the ideal county)"),
    }
    return [(method, names[method]) for method in scoring.METHODS]


def _spec_error_message(exc: scoring.SpecError) -> str:
    """The engine's message, in the user's language for the rules about the method."""
    if exc.path == "method":
        return _("Choose one of the methods: %(options)s.") % {
            "options": ", ".join(scoring.METHODS)
        }
    if exc.kind == "planners_setting":
        return _(
            "The %(method)s method takes the raw values, normalises them itself and needs every "
            "indicator of a county (a county missing one is left unranked): remove “%(setting)s” "
            "or set it to its default (minmax normalisation, arithmetic aggregation)."
        ) % {**exc.params, "method": dict(method_choices()).get(exc.params["method"])}
    return str(exc).split(": ", 1)[-1]


@transaction.atomic
def save_methodology(
    methodology: Methodology, values: dict[str, Any], *, user: User | None = None
) -> tuple[Methodology, ScoreRun | None]:
    """Create or update a methodology; a new spec or new completeness rules (min_coverage,
    min_ranked_share) make a new version. Rebuild (a draft for review) if it is current.

    Returns the methodology and the rebuild it queued (None if none was needed); the rebuild is
    failed with a reason if the broker refused it (see governance/queueing.py)."""
    from scores.services import queue_score_rebuild

    spec_changed = (
        methodology.pk is None
        or values.get("spec", methodology.spec) != methodology.spec
        or _completeness_changed(methodology, values)
    )
    for name in ("min_coverage", "min_ranked_share"):
        if name in values and not Decimal("0.01") <= Decimal(str(values[name])) <= 1:
            raise ValidationError(
                {name: _("A completeness rule is a share between 0.01 and 1 (1 % to 100 %).")}
            )
    becomes_current = bool(values.pop("is_current", False)) and not methodology.is_current
    for name, value in values.items():
        setattr(methodology, name, value)
    if methodology.pk is not None and spec_changed:
        methodology.version += 1
    if becomes_current:
        Methodology.objects.filter(is_current=True).update(is_current=False)
        methodology.is_current = True
    methodology.updated_by = user
    methodology._history_user = user  # type: ignore[attr-defined]
    methodology.save()
    run = None
    if methodology.is_current and (spec_changed or becomes_current):
        run = queue_score_rebuild(trigger=RunTrigger.METHODOLOGY, user=user)
    return methodology, run


def _completeness_changed(methodology: Methodology, values: dict[str, Any]) -> bool:
    return any(
        name in values and Decimal(str(values[name])) != Decimal(str(getattr(methodology, name)))
        for name in ("min_coverage", "min_ranked_share")
    )


@transaction.atomic
def make_methodology_current(
    methodology: Methodology, *, user: User | None = None
) -> ScoreRun | None:
    """Use this methodology for the next rebuilds and queue one now; returns that rebuild (None
    if the methodology was already current)."""
    from scores.services import queue_score_rebuild

    if methodology.is_current:
        return None
    Methodology.objects.filter(is_current=True).update(is_current=False)
    methodology.is_current = True
    methodology.updated_by = user
    methodology._history_user = user  # type: ignore[attr-defined]
    methodology.save(update_fields=["is_current", "updated_by", "updated_at"])
    return queue_score_rebuild(trigger=RunTrigger.METHODOLOGY, user=user)


# --- the default methodology of a loaded catalogue ------------------------------------------

# What the default methodology is called once it follows a loaded catalogue (import_catalogue).
CATALOGUE_DEFAULT = {
    "name_en": "Default: every indicator of the catalogue, equally weighted",
    "name_fa": "روش پیش‌فرض: همه شاخص‌های فهرست با وزن برابر",
    "description": (
        "Built from the indicator catalogue when it was loaded: every dimension and every "
        "indicator within it weighs the same, min-max normalisation, arithmetic mean. Ministry "
        "staff may edit it or define another methodology. See docs/data-import.md."
    ),
}


def equal_weights_spec(dimensions: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> dict:
    """A spec giving every dimension, and every indicator within one, the same weight, min-max
    normalised; `dimensions` are (dimension code, [(indicator code, direction), ...])."""
    return {
        "aggregation": "arithmetic",
        "missing": "reweight",
        "dimensions": [
            {
                "code": code,
                "weight": 1,
                "aggregation": "arithmetic",
                "indicators": [
                    {
                        "code": indicator,
                        "weight": 1,
                        "direction": direction,
                        "normalization": "minmax",
                    }
                    for indicator, direction in indicators
                ],
            }
            for code, indicators in dimensions
        ],
    }


def catalogue_spec(codes: Sequence[str]) -> dict | None:
    """The equal-weights spec of these catalogue indicators, grouped by dimension in the order
    the codes first name them (None if there is none)."""
    by_code = {
        i.code: i for i in Indicator.objects.select_related("dimension").filter(code__in=codes)
    }
    grouped: dict[str, list[tuple[str, str]]] = {}
    for indicator in (by_code[code] for code in codes if code in by_code):
        grouped.setdefault(indicator.dimension.code, []).append(
            (indicator.code, indicator.direction)
        )
    return equal_weights_spec(grouped.items()) if grouped else None


def is_untouched_default(methodology: Methodology) -> bool:
    """Whether no one has edited this default methodology: no version was saved by a user and its
    spec is the shipped default or an equal-weights spec such as `catalogue_spec` writes."""
    if methodology.updated_by_id is not None:
        return False
    if methodology.history.filter(history_user__isnull=False).exists():
        return False
    spec = methodology.spec
    if spec == DEFAULT_METHODOLOGY["spec"]:
        return True
    try:
        own = [
            (d["code"], [(i["code"], i["direction"]) for i in d["indicators"]])
            for d in spec["dimensions"]
        ]
    except (KeyError, TypeError):
        return False
    return bool(spec == equal_weights_spec(own))


@transaction.atomic
def refresh_catalogue_default(codes: Sequence[str]) -> Methodology | None:
    """Make the default methodology name exactly these indicators, equally weighted.

    Creates it (current if no methodology is) when there is none; refreshes it (a new version, a
    rebuild if it is current) only while no one has edited it. Returns it when it names the
    indicators, None when it was left as ministry staff edited it or there are none."""
    spec = catalogue_spec(codes)
    if spec is None:
        return None
    check_methodology_spec(spec)
    methodology = (
        Methodology.objects.select_for_update().filter(code=DEFAULT_METHODOLOGY["code"]).first()
    )
    if methodology is None:
        return Methodology.objects.create(
            code=DEFAULT_METHODOLOGY["code"],
            spec=spec,
            is_current=not Methodology.objects.filter(is_current=True).exists(),
            **CATALOGUE_DEFAULT,
        )
    if not is_untouched_default(methodology):
        return None
    if methodology.spec != spec:
        methodology, _run = save_methodology(methodology, {"spec": spec, **CATALOGUE_DEFAULT})
    return methodology
