"""Read-side query helpers of the counties domain."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber

from governance import access
from governance.collation import by_name
from governance.compiled import CompiledQuery
from governance.persian import search_forms

if TYPE_CHECKING:
    from counties.models import Observation  # noqa: F401 (ObservationQuerySet's type argument
    from governance.access import AnyUser


class NamedQuerySet(models.QuerySet):
    """Rows with a Persian and an English name (provinces, counties, areas)."""

    def order_by_name(self, *first: Any) -> Any:
        """Ordered by the fields `first`, then by name in the active language in Persian
        alphabetical order (governance.collation), then by primary key: the one ordering of
        names every list uses."""
        return self.order_by(*first, by_name(), "pk")


class ProvinceQuerySet(NamedQuerySet):
    """Provinces with figures summed over their counties."""

    def with_county_totals(self, population_code: str, period: str) -> list[Any]:
        """The provinces, each with `county_count` and `population` (the sum of its counties'
        county-level values of `population_code` in `period`). Two grouped queries over the
        (indicator, period) index, joined in Python: a correlated subquery per province made
        PostgreSQL rescan the period's observations once per province."""
        from django.db.models import Count, Sum

        from counties.models import County, Observation

        totals = dict(
            Observation.objects.filter(
                area__isnull=True, indicator__code=population_code, period=period
            )
            .order_by()
            .values_list("county__province_id")
            .annotate(total=Sum("value"))
        )
        counts = dict(County.objects.order_by().values_list("province_id").annotate(n=Count("pk")))
        provinces: list[Any] = list(self)  # each given two attributes below
        for province in provinces:
            province.county_count = counts.get(province.pk, 0)
            province.population = totals.get(province.pk)
        return provinces


class ObservationQuerySet(models.QuerySet["Observation"]):
    """Indicator values."""

    def latest_values(self) -> ObservationQuerySet:
        """The latest county-level observation of each (indicator, county) among these rows:
        the greatest period start wins; on a tie (a year and its first quarter or month start
        on the same day) the row saved last (greatest id). Every "latest value" read (pages,
        reports, plan targets, KPIs, investor figures, profiles) asks this. One query: a window
        ranks each pair's rows in SQL, so no year but the latest is loaded."""
        newest_first = Window(
            RowNumber(),
            partition_by=[F("indicator_id"), F("county_id")],
            order_by=[F("period_start").desc(), F("pk").desc()],
        )
        return (
            self.filter(area__isnull=True).annotate(newest_rank=newest_first).filter(newest_rank=1)
        )

    def county_values(self, codes: list[str], period: str) -> dict[tuple[int, str], float]:
        """{(county id, indicator code): county-level value in `period`} for these counties'
        observations of the indicators `codes`: one query over the (indicator, period) index."""
        rows = self.filter(area__isnull=True, indicator__code__in=codes, period=period)
        return {
            (county_id, code): value
            for county_id, code, value in rows.order_by().values_list(
                "county_id", "indicator__code", "value"
            )
        }


def county_search(text: str, prefix: str = "") -> Q:
    """Rows whose county (reached through `prefix`, e.g. "county__") has `text` in its name in
    either language or its province's, or has it as its code, in any digits and with Arabic
    letter forms read as Persian (governance.persian.search_forms); every row for blank text."""
    condition = Q()
    for form in search_forms(text):
        condition |= (
            Q(**{f"{prefix}name_fa__icontains": form})
            | Q(**{f"{prefix}name_en__icontains": form})
            | Q(**{f"{prefix}code__iexact": form})
            | Q(**{f"{prefix}province__name_fa__icontains": form})
            | Q(**{f"{prefix}province__name_en__icontains": form})
        )
    return condition


