"""Endpoints of the participation API. They scope, check and call services; they compute nothing.

Reads follow the pages: whoever may view a county reads its records (contacts only for those
who may see them); writes need the right to change the county. Experiences that are published
are readable by every signed-in user. Changes of versioned records send the `version` read;
an older one gets 409 Conflict and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from counties.models import Observation
from governance import access
from governance.api import CountyScoped, call_service, creation_data, require_change
from governance.http import signed_in_user
from participation import services
from participation.api import serializers as s
from participation.measures import MEASURE_CODES
from participation.models import (
    Commitment,
    Critique,
    Engagement,
    Experience,
    Investment,
    Meeting,
    MeetingSeries,
    Stakeholder,
)

if TYPE_CHECKING:
    from participation.queries import CommitmentQuerySet, CountyScopedQuerySet, ExperienceQuerySet


class ServiceViewSet(viewsets.GenericViewSet):
    """Base: writes go through a service as the request's user (governance.api's convention)."""

    def call(self, service: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`service(*args, **kwargs)` as the request's user; a refusal answers 400 or 409."""
        return call_service(service, *args, user=signed_in_user(self.request), **kwargs)

    def write(
        self, serializer: Any, service: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> None:
        """A create or update: `call` the service and answer with the record it returns."""
        serializer.instance = self.call(service, *args, **kwargs)

    def act(
        self, payload_class: type[serializers.Serializer], service: Callable[..., Any], record: Any
    ) -> None:
        """An action: validate its payload, then `call` `service(record, **payload)`, the
        payload's `version` sent as `expected_version`."""
        payload = payload_class(data=self.request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if "version" in data:
            data["expected_version"] = data.pop("version")
        self.call(service, record, **data)

    def save_with_links(self, serializer: Any, service: Callable[..., Any], links: str) -> None:
        """A create or update through one service that also sets the record's many-to-many
        `links`: `service(record, values, <links>=..., expected_version=..., user=...)`."""
        if serializer.instance is None:
            county, data = creation_data(self.request, serializer)
            record = serializer.Meta.model(county=county)
            extra = {links: data.pop(links, [])}
        else:
            data = change_data(serializer)
            record = serializer.instance
            extra = {links: data.pop(links, None), "expected_version": data.pop("version")}
        self.write(serializer, service, record, data, **extra)


def change_data(serializer: Any) -> dict[str, Any]:
    """An update's validated data without `county`: a record stays in its county."""
    data = dict(serializer.validated_data)
    data.pop("county", None)
    return data


# POST creates, PATCH changes the fields it sends; no PUT, no DELETE.
CREATE_AND_PATCH = ["get", "post", "patch", "head", "options"]


class CountyRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """Base: lists and reads the records of the counties the user may view; object rights by
    CountyScoped."""

    permission_classes = [CountyScoped]

    def get_queryset(self) -> Any:
        queryset = cast("CountyScopedQuerySet", super().get_queryset())  # a participation record's
        return queryset.viewable_by(self.request.user)


class StakeholderViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, CountyRecordViewSet):
    queryset = Stakeholder.objects.select_related("county").prefetch_related("interests")
    serializer_class = s.StakeholderSerializer
    filterset_fields = {"county__code": ["exact"], "type": ["exact"], "is_active": ["exact"]}
    http_method_names = CREATE_AND_PATCH

    def perform_create(self, serializer: Any) -> None:
        self.save_with_links(serializer, services.save_stakeholder, "interests")

    def perform_update(self, serializer: Any) -> None:
        self.save_with_links(serializer, services.save_stakeholder, "interests")


class EngagementViewSet(mixins.CreateModelMixin, CountyRecordViewSet):
    queryset = Engagement.objects.select_related("county", "challenge")
    serializer_class = s.EngagementSerializer
    filterset_fields = {
        "county__code": ["exact"],
        "stakeholder": ["exact"],
        "project": ["exact"],
        "kind": ["exact"],
        "date": ["gte", "lte"],
    }

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        stakeholder = data.pop("stakeholder")
        require_change(self.request, stakeholder.county)
        self.write(serializer, services.record_engagement, stakeholder, **data)


class MeetingSeriesViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, CountyRecordViewSet):
    queryset = MeetingSeries.objects.select_related("county")
    serializer_class = s.MeetingSeriesSerializer
    filterset_fields = {"county__code": ["exact"], "kind": ["exact"]}
    http_method_names = CREATE_AND_PATCH

    def perform_create(self, serializer: Any) -> None:
        county, data = creation_data(self.request, serializer)
        self.write(serializer, services.save_meeting_series, MeetingSeries(county=county), data)

    def perform_update(self, serializer: Any) -> None:
        data = change_data(serializer)
        self.write(serializer, services.save_meeting_series, serializer.instance, data)


class MeetingViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, CountyRecordViewSet):
    queryset = Meeting.objects.select_related("county", "series")
    serializer_class = s.MeetingSerializer
    filterset_fields = {
        "county__code": ["exact"],
        "series": ["exact"],
        "status": ["exact"],
        "starts_at": ["gte", "lte"],
    }
    http_method_names = CREATE_AND_PATCH

    def perform_create(self, serializer: Any) -> None:
        county, data = creation_data(self.request, serializer)
        self.write(serializer, services.schedule_meeting, county, **data)

    def perform_update(self, serializer: Any) -> None:
        data = change_data(serializer)
        self.write(serializer, services.update_meeting, serializer.instance, data)

    @action(detail=True, methods=["post"], serializer_class=s.MeetingOutcomeSerializer)
    def outcome(self, request: Request, pk: str | None = None) -> Response:
        """Record that the meeting was held (with decisions) or cancelled."""
        meeting = self.get_object()
        payload = s.MeetingOutcomeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        decisions = [services.Decision(**d) for d in data.pop("decisions")]
        self.call(services.record_meeting_outcome, meeting, decisions=decisions, **data)
        meeting.refresh_from_db()
        return Response(s.MeetingSerializer(meeting, context={"request": request}).data)


class CommitmentViewSet(mixins.UpdateModelMixin, CountyRecordViewSet):
    queryset = Commitment.objects.select_related("county", "meeting")
    serializer_class = s.CommitmentSerializer
    filterset_fields = {
        "county__code": ["exact"],
        "county__province__code": ["exact"],
        "status": ["exact"],
        "meeting": ["exact"],
        "current_meeting": ["exact"],
        "due_on": ["lt", "gte", "lte"],
    }
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer: Any) -> None:
        commitment = serializer.instance
        data = serializer.validated_data
        self.write(
            serializer,
            services.update_commitment,
            commitment,
            status=data.get("status", commitment.status),
            completed_on=data.get("completed_on", commitment.completed_on),
            owner=data.get("owner"),
            owner_user=data.get("owner_user", services.KEEP),
            due_on=data.get("due_on"),
            note=data.get("note"),
            expected_version=data["version"],
        )

    @extend_schema(responses=s.CommitmentSerializer(many=True))
    @action(detail=False, methods=["get"])
    def overdue(self, request: Request) -> Response:
        """Open commitments past their due date (filterable by county or province)."""
        queryset = cast("CommitmentQuerySet", self.filter_queryset(self.get_queryset())).overdue()
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CritiqueViewSet(mixins.CreateModelMixin, CountyRecordViewSet):
    queryset = Critique.objects.select_related("county", "challenge")
    serializer_class = s.CritiqueSerializer
    filterset_fields = {
        "county__code": ["exact"],
        "project": ["exact"],
        "status": ["exact"],
        "source": ["exact"],
        "received_on": ["gte", "lte"],
    }

    def perform_create(self, serializer: Any) -> None:
        county, data = creation_data(self.request, serializer)
        self.write(serializer, services.register_critique, county, data)

    @action(detail=True, methods=["post"], serializer_class=s.CritiqueAnswerSerializer)
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """Record the response; refused when dated before the critique was received."""
        critique = self.get_object()
        self.act(s.CritiqueAnswerSerializer, services.answer_critique, critique)
        critique.refresh_from_db()
        return Response(s.CritiqueSerializer(critique, context={"request": request}).data)


class InvestmentViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, CountyRecordViewSet):
    queryset = Investment.objects.select_related("county", "challenge").prefetch_related("events")
    serializer_class = s.InvestmentSerializer
    filterset_fields = {"county__code": ["exact"], "stage": ["exact"], "sector": ["exact"]}
    http_method_names = CREATE_AND_PATCH

    def perform_create(self, serializer: Any) -> None:
        county, data = creation_data(self.request, serializer)
        self.write(serializer, services.register_investment, county, data)

    def perform_update(self, serializer: Any) -> None:
        data = change_data(serializer)
        data.pop("lead_on", None)  # the first contact is kept as registered
        version = data.pop("version")
        self.write(
            serializer,
            services.update_investment,
            serializer.instance,
            data,
            expected_version=version,
        )

    @action(detail=True, methods=["post"], serializer_class=s.AdvanceInvestmentSerializer)
    def advance(self, request: Request, pk: str | None = None) -> Response:
        """Move the investment forward, drop it (reason and blocking agency), or report jobs."""
        investment = self.get_object()
        self.act(s.AdvanceInvestmentSerializer, services.advance_investment, investment)
        investment = self.get_queryset().get(pk=investment.pk)
        return Response(s.InvestmentSerializer(investment, context={"request": request}).data)


class ExperienceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ServiceViewSet,
):
    """Published experiences for every signed-in user; drafts for those who may change them."""

    queryset = Experience.objects.select_related("county").prefetch_related(
        "challenges", "outcomes__indicator", "attachments"
    )
    serializer_class = s.ExperienceSerializer
    filterset_fields = {
        "county__code": ["exact"],
        "challenges__code": ["exact"],
        "is_featured": ["exact"],
        "status": ["exact"],
    }
    http_method_names = CREATE_AND_PATCH
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_permissions(self) -> list[Any]:
        from governance.api import ReadOnlyForSignedIn

        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return [ReadOnlyForSignedIn()]
        return [CountyScoped()]

    def get_queryset(self) -> Any:
        from participation.queries import search_experiences

        queryset = cast("ExperienceQuerySet", super().get_queryset()).readable_by(self.request.user)
        if self.action == "list" and self.request.query_params.get("q"):
            queryset = search_experiences(queryset, self.request.query_params["q"])
        return queryset

    def perform_create(self, serializer: Any) -> None:
        self.save_with_links(serializer, services.save_experience, "challenges")

    def perform_update(self, serializer: Any) -> None:
        self.save_with_links(serializer, services.save_experience, "challenges")

    def _respond(self, experience: Experience) -> Response:
        experience = self.get_queryset().get(pk=experience.pk)
        return Response(
            s.ExperienceSerializer(experience, context=self.get_serializer_context()).data
        )

    @action(detail=True, methods=["post"], serializer_class=s.PublishSerializer)
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish (`publish`: true, the default) or take back to draft; send `version`."""
        experience = self.get_object()
        require_change(request, experience.county)
        self.act(s.PublishSerializer, services.publish_experience, experience)
        return self._respond(experience)

    @action(detail=True, methods=["post"], serializer_class=s.FeatureSerializer)
    def feature(self, request: Request, pk: str | None = None) -> Response:
        """Ministry staff only: feature (`featured`: true, the default) or not; send `version`."""
        experience = self.get_object()
        if not access.is_ministry(request.user):
            raise PermissionDenied
        self.act(s.FeatureSerializer, services.feature_experience, experience)
        return self._respond(experience)

    @action(detail=True, methods=["post"], serializer_class=s.ExperienceResultSerializer)
    def results(self, request: Request, pk: str | None = None) -> Response:
        experience = self.get_object()
        require_change(request, experience.county)
        self.act(s.ExperienceResultSerializer, services.add_experience_result, experience)
        return self._respond(experience)

    @action(detail=True, methods=["post"])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        """Upload a file (multipart field `file`); size and type are checked."""
        experience = self.get_object()
        require_change(request, experience.county)
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": ["Choose a file to attach."]})
        attachment = self.call(services.attach_file, experience, upload)
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class MeasureViewSet(viewsets.ReadOnlyModelViewSet):
    """Stored participation measures (observations of the `participation` dimension)."""

    serializer_class = s.MeasureSerializer
    permission_classes = [CountyScoped]
    filterset_fields = {
        "county__code": ["exact"],
        "county__province__code": ["exact"],
        "indicator__code": ["exact"],
        "period": ["exact"],
    }

    def get_queryset(self) -> Any:
        return (
            Observation.objects.filter(indicator__code__in=MEASURE_CODES, area__isnull=True)
            .filter(county__in=access.viewable_counties(self.request.user))
            .select_related("county", "indicator")
            .order_by("county__code", "indicator__code", "period_start")
        )
