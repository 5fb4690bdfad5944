"""Endpoints of flagship projects and action plans, with the same rules as the pages.

Reads: whoever may view the county. Writes: whoever may change it (governance.access). Lists
only hold rows of counties the user may view. Nothing is deleted: projects and plans are archived
with POST .../archive/ (and brought back with .../restore/), sending the version read.
"""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django.db.models import Prefetch, QuerySet
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from governance import access
from governance.api import (
    CountyScoped,
    call_service,
    creation_data,
    require_change,
    service_errors,
)
from governance.filters import PersianFilterSet
from governance.http import signed_in_user
from governance.pagination import history_stamp
from governance.periods import PeriodError, parse_year
from projects import queries as project_queries
from projects import services
from projects.api.serializers import (
    MilestoneSerializer,
    PlanActionSerializer,
    PlanSerializer,
    PlanTargetSerializer,
    ProgressUpdateSerializer,
    ProjectSerializer,
    VersionSerializer,
)
from projects.choices import ProjectStatus
from projects.models import (
    ActionPlan,
    Evidence,
    FlagshipProject,
    Milestone,
    PlanTarget,
    ProgressUpdate,
)
from projects.models.projects import ProjectQuerySet

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]
# The list's order (ProjectQuerySet.with_state_data's, which annotating would otherwise drop).
LIST_ORDER = ("county", "period_start", "pk")


class ArchivedByDefaultHidden:
    """List views leave archived rows out unless `?archived=true` asks for them."""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)  # type: ignore[misc]
        if self.action == "list" and "archived" not in self.request.query_params:  # type: ignore[attr-defined]
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset


