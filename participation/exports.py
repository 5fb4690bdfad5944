"""The participation registers as export tables, written by governance.exports (CSV).

Each table names the county and province beside their codes (a `county` column) and gives dates
as dates (Jalali and Gregorian under Persian). Contact columns are added only when the caller has
checked `access.can_view_contacts`.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Sequence
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from counties.models import County, Indicator
from governance.exports.table import Column, ExportTable
from participation.models import Critique, Investment, Stakeholder

AMOUNT = "#,##0"


def _recorded() -> list[str]:
    return [_("Recorded by the county governorates")]


def stakeholders_table(county: County, *, with_contacts: bool) -> ExportTable:
    """The county's stakeholders with their engagement counts."""
    columns = [
        Column("county", _("County"), kind="county"),
        Column("name", _("Name")),
        Column("type", _("Type")),
        Column("interests", _("Interests")),
        Column("active", _("Active")),
        Column("engagements", _("Engagements"), AMOUNT),
        Column("last_engaged", _("Last engaged"), kind="date"),
        Column("demo", _("Demo content")),
    ]
    if with_contacts:
        columns += [
            Column("contact_person", _("Contact person")),
            Column("phone", _("Phone")),
            Column("email", _("Email")),
            Column("address", _("Address")),
        ]
    queryset = (
        Stakeholder.objects.filter(county=county)
        .annotate(engagement_count=Count("engagements"), last_engaged=Max("engagements__date"))
        .prefetch_related("interests")
        .order_by("name", "pk")
    )

    def rows() -> Iterator[dict[str, Any]]:
        for s in queryset:
            row = {
                "county": county,
                "name": s.name,
                "type": s.get_type_display(),
                "interests": "; ".join(str(d.name) for d in s.interests.all()),
                "active": s.is_active,
                "engagements": s.engagement_count,
                "last_engaged": s.last_engaged,
                "demo": s.is_demo,
            }
            if with_contacts:
                row.update(
                    contact_person=s.contact_person, phone=s.phone, email=s.email, address=s.address
                )
            yield row

    return ExportTable(
        title=_("Stakeholders"),
        columns=columns,
        rows=rows(),
        sources=_recorded(),
        has_synthetic=queryset.filter(is_demo=True).exists(),
    )


def critiques_table(queryset: QuerySet[Critique], contact_counties: Container[int]) -> ExportTable:
    """The critiques register (of one county or of all the user may view) as one table.

    What was said, the response and the citizen's name and contact are columns only when some
    row's county is in `contact_counties` (those `access.can_view_contacts` allows), and filled
    only on those rows.
    """
    queryset = (
        queryset.select_related("county__province", "stakeholder", "challenge", "project")
        .defer("county__geometry", "county__province__geometry")
        .order_by("county__code", "received_on", "pk")
    )
    with_private = bool(contact_counties)
    columns = [
        Column("county", _("County"), kind="county"),
        Column("received_on", _("Date received"), kind="date"),
        Column("source", _("Raised by")),
        Column("stakeholder", _("Stakeholder")),
        Column("channel", _("Channel")),
        Column("topic", _("Topic")),
        Column("challenge_code", _("Challenge code")),
        Column("challenge", _("Challenge")),
        Column("project_id", _("Project ID")),
        Column("project", _("Project")),
        Column("status", _("Status")),
        Column("responded_on", _("Response date"), kind="date"),
        Column("days_to_respond", _("Days to respond")),
        Column("public_summary", _("Public summary")),
        Column("decline_reason", _("Reason for declining")),
        Column("publishable", _("Publishable")),
        Column("demo", _("Demo content")),
    ]
    if with_private:
        columns += [
            Column("body", _("What was said")),
            Column("response", _("Response")),
            Column("citizen_name", _("Citizen's name")),
            Column("citizen_contact", _("Citizen's contact")),
        ]

    def rows() -> Iterator[dict[str, Any]]:
        for c in queryset.iterator(chunk_size=1000):
            row = {
                "county": c.county,
                "received_on": c.received_on,
                "source": c.get_source_display(),
                "stakeholder": c.stakeholder.name if c.stakeholder else "",
                "channel": c.get_channel_display(),
                "topic": c.topic,
                "challenge_code": c.challenge.code if c.challenge else "",
                "challenge": c.challenge.name if c.challenge else "",
                "project_id": c.project_id,
                "project": c.project.title if c.project else "",
                "status": c.get_status_display(),
                "responded_on": c.responded_on,
                "days_to_respond": c.days_to_respond,
                "public_summary": c.public_summary if c.is_publishable else "",
                "decline_reason": c.decline_reason,
                "publishable": c.is_publishable,
                "demo": c.is_demo,
            }
            if c.county_id in contact_counties:
                row.update(
                    body=c.body,
                    response=c.response,
                    citizen_name=c.citizen_name,
                    citizen_contact=c.citizen_contact,
                )
            yield row

    return ExportTable(
        title=_("Critiques"),
        columns=columns,
        rows=rows(),
        sources=_recorded(),
        has_synthetic=queryset.filter(is_demo=True).exists(),
        notes=[] if with_private else [_("Personal contact data and private text are left out.")],
    )


