"""Read-side query helpers of the counties domain."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import OuterRef, Subquery

from governance.choices import Role

if TYPE_CHECKING:
    from governance.access import AnyUser


class CountyQuerySet(models.QuerySet):
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