def versioned_action(name: str, function: Any, doc: str) -> Any:
    """An archive/restore style action `name` (its URL too), documented by `doc`: call `function`
    on the row with the version sent, answer the row as it now is."""

    def view(self: Any, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()  # object permission: may change
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(
            function, item, expected_version=body.validated_data["version"], user=request.user
        )
        fresh = self.get_queryset().get(pk=item.pk)
        return Response(self.get_serializer(fresh).data)

    # The router names the route and its URL after the function, and the schema takes its doc.
    view.__name__ = view.__qualname__ = name
    view.__doc__ = doc
    return action(detail=True, methods=["post"])(view)


class ChildRowViewSet(viewsets.ModelViewSet):
    """Writes of a project's or plan's rows: the parent's county decides who may write, and the
    services `add(parent, data, user=)` and `change(row, data, user=)` do it."""

    # (The docstring above is the API schema's description of these endpoints.) The rows of the
    # parents the user may view are listed; nothing is deleted. The serializer (a ParentScoped)
    # names the parent's field and model.
    related: tuple[str, ...] = ()  # what else a row shows, read with it
    add: Any
    change: Any
    permission_classes = [CountyScoped]
    http_method_names = NO_DELETE

    def get_queryset(self) -> QuerySet:
        rows: Any = self.serializer_class
        parents = rows.parent_model.objects.viewable_by(self.request.user)
        return rows.Meta.model.objects.filter(
            **{f"{rows.parent_field}__in": parents}
        ).select_related(f"{rows.parent_field}__county", *self.related)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        parent = data.pop(cast(Any, self.serializer_class).parent_field)
        require_change(self.request, parent.county)
        with service_errors():
            serializer.instance = self.add(parent, data, user=self.request.user)

    def perform_update(self, serializer: Any) -> None:
        with service_errors():
            serializer.instance = self.change(
                serializer.instance, dict(serializer.validated_data), user=self.request.user
            )


def _add_target(plan: ActionPlan, data: dict[str, Any], *, user: Any) -> PlanTarget:
    return services.add_target(plan, user=user, **data)


class ProjectFilter(PersianFilterSet):
    county = django_filters.CharFilter(field_name="county__code")
    province = django_filters.CharFilter(field_name="county__province__code")
    dimension = django_filters.CharFilter(field_name="dimension__code")
    area = django_filters.NumberFilter(field_name="areas")
    archived = django_filters.BooleanFilter(
        field_name="archived_at", lookup_expr="isnull", exclude=True
    )
    year = django_filters.NumberFilter(
        method="filter_year", label="Year (of the country's calendar) the period overlaps"
    )
    status = django_filters.ChoiceFilter(
        method="filter_status", choices=[*ProjectStatus.choices, ("stale", "stale")]
    )

    class Meta:
        model = FlagshipProject
        fields = ["county", "province", "dimension", "area", "is_public", "is_demo", "archived"]

    def filter_year(self, queryset: ProjectQuerySet, name: str, value: int) -> ProjectQuerySet:
        try:
            year = parse_year(int(value))
        except (PeriodError, ValueError):
            return queryset.none()
        return project_queries.filter_projects(queryset, year=year)

    def filter_status(self, queryset: ProjectQuerySet, name: str, value: str) -> ProjectQuerySet:
        return project_queries.filter_projects(queryset, status=value)


class ProjectViewSet(ArchivedByDefaultHidden, viewsets.ModelViewSet):
    """Flagship projects. Send `version` with every update; 409 means someone changed it first."""

    serializer_class = ProjectSerializer
    permission_classes = [CountyScoped]
    filterset_class = ProjectFilter
    http_method_names = NO_DELETE

    def get_queryset(self) -> QuerySet:
        projects = FlagshipProject.objects.viewable_by(self.request.user)
        if self.action == "list":  # counted and paged plain; the page's rows get their state
            return projects.order_by(*LIST_ORDER)
        return projects.with_state_data()

    def count_stamp(self) -> tuple[int, ...] | None:
        """Counts are cached (governance.pagination) until a project, a milestone or a progress
        update is written: `?status=` derives from all three (and the day, which is in the SQL)."""
        return history_stamp(FlagshipProject, Milestone, plain=(ProgressUpdate,))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The page is chosen (and counted) on the projects alone, then its rows are read with
        # their state: compiling the annotated query cost more than an empty page's answer.
        # (A comment, not a docstring: the schema describes the list with the class's.)
        projects = self.filter_queryset(self.get_queryset())
        ids = self.paginate_queryset(projects.values_list("pk", flat=True))
        assert ids is not None  # every list is paginated (settings.REST_FRAMEWORK)
        rows = (
            {p.pk: p for p in FlagshipProject.objects.filter(pk__in=ids).with_state_data()}
            if ids
            else {}
        )
        serializer = self.get_serializer([rows[pk] for pk in ids if pk in rows], many=True)
        return self.get_paginated_response(serializer.data)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["can_view_contacts"] = lambda county: access.can_view_contacts(
            self.request.user, county
        )
        return context

    def perform_create(self, serializer: BaseSerializer[FlagshipProject]) -> None:
        county, data = creation_data(self.request, serializer)
        areas = data.pop("areas", [])
        with service_errors():
            serializer.instance = services.create_project(
                county, data, areas=areas, user=signed_in_user(self.request)
            )

    def perform_update(self, serializer: BaseSerializer[FlagshipProject]) -> None:
        data = dict(serializer.validated_data)
        how = {"areas": data.pop("areas", None), "expected_version": data.pop("version")}
        # UpdateModelMixin.update builds the serializer on the row it read: instance is set.
        project = cast(FlagshipProject, serializer.instance)
        with service_errors():
            serializer.instance = services.update_project(
                project, data, user=signed_in_user(self.request), **how
            )

    archive = versioned_action(
        "archive",
        services.archive_project,
        'Archive the project (soft delete); send {"version": n}.',
    )
    restore = versioned_action(
        "restore", services.restore_project, 'Bring an archived project back; send {"version": n}.'
    )


class MilestoneViewSet(ChildRowViewSet):
    serializer_class = MilestoneSerializer
    filterset_fields = {
        "project": ["exact"],
        "done_date": ["isnull"],
        "planned_date": ["gte", "lte"],
    }
    add = staticmethod(services.add_milestone)
    change = staticmethod(services.update_milestone)


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
    cursor_ordering = "-pk"  # updates keep no history to stamp a cached count: keyset on request

    def get_queryset(self) -> QuerySet:
        return (
            ProgressUpdate.objects.filter(
                project__in=FlagshipProject.objects.viewable_by(self.request.user)
            )
            .select_related("project__county", "created_by")
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        )

    def perform_create(self, serializer: BaseSerializer[ProgressUpdate]) -> None:
        data = serializer.validated_data
        require_change(self.request, data["project"].county)
        with service_errors():
            serializer.instance = services.record_progress(
                data["project"],
                date=data["date"],
                percent=data["percent"],
                note=data.get("note", ""),
                files=data.get("files", []),
                public_photos=data.get("public_photos", True),
                completed=data.get("completed", []),
                user=signed_in_user(self.request),
            )


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

    def perform_create(self, serializer: BaseSerializer[ActionPlan]) -> None:
        county, data = creation_data(self.request, serializer)
        with service_errors():
            serializer.instance = services.create_plan(
                county, data, user=signed_in_user(self.request)
            )

    def perform_update(self, serializer: BaseSerializer[ActionPlan]) -> None:
        data = dict(serializer.validated_data)
        version = data.pop("version")
        # UpdateModelMixin.update builds the serializer on the row it read: instance is set.
        plan = cast(ActionPlan, serializer.instance)
        with service_errors():
            serializer.instance = services.update_plan(
                plan, data, expected_version=version, user=signed_in_user(self.request)
            )

    archive = versioned_action(
        "archive", services.archive_plan, 'Archive the plan (soft delete); send {"version": n}.'
    )
    restore = versioned_action(
        "restore", services.restore_plan, 'Bring an archived plan back; send {"version": n}.'
    )


class PlanTargetViewSet(ChildRowViewSet):
    serializer_class = PlanTargetSerializer
    filterset_fields = {"plan": ["exact"], "indicator__code": ["exact"]}
    related = ("indicator",)
    add = staticmethod(_add_target)
    change = staticmethod(services.update_target)


class PlanActionViewSet(ChildRowViewSet):
    serializer_class = PlanActionSerializer
    filterset_fields = {"plan": ["exact"], "status": ["exact"], "due_date": ["gte", "lte"]}
    add = staticmethod(services.add_action)
    change = staticmethod(services.update_action)