def investments_table(county: County, *, with_contacts: bool) -> ExportTable:
    """The county's investment pipeline; contact columns only `with_contacts`."""
    columns = [
        Column("county", _("County"), kind="county"),
        Column("name", _("Project")),
        Column("investor", _("Investor or entrepreneur")),
        Column("sector", _("Sector")),
        Column("stage", _("Stage")),
        Column("stage_changed_on", _("Stage reached on"), kind="date"),
        Column("lead_on", _("First contact"), kind="date"),
        Column("amount_rials", _("Amount (rials)"), AMOUNT),
        Column("expected_jobs", _("Expected jobs"), AMOUNT),
        Column("realized_jobs", _("Realized jobs"), AMOUNT),
        Column("dropped_reason", _("Why it was dropped")),
        Column("blocking_agency", _("Blocking agency")),
        Column("demo", _("Demo content")),
    ]
    if with_contacts:
        columns += [
            Column("contact_person", _("Contact person")),
            Column("phone", _("Phone")),
            Column("email", _("Email")),
        ]
    queryset = Investment.objects.filter(county=county).order_by("lead_on", "pk")

    def rows() -> Iterator[dict[str, Any]]:
        for i in queryset:
            row = {
                "county": county,
                "name": i.name,
                "investor": i.investor,
                "sector": i.get_sector_display(),
                "stage": i.get_stage_display(),
                "stage_changed_on": i.stage_changed_on,
                "lead_on": i.lead_on,
                "amount_rials": i.amount_rials,
                "expected_jobs": i.expected_jobs,
                "realized_jobs": i.realized_jobs,
                "dropped_reason": i.dropped_reason,
                "blocking_agency": i.blocking_agency,
                "demo": i.is_demo,
            }
            if with_contacts:
                row.update(contact_person=i.contact_person, phone=i.phone, email=i.email)
            yield row

    return ExportTable(
        title=_("Investments"),
        columns=columns,
        rows=rows(),
        sources=_recorded(),
        has_synthetic=queryset.filter(is_demo=True).exists(),
    )


def measures_table(indicators: Sequence[Indicator], rows: Sequence[dict[str, Any]]) -> ExportTable:
    """The participation measures of one period, one row per county (compare page rows)."""
    columns = [
        Column("county", _("County"), kind="county"),
        *[Column(i.code, i.code, "#,##0.###") for i in indicators],
        Column("synthetic", _("Synthetic")),
    ]

    def table_rows() -> Iterator[dict[str, Any]]:
        for r in rows:
            row: dict[str, Any] = {"county": r["county"]}
            for indicator, value in zip(indicators, r["values"], strict=True):
                row[indicator.code] = value.value if value else None
            row["synthetic"] = any(v.is_synthetic for v in r["values"] if v)
            yield row

    return ExportTable(
        title=_("Participation measures"),
        columns=columns,
        rows=table_rows(),
        has_synthetic=any(v.is_synthetic for r in rows for v in r["values"] if v),
    )
