"""The participation registers as export tables, written by governance.exports (CSV).

Each table names the county and province beside their codes (a `county` column) and gives dates
as dates (Jalali and Gregorian under Persian with the jalali calendar). Contact columns are
added only when the caller has checked `access.can_view_contacts`.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from operator import attrgetter
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from counties.models import County, Indicator
from governance.exports.table import Column, ExportTable
from governance.money import money_label
from participation.models import Critique, Investment, Stakeholder

AMOUNT = "#,##0"


# A column of a register's table, and how a record fills it.
Field = tuple[Column, Callable[[Any], Any]]


def _field(
    key: str,
    header: str,
    number_format: str | None = None,
    *,
    kind: str = "value",
    value: Callable[[Any], Any] | None = None,
) -> Field:
    """A column and its value: `value(record)`, by default the record's attribute `key`."""
    return Column(key, header, number_format, kind), value or attrgetter(key)


def _contacts(*names: str) -> list[Field]:
    """The contact columns `names` (contact person, phone, email, address) of a register."""
    headers = {
        "contact_person": _("Contact person"),
        "phone": _("Phone"),
        "email": _("Email"),
        "address": _("Address"),
    }
    return [_field(name, headers[name]) for name in names]


def _register_table(
    title: str,
    records: Iterable[Any],
    fields: Sequence[Field],
    private: Sequence[Field] = (),
    *,
    private_on: Callable[[Any], bool] | None = None,
    has_synthetic: bool,
    notes: Sequence[str] = (),
) -> ExportTable:
    """A register recorded by the county governorates as a table: `fields` and whether the row
    is demo content on every row; the `private` columns (contacts, private text) filled on the
    rows `private_on` allows (None: every row). Callers pass `private` only to those who may
    see it."""
    fields = [*fields, _field("demo", _("Demo content"), value=attrgetter("is_demo"))]

    def rows() -> Iterator[dict[str, Any]]:
        for record in records:
            row = {column.key: value(record) for column, value in fields}
            if private and (private_on is None or private_on(record)):
                row.update({column.key: value(record) for column, value in private})
            yield row

    return ExportTable(
        title=title,
        columns=[column for column, _value in (*fields, *private)],
        rows=rows(),
        sources=[_("Recorded by the county governorates")],
        has_synthetic=has_synthetic,
        notes=list(notes),
    )


def stakeholders_table(county: County, *, with_contacts: bool) -> ExportTable:
    """The county's stakeholders with their engagement counts."""
    queryset = (
        Stakeholder.objects.filter(county=county)
        .annotate(engagement_count=Count("engagements"), last_engaged=Max("engagements__date"))
        .prefetch_related("interests")
        .order_by("name", "pk")
    )
    fields = [
        _field("county", _("County"), kind="county", value=lambda s: county),
        _field("name", _("Name")),
        _field("type", _("Type"), value=lambda s: s.get_type_display()),
        _field(
            "interests",
            _("Interests"),
            value=lambda s: "; ".join(str(d.name) for d in s.interests.all()),
        ),
        _field("active", _("Active"), value=attrgetter("is_active")),
        _field("engagements", _("Engagements"), AMOUNT, value=attrgetter("engagement_count")),
        _field("last_engaged", _("Last engaged"), kind="date"),
    ]
    return _register_table(
        _("Stakeholders"),
        queryset,
        fields,
        _contacts("contact_person", "phone", "email", "address") if with_contacts else (),
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
    fields = [
        _field("county", _("County"), kind="county"),
        _field("received_on", _("Date received"), kind="date"),
        _field("source", _("Raised by"), value=lambda c: c.get_source_display()),
        _field(
            "stakeholder",
            _("Stakeholder"),
            value=lambda c: c.stakeholder.name if c.stakeholder else "",
        ),
        _field("channel", _("Channel"), value=lambda c: c.get_channel_display()),
        _field("topic", _("Topic")),
        _field(
            "challenge_code",
            _("Challenge code"),
            value=lambda c: c.challenge.code if c.challenge else "",
        ),
        _field(
            "challenge", _("Challenge"), value=lambda c: c.challenge.name if c.challenge else ""
        ),
        _field("project_id", _("Project ID")),
        _field("project", _("Project"), value=lambda c: c.project.title if c.project else ""),
        _field("status", _("Status"), value=lambda c: c.get_status_display()),
        _field("responded_on", _("Response date"), kind="date"),
        _field("days_to_respond", _("Days to respond")),
        _field(
            "public_summary",
            _("Public summary"),
            value=lambda c: c.public_summary if c.is_publishable else "",
        ),
        _field("decline_reason", _("Reason for declining")),
        _field("publishable", _("Publishable"), value=attrgetter("is_publishable")),
    ]
    private = [
        _field("body", _("What was said")),
        _field("response", _("Response")),
        _field("citizen_name", _("Citizen's name")),
        _field("citizen_contact", _("Citizen's contact")),
    ]
    return _register_table(
        _("Critiques"),
        queryset.iterator(chunk_size=1000),
        fields,
        private if with_private else (),
        private_on=lambda c: c.county_id in contact_counties,
        has_synthetic=queryset.filter(is_demo=True).exists(),
        notes=() if with_private else [_("Personal contact data and private text are left out.")],
    )


def investments_table(county: County, *, with_contacts: bool) -> ExportTable:
    """The county's investment pipeline; contact columns only `with_contacts`."""
    queryset = Investment.objects.filter(county=county).order_by("lead_on", "pk")
    fields = [
        _field("county", _("County"), kind="county", value=lambda i: county),
        _field("name", _("Project")),
        _field("investor", _("Investor or entrepreneur")),
        _field("sector", _("Sector"), value=lambda i: i.get_sector_display()),
        _field("stage", _("Stage"), value=lambda i: i.get_stage_display()),
        _field("stage_changed_on", _("Stage reached on"), kind="date"),
        _field("lead_on", _("First contact"), kind="date"),
        _field("amount", money_label(_("Amount (%(currency)s)")), AMOUNT),
        _field("expected_jobs", _("Expected jobs"), AMOUNT),
        _field("realized_jobs", _("Realized jobs"), AMOUNT),
        _field("dropped_reason", _("Why it was dropped")),
        _field("blocking_agency", _("Blocking agency")),
    ]
    return _register_table(
        _("Investments"),
        queryset,
        fields,
        _contacts("contact_person", "phone", "email") if with_contacts else (),
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
