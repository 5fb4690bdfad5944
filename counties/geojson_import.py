"""Reading boundary files: turn a GeoJSON FeatureCollection into validated province/county rows.

Nothing here writes; `counties.services.import_geography` saves what this returns, all or nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from counties.geometry import area_km2, geometry_problem
from governance.templatetags.tavazon import digits

LEVELS = ("province", "county")


@dataclass(frozen=True)
class FieldMap:
    """Which feature property holds each of our fields (defaults fit the shipped Iranian files).

    Only `code` (and `province` for counties) and one of the names are required; a feature
    without a census code, ISO code, OSM relation or Wikidata property simply has none."""

    code: str
    name_fa: str = "name_fa"
    name_en: str = "name_en"
    province: str = "province_code"
    census_code: str = "sci_code_2016"
    iso_code: str = "iso_3166_2"
    osm_relation: str = "osm_relation"
    wikidata: str = "wikidata"

    @classmethod
    def default_for(cls, level: str) -> FieldMap:
        return cls(code="sci_code" if level == "province" else "osm_relation")


@dataclass
class BoundaryRow:
    """One validated feature, ready to save."""

    code: str
    name_fa: str
    name_en: str
    geometry: dict[str, Any]
    area_km2: float
    province_code: str = ""
    census_code: str = ""
    iso_code: str = ""
    osm_relation: int | None = None
    wikidata: str = ""


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
    data: dict[str, Any], level: str, fields: FieldMap, known_provinces: set[str]
) -> ParsedBoundaries:
    """Validate every feature; collect all problems rather than stopping at the first."""
    result = ParsedBoundaries()
    seen: dict[str, int] = {}
    for number, feature in enumerate(data["features"], start=1):
        problem = _feature_problem(number, feature, level, fields)
        if problem:
            result.errors.append(problem)
            continue
        props = feature["properties"]
        code = _text(props[fields.code])
        if code in seen:
            result.errors.append(
                _("Feature %(n)s: code %(code)s repeats feature %(first)s.")
                % {"n": digits(number), "code": code, "first": digits(seen[code])}
            )
            continue
        seen[code] = number
        province_code = _text(props.get(fields.province)) if level == "county" else ""
        if level == "county" and province_code not in known_provinces:
            result.errors.append(
                _("Feature %(n)s: unknown province %(code)s (import provinces first).")
                % {"n": digits(number), "code": province_code}
            )
            continue
        result.rows.append(_boundary_row(feature, code, province_code, level, fields))
    return result


def _feature_problem(number: int, feature: Any, level: str, fields: FieldMap) -> str | None:
    """What is wrong with one feature on its own (properties, names, geometry), if anything."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        return _("Feature %(n)s: no properties.") % {"n": digits(number)}
    if level == "province" and fields.province in props and fields.province != fields.code:
        return _(
            "Feature %(n)s has a %(field)s property: this looks like a county file; "
            "import it with --level county."
        ) % {"n": digits(number), "field": fields.province}
    required = [(fields.code, "--code-field")]
    if level == "county":
        required.append((fields.province, "--province-field"))
    for name, option in required:
        if not _text(props.get(name)):
            return _(
                'Feature %(n)s: property "%(field)s" is missing (choose another with %(option)s).'
            ) % {"n": digits(number), "field": name, "option": option}
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
    problem = geometry_problem(feature.get("geometry"))
    if problem:
        return _("Feature %(n)s: invalid geometry (%(problem)s).") % {
            "n": digits(number),
            "problem": problem,
        }
    return None


def _boundary_row(
    feature: dict[str, Any], code: str, province_code: str, level: str, fields: FieldMap
) -> BoundaryRow:
    props = feature["properties"]
    osm = _text(props.get(fields.osm_relation))
    return BoundaryRow(
        code=code,
        name_fa=_text(props.get(fields.name_fa)),
        name_en=_text(props.get(fields.name_en)),
        geometry=feature["geometry"],
        area_km2=round(area_km2(feature["geometry"]), 1),
        province_code=province_code,
        census_code=_text(props.get(fields.census_code)) if level == "county" else "",
        iso_code=_text(props.get(fields.iso_code)) if level == "province" else "",
        osm_relation=int(osm) if osm.isdigit() else None,
        wikidata=_text(props.get(fields.wikidata)),
    )
