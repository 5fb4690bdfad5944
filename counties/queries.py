"""Read-side query helpers of the counties domain."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import OuterRef, Subquery

from governance.choices import Role
from governance.collation import by_name

if TYPE_CHECKING:
    from counties.models import Observation  # noqa: F401 (ObservationQuerySet's type argument)
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

    def latest_for_county(self, county_id: int) -> list[Any]:
        """The newest county-level value of each indicator of one county: a grouped query for
        the newest period start of each indicator, then the rows starting on those dates (a
        handful of dates: indicators are mostly reported together), kept where they are their
        indicator's newest. Loading every year of every indicator cost ten times more."""
        from django.db.models import Max

        rows = self.filter(county_id=county_id, area__isnull=True)
        newest = dict(
            rows.order_by().values_list("indicator_id").annotate(latest=Max("period_start"))
        )
        candidates = rows.filter(period_start__in=set(newest.values()))
        return [o for o in candidates if newest.get(o.indicator_id) == o.period_start]

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


class CountyQuerySet(NamedQuerySet):
    """Counties, scoped by who is asking and annotated with indicator values."""

    def viewable_by(self, user: AnyUser) -> CountyQuerySet:
        from governance.access import is_ministry

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if is_ministry(user) or user.role == Role.ANALYST:
            return self.all()
        if user.role == Role.PROVINCIAL_OFFICER:
            return self.filter(province_id=user.province_id)
        if user.role == Role.GOVERNOR:
            return self.filter(pk=user.county_id)
        return self.none()

    def changeable_by(self, user: AnyUser) -> CountyQuerySet:
        from governance.access import is_ministry

        if not user.is_authenticated or not user.is_active or user.role == Role.ANALYST:
            return self.none()
        if is_ministry(user):
            return self.all()
        return self.viewable_by(user)

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


def observations_stamp() -> int:
    """A number that changes whenever any observation is written or deleted: the newest id of
    the observations' history (every write path records history, the bulk import's fast path
    included). One index lookup, so caches keyed by it cost nothing to check."""
    from django.db.models import Max

    from counties.models import Observation

    return Observation.history.aggregate(last=Max("history_id"))["last"] or 0
