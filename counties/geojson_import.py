"""Reading boundary files: turn a GeoJSON FeatureCollection into validated province, county or
area rows.

Nothing here writes; `counties.services.import_geography` saves what this returns, all or nothing.
The caller reads what the features refer to (the codes of the level above, a county's areas)
from the database and hands it in.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.utils import translation
from django.utils.translation import gettext as _

from counties.choices import AreaKind
from counties.geometry import area_km2, geometry_problem
from governance.templatetags.tavazon import digits

LEVELS = ("province", "county", "area")
# The levels whose features name the place they belong to, and the option naming that property.
PARENT = {"county": "--province-field", "area": "--county-field"}
CODE_LENGTH = 32  # Province.code, County.code, Area.code
NAME_LENGTH = 200  # BilingualName


@dataclass(frozen=True)
class FieldMap:
    """Which feature property holds each of our fields (defaults fit the shipped Iranian files).

    Only `code` (and `province` for counties) and one of the names are required; a feature
    without a census code, ISO code, OSM relation or Wikidata property simply has none."""

    code: str
    name_fa: str = "name_fa"
    name_en: str = "name_en"
    province: str = "province_code"
    county: str = "county_code"
    kind: str = ""  # areas: the property with the area's kind; "" when the file has none
    census_code: str = "sci_code_2016"
    iso_code: str = "iso_3166_2"
    osm_relation: str = "osm_relation"
    wikidata: str = "wikidata"

    @classmethod
    def default_for(cls, level: str) -> FieldMap:
        return cls(code={"province": "sci_code", "county": "osm_relation"}.get(level, "code"))

    def parent(self, level: str) -> str:
        """The property holding the code of the feature's province (counties) or county (areas)."""
        return self.province if level == "county" else self.county


@dataclass
class BoundaryRow:
    """One validated feature, ready to save."""

    code: str
    name_fa: str
    name_en: str
    geometry: dict[str, Any]
    area_km2: float
    province_code: str = ""
    county_code: str = ""
    kind: str = ""  # areas: "" when the file gives none (new areas take the default kind)
    census_code: str = ""
    iso_code: str = ""
    osm_relation: int | None = None
    wikidata: str = ""


class ExistingArea(NamedTuple):
    """An area already in the database, as the checks of an area file see it."""

    pk: int
    code: str
    name_fa: str


def matching_area(areas: Sequence[Any], code: str, name_fa: str) -> Any | None:
    """The area of a county a feature updates: the one with its code, else one without a code
    and with its Persian name (an area entered on the county page before boundaries came)."""
    # A feature without a code must not take the first area without one.
    by_code = next((a for a in areas if a.code == code), None) if code else None
    if by_code is not None:
        return by_code
    return next((a for a in areas if not a.code and a.name_fa == name_fa), None)


def area_kinds() -> dict[str, str]:
    """Each way a file may write an area's kind (its value, English or Persian label) -> kind."""
    kinds: dict[str, str] = {}
    for kind in AreaKind:
        kinds[_kind_key(kind.value)] = kind.value
        for language in ("en", "fa"):
            with translation.override(language):
                kinds[_kind_key(str(kind.label))] = kind.value
    return kinds


def _kind_key(text: str) -> str:
    return "_".join(text.lower().replace("-", " ").split())


