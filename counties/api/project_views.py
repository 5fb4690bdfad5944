"""Endpoints of flagship projects and action plans, with the same rules as the pages.

Reads: whoever may view the county. Writes: whoever may change it (governance.access). Lists
only hold rows of counties the user may view. Nothing is deleted: projects and plans are archived
with POST .../archive/ (and brought back with .../restore/), sending the version read.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from counties import project_queries
from counties import project_services as services
from counties.api.project_serializers import (
    MilestoneSerializer,
    PlanActionSerializer,
    PlanSerializer,
    PlanTargetSerializer,
    ProgressUpdateSerializer,
    ProjectSerializer,
    VersionSerializer,
    call_service,
)
from counties.choices import ProjectStatus
from counties.models import (
    ActionPlan,
    Evidence,
    FlagshipProject,
    Milestone,
    PlanAction,
    PlanTarget,
    ProgressUpdate,
)
from counties.models.projects import ProjectQuerySet
from governance import access
from governance.api import CountyScoped
from governance.filters import PersianFilterSet

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


def _require_change(request: Request, county: Any) -> None:
    access.require(access.can_change_county(request.user, county))


class ArchivedByDefaultHidden:
    """List views leave archived rows out unless `?archived=true` asks for them."""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)  # type: ignore[misc]
        if self.action == "list" and "archived" not in self.request.query_params:  # type: ignore[attr-defined]
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset


class ProjectFilter(PersianFilterSet):
    county = django_filters.CharFilter(field_name="county__code")
    province = django_filters.CharFilter(field_name="county__province__code")
    dimension = django_filters.CharFilter(field_name="dimension__code")
    area = django_filters.NumberFilter(field_name="areas")
    archived = django_filters.BooleanFilter(
        field_name="archived_at", lookup_expr="isnull", exclude=True
    )
    year = django_filters.NumberFilter(
        method="filter_year", label="Jalali year the period overlaps"
    )
    status = django_filters.ChoiceFilter(
        method="filter_status", choices=[*ProjectStatus.choices, ("stale", "stale")]
    )

    class Meta:
        model = FlagshipProject
        fields = ["county", "province", "dimension", "area", "is_public", "is_demo", "archived"]

    def filter_year(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        if not 1300 <= value <= 1499:
            return queryset.none()
        return project_queries.overlapping(
            queryset, *project_queries.jalali_year_bounds(int(value))
        )

    def filter_status(self, queryset: ProjectQuerySet, name: str, value: str) -> QuerySet:
        # The status is derived in Python from milestones and today: select the matching ids.
        projects = project_queries.with_states(queryset.with_state_data())
        ids = [p.pk for p in project_queries.filter_status(projects, value)]
        return queryset.filter(pk__in=ids)


class ProjectViewSet(ArchivedByDefaultHidden, viewsets.ModelViewSet):
    """Flagship projects. Send `version` with every update; 409 means someone changed it first."""

    serializer_class = ProjectSerializer
    permission_classes = [CountyScoped]
    filterset_class = ProjectFilter
    http_method_names = NO_DELETE

    def get_queryset(self) -> QuerySet:
        return FlagshipProject.objects.viewable_by(self.request.user).with_state_data()

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["can_view_contacts"] = lambda county: access.can_view_contacts(
            self.request.user, county
        )
        return context

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        _require_change(self.request, serializer.validated_data["county"])
        serializer.save()

    def _versioned(self, request: Request, function: Any) -> Response:
        project = self.get_object()  # object permission: may change this county
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(
            function, project, expected_version=body.validated_data["version"], user=request.user
        )
        fresh = self.get_queryset().get(pk=project.pk)
        return Response(self.get_serializer(fresh).data)

    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str | None = None) -> Response:
        """Archive the project (soft delete); send {"version": n}."""
        return self._versioned(request, services.archive_project)

    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str | None = None) -> Response:
        """Bring an archived project back; send {"version": n}."""
        return self._versioned(request, services.restore_project)


class MilestoneViewSet(viewsets.ModelViewSet):
    serializer_class = MilestoneSerializer
    permission_classes = [CountyScoped]
    filterset_fields = {
        "project": ["exact"],
        "done_date": ["isnull"],
        "planned_date": ["gte", "lte"],
    }
    http_method_names = NO_DELETE

    def get_queryset(self) -> QuerySet:
        return Milestone.objects.filter(
            project__in=FlagshipProject.objects.viewable_by(self.request.user)
        ).select_related("project__county")

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        _require_change(self.request, serializer.validated_data["project"].county)
        serializer.save()


class ProgressUpdateViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Progress reports are kept as written: created and read, never changed or deleted."""

    serializer_class = ProgressUpdateSerializer
    permission_classes = [CountyScoped]
    filterset_fields = {"project": ["exact"], "date": ["gte", "lte"]}

    def get_queryset(self) -> QuerySet:
        return (
            ProgressUpdate.objects.filter(
                project__in=FlagshipProject.objects.viewable_by(self.request.user)
            )
            .select_related("project__county", "created_by")
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        )

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        _require_change(self.request, serializer.validated_data["project"].county)
        serializer.save()


class PlanFilter(PersianFilterSet):
    county = django_filters.CharFilter(field_name="county__code")
    province = django_filters.CharFilter(field_name="county__province__code")
    dimension = django_filters.CharFilter(field_name="dimension__code")
    archived = django_filters.BooleanFilter(
        field_name="archived_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = ActionPlan
        fields = ["county", "province", "dimension", "is_demo", "archived"]


class PlanViewSet(ArchivedByDefaultHidden, viewsets.ModelViewSet):
    """Action plans. Send `version` with every update; 409 means someone changed it first."""

    serializer_class = PlanSerializer
    permission_classes = [CountyScoped]
    filterset_class = PlanFilter
    http_method_names = NO_DELETE

    def get_queryset(self) -> QuerySet:
        return ActionPlan.objects.viewable_by(self.request.user).select_related(
            "county", "dimension"
        )

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        _require_change(self.request, serializer.validated_data["county"])
        serializer.save()

    def _versioned(self, request: Request, function: Any) -> Response:
        plan = self.get_object()
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(
            function, plan, expected_version=body.validated_data["version"], user=request.user
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data)

    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str | None = None) -> Response:
        """Archive the plan (soft delete); send {"version": n}."""
        return self._versioned(request, services.archive_plan)

    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str | None = None) -> Response:
        """Bring an archived plan back; send {"version": n}."""
        return self._versioned(request, services.restore_plan)


class PlanTargetViewSet(viewsets.ModelViewSet):
    serializer_class = PlanTargetSerializer
    permission_classes = [CountyScoped]
    filterset_fields = {"plan": ["exact"], "indicator__code": ["exact"]}
    http_method_names = NO_DELETE

    def get_queryset(self) -> QuerySet:
        return PlanTarget.objects.filter(
            plan__in=ActionPlan.objects.viewable_by(self.request.user)
        ).select_related("plan__county", "indicator")

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        _require_change(self.request, serializer.validated_data["plan"].county)
        serializer.save()


class PlanActionViewSet(viewsets.ModelViewSet):
    serializer_class = PlanActionSerializer
    permission_classes = [CountyScoped]
    filterset_fields = {"plan": ["exact"], "status": ["exact"], "due_date": ["gte", "lte"]}
    http_method_names = NO_DELETE

    def get_queryset(self) -> QuerySet:
        return PlanAction.objects.filter(
            plan__in=ActionPlan.objects.viewable_by(self.request.user)
        ).select_related("plan__county")

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        _require_change(self.request, serializer.validated_data["plan"].county)
        serializer.save()
