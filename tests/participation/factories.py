"""Plain factory functions for participation records, built through the services."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from counties.models import County, Dimension
from participation import services
from participation.models import (
    Critique,
    Experience,
    Investment,
    Meeting,
    MeetingSeries,
    Stakeholder,
)

CONTACT_PHONE = "0912-555-0101"
CONTACT_EMAIL = "secret.person@example.org"
CONTACT_PERSON = "Private Person"
CITIZEN_NAME = "Citizen Secretname"


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def challenge(code: str = "employment") -> Dimension:
    dimension, _ = Dimension.objects.get_or_create(
        code=code, defaults={"name_en": code.title(), "name_fa": code, "is_challenge": True}
    )
    return dimension


def stakeholder(
    county: County, name: str = "Union of guilds", type: str = "reference_group", **values: Any
) -> Stakeholder:
    fields = {
        "name": name,
        "type": type,
        "contact_person": CONTACT_PERSON,
        "phone": CONTACT_PHONE,
        "email": CONTACT_EMAIL,
        "address": "1 Secret Street",
        **values,
    }
    return services.save_stakeholder(Stakeholder(county=county), fields)


def series(
    county: County, starts_on: datetime.date | None = None, name: str = "Quarterly council"
) -> MeetingSeries:
    return services.save_meeting_series(
        MeetingSeries(county=county),
        {
            "name": name,
            "kind": "council",
            "periodicity": "quarterly",
            "starts_on": starts_on or days_ago(200),
            "place": "Governor's office",
        },
    )


def meeting(
    county: County, on: datetime.date, series_: MeetingSeries | None = None, title: str = "Council"
) -> Meeting:
    starts_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
    return services.schedule_meeting(
        county,
        title=title,
        kind="council",
        starts_at=starts_at,
        series=series_,
        agenda="Jobs; waste",
    )


def held_meeting(
    county: County,
    on: datetime.date,
    decisions: Sequence[tuple[str, str, datetime.date]] = (),
    series_: MeetingSeries | None = None,
) -> Meeting:
    m = meeting(county, on, series_)
    return services.record_meeting_outcome(
        m,
        status="held",
        attendance=20,
        minutes="Minutes",
        decisions=[services.Decision(*d) for d in decisions],
    )


def critique(county: County, received_on: datetime.date | None = None, **values: Any) -> Critique:
    fields = {
        "source": "citizen",
        "citizen_name": CITIZEN_NAME,
        "citizen_contact": CONTACT_PHONE,
        "channel": "letter",
        "topic": "Waste collection is late",
        "body": "The truck did not come for a week.",
        "received_on": received_on or days_ago(30),
        **values,
    }
    return services.register_critique(county, fields)


def investment(county: County, name: str = "Compost plant", **values: Any) -> Investment:
    fields = {
        "name": name,
        "investor": "Green Co.",
        "sector": "waste",
        "amount": Decimal("1000000000"),
        "expected_jobs": 40,
        "lead_on": days_ago(300),
        "contact_person": CONTACT_PERSON,
        "phone": CONTACT_PHONE,
        "email": CONTACT_EMAIL,
        **values,
    }
    return services.register_investment(county, fields)


def experience(
    county: County, title: str = "Waste separation at source", publish: bool = True, **values: Any
) -> Experience:
    fields = {
        "title": title,
        "problem": "Recycling was below five percent.",
        "actions": "Drop-off points in schools and mosques.",
        "results": "Recycling tripled.",
        "contact_person": CONTACT_PERSON,
        "phone": CONTACT_PHONE,
        "email": CONTACT_EMAIL,
        **values,
    }
    item = services.save_experience(Experience(county=county), fields)
    if publish:
        services.publish_experience(item)
    return item