class CountyQuerySet(NamedQuerySet):
    """Counties, scoped by who is asking and annotated with indicator values."""

    def search(self, text: str) -> CountyQuerySet:
        """Counties matching a typed search (county_search)."""
        return self.filter(county_search(text))

    def viewable_by(self, user: AnyUser) -> CountyQuerySet:
        """Counties whose non-public data the user may read (access.can_view_county)."""
        return self.filter(access.scope_of(user, "view").q(county="pk", province="province"))

    def changeable_by(self, user: AnyUser) -> CountyQuerySet:
        """Counties the user may change (access.can_change_county)."""
        return self.filter(access.scope_of(user, "change").q(county="pk", province="province"))

    def with_indicator_values(self, codes: list[str], period: str) -> CountyQuerySet:
        """Annotate each county with the county-level value of each indicator in `period`."""
        from counties.models import Observation

        annotations: dict[str, Any] = {}
        for code in codes:
            annotations[f"ind_{code.replace('-', '_')}"] = Subquery(
                Observation.objects.filter(
                    county=OuterRef("pk"),
                    area__isnull=True,
                    indicator__code=code,
                    period=period,
                ).values("value")[:1]
            )
        return self.annotate(**annotations)

    def with_census_flag(self) -> CountyQuerySet:
        """Counties with `any_census_code`: whether any county has a census code, which
        `County.created_after_census` reads instead of asking (one query less per page)."""
        from django.db.models import Exists

        from counties.models import County

        return self.annotate(any_census_code=Exists(County.objects.filter(census_code__gt="")))

    def for_profile_page(self) -> CountyQuerySet:
        """Counties with their province (boundaries left out) and, read in the same query, what
        the county page keys its cached parts by: `has_boundary`, the `stamp` of the
        observations (`observations_stamp`), whether `any_census_code` is known (what
        `created_after_census` asks), the number and newest change of the province's
        counties (`province_rows`, `province_newest`: their boundaries' version), the newest
        change of any county or province (`geography_stamp`, for names cached elsewhere) and
        the number and newest change of the county's own areas (`area_rows`, `areas_newest`)."""
        from django.db.models import (
            BooleanField,
            Count,
            DateTimeField,
            ExpressionWrapper,
            IntegerField,
            Max,
        )

        from counties.models import Area, County, Observation, Province

        neighbours = County.objects.filter(province_id=OuterRef("province_id")).order_by()
        own_areas = Area.objects.filter(county_id=OuterRef("pk")).order_by().values("county_id")
        newest_county = County.objects.order_by("-updated_at").values("updated_at")[:1]
        newest_province = Province.objects.order_by("-updated_at").values("updated_at")[:1]
        return (
            self.select_related("province")
            .defer("geometry", "province__geometry")
            .with_census_flag()
            .annotate(
                has_boundary=ExpressionWrapper(
                    Q(geometry__isnull=False), output_field=BooleanField()
                ),
                stamp=Subquery(
                    Observation.history.order_by("-history_id").values("history_id")[:1],
                    output_field=IntegerField(),
                ),
                province_rows=Subquery(
                    neighbours.values("province_id").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                province_newest=Subquery(
                    neighbours.values("province_id").annotate(m=Max("updated_at")).values("m"),
                    output_field=DateTimeField(),
                ),
                counties_newest=Subquery(newest_county, output_field=DateTimeField()),
                provinces_newest=Subquery(newest_province, output_field=DateTimeField()),
                area_rows=Subquery(
                    own_areas.annotate(n=Count("pk")).values("n"), output_field=IntegerField()
                ),
                areas_newest=Subquery(
                    own_areas.annotate(m=Max("updated_at")).values("m"),
                    output_field=DateTimeField(),
                ),
            )
        )


def _newest_observation_change() -> Any:
    from counties.models import Observation
    from governance.pagination import history_model

    # (Not Observation.history: reading it builds a new manager class, 0.1 ms each time.)
    history = history_model(Observation)._default_manager
    return history.order_by("-history_id").values_list("history_id")[:1]


_NEWEST_OBSERVATION_CHANGE = CompiledQuery(_newest_observation_change)


def observations_stamp() -> int:
    """A number that changes whenever any observation is written or deleted: the newest id of
    the observations' history (every write path records history, the bulk import's fast path
    included). One index lookup, compiled once (governance.compiled), so caches keyed by it
    cost nothing to check."""
    newest = _NEWEST_OBSERVATION_CHANGE.first()
    return int(newest[0]) if newest else 0


def geography_stamp() -> str:
    """A value that changes whenever a province or a county is created, saved or deleted: the
    number of each and their newest `updated_at` (indexed), read in one statement; as a short
    digest (a part of cache keys)."""
    import hashlib

    from django.db import connection

    from counties.models import County, Province

    quote = connection.ops.quote_name
    parts = []
    for model in (County, Province):
        table = quote(model._meta.db_table)
        updated_at = quote(model._meta.get_field("updated_at").column or "updated_at")
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX({updated_at}) FROM {table})"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")  # names from the models only
        row = cursor.fetchone()
    return hashlib.sha256(repr(tuple(row)).encode()).hexdigest()[:16]


# What the county page reads with a county (CountyQuerySet.for_profile_page's annotations).
PROFILE_ANNOTATIONS = (
    "has_boundary",
    "stamp",
    "any_census_code",
    "province_rows",
    "province_newest",
    "counties_newest",
    "provinces_newest",
    "area_rows",
    "areas_newest",
)


def _shown_fields(model: Any) -> list[str]:
    """A place's columns but its boundary (`geometry`), by attribute name."""
    return [f.attname for f in model._meta.concrete_fields if f.name != "geometry"]


def _profile_row(code: str) -> Any:
    from counties.models import County, Province

    return (
        County.objects.for_profile_page()
        .filter(code=code)
        .order_by()
        .values_list(
            *_shown_fields(County),
            *(f"province__{name}" for name in _shown_fields(Province)),
            *PROFILE_ANNOTATIONS,
        )
    )


_PROFILE_ROW = CompiledQuery(_profile_row, texts=1)


def profile_county(code: str) -> Any:
    """`County.objects.for_profile_page().get(code=code)`, None when there is none: the county
    with its province (no boundaries) and its annotations, from a query compiled once
    (governance.compiled; compiling its nine subqueries cost the county page 0.8 ms)."""
    from django.db import DEFAULT_DB_ALIAS

    from counties.models import County, Province

    row = _PROFILE_ROW.first(code)
    if row is None:
        return None
    county_fields, province_fields = _shown_fields(County), _shown_fields(Province)
    split = len(county_fields) + len(province_fields)
    county = County.from_db(DEFAULT_DB_ALIAS, county_fields, row[: len(county_fields)])
    county.province = Province.from_db(
        DEFAULT_DB_ALIAS, province_fields, row[len(county_fields) : split]
    )
    for name, value in zip(PROFILE_ANNOTATIONS, row[split:], strict=True):
        setattr(county, name, value)
    return county


def _catalogue_rows() -> Any:
    from counties.models import Indicator

    return Indicator.objects.order_by("pk").values_list(
        "pk", "code", "name_fa", "name_en", "unit", "dimension_id", "dimension__order"
    )


_CATALOGUE = CompiledQuery(_catalogue_rows)


def catalogue_stamp() -> str:
    """A digest of the indicator catalogue as pages show it beside values (each indicator's
    code, names, unit and dimension, and the dimensions' order): it changes whenever an
    indicator is added, renamed, moved or removed, however it was written (form, import,
    admin). One query of the catalogue's rows (tens), compiled once (governance.compiled)."""
    import hashlib

    return hashlib.sha256(repr(_CATALOGUE.rows()).encode()).hexdigest()[:16]
