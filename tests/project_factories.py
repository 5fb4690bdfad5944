"""Plain factories of flagship projects, plans and uploads, shared by the project tests."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils import timezone

from counties.models import Area, County, Dimension, Indicator, Observation
from counties.services import ensure_default_catalogue
from governance.periods import parse_period
from projects.models import ActionPlan, FlagshipProject, Milestone


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    """The day `n` days from today (negative: in the past)."""
    return today() + datetime.timedelta(days=n)


def catalogue() -> None:
    ensure_default_catalogue()  # idempotent; other apps' migrations may add dimensions first


def make_project(county: County, **fields: Any) -> FlagshipProject:
    catalogue()
    defaults: dict[str, Any] = {
        "title_fa": "پروژه نمونه",
        "title_en": "Sample project",
        "dimension": Dimension.objects.get(code="solid_waste"),
        "period_start": days(-100),
        "period_end": days(200),
        "responsible_person": "Ms Private Person",
        "responsible_contact": "0912-000-0000",
        "responsible_agency": "Municipality",
        "planned_budget": 10_000_000_000,
        "is_public": True,
    }
    return FlagshipProject.objects.create(county=county, **{**defaults, **fields})


def make_milestone(
    project: FlagshipProject,
    offset: int,
    *,
    done: int | None = None,
    weight: int = 1,
    title: str = "Step",
) -> Milestone:
    return Milestone.objects.create(
        project=project,
        title_en=title,
        planned_date=days(offset),
        done_date=days(done) if done is not None else None,
        weight=weight,
    )


def make_plan(county: County, **fields: Any) -> ActionPlan:
    catalogue()
    defaults: dict[str, Any] = {
        "title_en": "Waste plan",
        "dimension": Dimension.objects.get(code="solid_waste"),
        "period_start": days(-100),
        "period_end": days(400),
    }
    return ActionPlan.objects.create(county=county, **{**defaults, **fields})


def make_area(county: County, name: str = "Informal settlement", deprived: bool = True) -> Area:
    return Area.objects.create(
        county=county,
        name_fa=name,
        name_en=name,
        kind="informal_settlement",
        is_deprived=deprived,
    )


def observe(county: County, code: str, period: str, value: float) -> Observation:
    catalogue()
    p = parse_period(period)
    return Observation.objects.create(
        indicator=Indicator.objects.get(code=code),
        county=county,
        period=p.key,
        period_kind=p.kind,
        period_start=p.gregorian_start(),
        value=value,
    )


def png_bytes(size: tuple[int, int] = (40, 30), extra: bytes = b"") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "#2a9d8f").save(out, format="PNG")
    return out.getvalue() + extra


def jpeg_with_gps() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (32, 32), "#e76f51")
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()