@dataclass
class ParsedBoundaries:
    rows: list[BoundaryRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class BoundaryFileError(ValueError):
    """The boundary file cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def load_feature_collection(path: Path) -> dict[str, Any]:
    """Read a GeoJSON file, raising BoundaryFileError with a readable reason when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BoundaryFileError([_("File not found: %(path)s") % {"path": path}]) from None
    except UnicodeDecodeError:
        raise BoundaryFileError([_("The file is not UTF-8 text.")]) from None
    except json.JSONDecodeError as exc:
        raise BoundaryFileError(
            [
                _("The file is not valid JSON (line %(line)s): %(msg)s")
                % {"line": digits(exc.lineno), "msg": exc.msg}
            ]
        ) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryFileError([_("The file is not a GeoJSON FeatureCollection.")])
    if not isinstance(data.get("features"), list) or not data["features"]:
        raise BoundaryFileError([_("The FeatureCollection has no features.")])
    return data


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_boundaries(
    data: dict[str, Any],
    level: str,
    fields: FieldMap,
    known_parents: set[str],
    existing_areas: Mapping[str, Sequence[ExistingArea]] | None = None,
) -> ParsedBoundaries:
    """Validate every feature; collect all problems rather than stopping at the first.

    `known_parents` are the codes of the level above (provinces for counties, counties for
    areas); `existing_areas` the areas already recorded, by county code (area level only)."""
    checker = _Checker(level, fields, known_parents, existing_areas or {})
    for number, feature in enumerate(data["features"], start=1):
        problem = _feature_problem(number, feature, level, fields) or checker.problem(
            number, feature["properties"]
        )
        if problem:
            checker.result.errors.append(problem)
            continue
        parent = _text(feature["properties"].get(fields.parent(level))) if level in PARENT else ""
        checker.result.rows.append(_boundary_row(feature, parent, level, fields, checker.kinds))
    return checker.result


class _Checker:
    """What a feature is checked against beyond itself: the features before it in the file,
    the codes of the level above and, for areas, the county's recorded areas."""

    def __init__(
        self,
        level: str,
        fields: FieldMap,
        known_parents: set[str],
        existing_areas: Mapping[str, Sequence[ExistingArea]],
    ) -> None:
        self.level = level
        self.fields = fields
        self.known_parents = known_parents
        self.existing_areas = existing_areas
        self.kinds = area_kinds() if level == "area" and fields.kind else {}
        self.result = ParsedBoundaries()
        self.codes: dict[tuple[str, str], int] = {}
        self.names: dict[tuple[str, str], int] = {}

    def problem(self, number: int, props: dict[str, Any]) -> str | None:
        code = _text(props[self.fields.code])
        parent = _text(props.get(self.fields.parent(self.level))) if self.level in PARENT else ""
        # Codes are unique in the whole level, an area's within its county.
        key = (parent if self.level == "area" else "", code)
        if key in self.codes:
            return _("Feature %(n)s: code %(code)s repeats feature %(first)s.") % {
                "n": digits(number),
                "code": code,
                "first": digits(self.codes[key]),
            }
        self.codes[key] = number
        if self.level in PARENT and parent not in self.known_parents:
            return self._unknown_parent(number, parent)
        if self.level == "area":
            return self._kind_problem(number, props) or self._name_problem(
                number, parent, code, _text(props.get(self.fields.name_fa))
            )
        return None

    def _unknown_parent(self, number: int, parent: str) -> str:
        params = {"n": digits(number), "code": parent}
        if self.level == "county":
            return _("Feature %(n)s: unknown province %(code)s (import provinces first).") % params
        return _("Feature %(n)s: unknown county %(code)s (import counties first).") % params

    def _kind_problem(self, number: int, props: dict[str, Any]) -> str | None:
        value = _text(props.get(self.fields.kind)) if self.fields.kind else ""
        if not value or _kind_key(value) in self.kinds:
            return None
        return _("Feature %(n)s: the kind %(value)s is unknown; use %(kinds)s.") % {
            "n": digits(number),
            "value": value,
            "kinds": ", ".join(AreaKind.values),
        }

    def _name_problem(self, number: int, county: str, code: str, name_fa: str) -> str | None:
        """Two areas of a county never share a Persian name (Area's unique constraint)."""
        params = {"n": digits(number), "county": county, "name": name_fa}
        first = self.names.setdefault((county, name_fa), number)
        if first != number:
            return _(
                "Feature %(n)s: the Persian name “%(name)s” is already used in county "
                "%(county)s by feature %(first)s."
            ) % {**params, "first": digits(first)}
        areas = self.existing_areas.get(county, ())
        updated = matching_area(areas, code, name_fa)
        clash = next((a for a in areas if a.name_fa == name_fa and a is not updated), None)
        if clash is None:
            return None
        return _(
            "Feature %(n)s: county %(county)s already has another area named “%(name)s” "
            "(code %(code)s); rename one of them or give the feature that area's code."
        ) % {**params, "code": clash.code or "—"}


def _feature_problem(number: int, feature: Any, level: str, fields: FieldMap) -> str | None:
    """What is wrong with one feature on its own (properties, names, geometry), if anything."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        return _("Feature %(n)s: no properties.") % {"n": digits(number)}
    problem = _wrong_level(number, props, level, fields) or _missing_property(
        number, props, level, fields
    )
    if problem:
        return problem
    if not (_text(props.get(fields.name_fa)) or _text(props.get(fields.name_en))):
        if fields.name_fa == fields.name_en:
            return _(
                'Feature %(n)s: property "%(field)s" (the name) is missing '
                "(choose another with --name-field)."
            ) % {"n": digits(number), "field": fields.name_fa}
        return _("Feature %(n)s: no name (%(fa)s or %(en)s).") % {
            "n": digits(number),
            "fa": fields.name_fa,
            "en": fields.name_en,
        }
    problem = _too_long(number, props, fields)
    if problem:
        return problem
    problem = geometry_problem(feature.get("geometry"))
    if problem:
        return _("Feature %(n)s: invalid geometry (%(problem)s).") % {
            "n": digits(number),
            "problem": problem,
        }
    return None


def _wrong_level(number: int, props: dict[str, Any], level: str, fields: FieldMap) -> str | None:
    """A feature naming the parent of the level below: the file is of that level."""
    below = {"province": ("county", fields.province), "county": ("area", fields.county)}
    if level not in below:
        return None
    other, parent = below[level]
    if parent not in props or parent == fields.code:
        return None
    if other == "county":
        message = _(
            "Feature %(n)s has a %(field)s property: this looks like a county file; "
            "import it with --level county."
        )
    else:
        message = _(
            "Feature %(n)s has a %(field)s property: this looks like an area file; "
            "import it with --level area."
        )
    return message % {"n": digits(number), "field": parent}


def _missing_property(
    number: int, props: dict[str, Any], level: str, fields: FieldMap
) -> str | None:
    required = [(fields.code, "--code-field")]
    if level in PARENT:
        required.append((fields.parent(level), PARENT[level]))
    for name, option in required:
        if not _text(props.get(name)):
            return _(
                'Feature %(n)s: property "%(field)s" is missing (choose another with %(option)s).'
            ) % {"n": digits(number), "field": name, "option": option}
    return None


def _too_long(number: int, props: dict[str, Any], fields: FieldMap) -> str | None:
    if len(_text(props.get(fields.code))) > CODE_LENGTH:
        return _("Feature %(n)s: the code is longer than %(max)s characters.") % {
            "n": digits(number),
            "max": digits(CODE_LENGTH),
        }
    names = (_text(props.get(fields.name_fa)), _text(props.get(fields.name_en)))
    if max(len(name) for name in names) > NAME_LENGTH:
        return _("Feature %(n)s: a name is longer than %(max)s characters.") % {
            "n": digits(number),
            "max": digits(NAME_LENGTH),
        }
    return None


def _boundary_row(
    feature: dict[str, Any], parent: str, level: str, fields: FieldMap, kinds: dict[str, str]
) -> BoundaryRow:
    props = feature["properties"]
    osm = _text(props.get(fields.osm_relation))
    kind = _text(props.get(fields.kind)) if fields.kind else ""
    return BoundaryRow(
        code=_text(props[fields.code]),
        name_fa=_text(props.get(fields.name_fa)),
        name_en=_text(props.get(fields.name_en)),
        geometry=feature["geometry"],
        area_km2=round(area_km2(feature["geometry"]), 1),
        province_code=parent if level == "county" else "",
        county_code=parent if level == "area" else "",
        kind=kinds.get(_kind_key(kind), "") if kind else "",
        census_code=_text(props.get(fields.census_code)) if level == "county" else "",
        iso_code=_text(props.get(fields.iso_code)) if level == "province" else "",
        osm_relation=int(osm) if osm.isdigit() else None,
        wikidata=_text(props.get(fields.wikidata)),
    )
