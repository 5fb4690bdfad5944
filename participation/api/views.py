"""Endpoints of the participation API. They scope, check and call services; they compute nothing.

Reads follow the pages: whoever may view a county reads its records (contacts only for those
who may see them); writes need the right to change the county. Experiences that are published
are readable by every signed-in user. Changes of versioned records send the `version` read;
an older one gets 409 Conflict and changes nothing.
"""

from __future__ import annotations

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
from governance.api import CountyScoped, creation_data, require_change, service_errors
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


class CountyRecordViewSet(viewsets.GenericViewSet):
    """Base: queryset scoped to the counties the user may view; object rights by CountyScoped."""

    permission_classes = [CountyScoped]

    def get_queryset(self) -> Any:
        queryset = cast("CountyScopedQuerySet", super().get_queryset())  # a participation record's
        return queryset.viewable_by(self.request.user)


class StakeholderViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CountyRecordViewSet,
):
    queryset = Stakeholder.objects.select_related("county").prefetch_related("interests")
    serializer_class = s.StakeholderSerializer
    filterset_fields = {"county__code": ["exact"], "type": ["exact"], "is_active": ["exact"]}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        county, data = creation_data(self.request, serializer)
        interests = data.pop("interests", [])
        with service_errors():
            serializer.instance = services.save_stakeholder(
                Stakeholder(county=county),
                data,
                interests=interests,
                user=signed_in_user(self.request),
            )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("county", None)
        version = data.pop("version")
        interests = data.pop("interests", None)
        with service_errors():
            serializer.instance = services.save_stakeholder(
                serializer.instance,
                data,
                interests=interests,
                expected_version=version,
                user=signed_in_user(self.request),
            )


class EngagementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CountyRecordViewSet
):
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
        with service_errors():
            serializer.instance = services.record_engagement(
                stakeholder, user=signed_in_user(self.request), **data
            )


class MeetingSeriesViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CountyRecordViewSet,
):
    queryset = MeetingSeries.objects.select_related("county")
    serializer_class = s.MeetingSeriesSerializer
    filterset_fields = {"county__code": ["exact"], "kind": ["exact"]}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        county = data.pop("county")
        require_change(self.request, county)
        with service_errors():
            serializer.instance = services.save_meeting_series(
                MeetingSeries(county=county), data, user=signed_in_user(self.request)
            )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("county", None)
        with service_errors():
            serializer.instance = services.save_meeting_series(
                serializer.instance, data, user=signed_in_user(self.request)
            )


class MeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CountyRecordViewSet,
):
    queryset = Meeting.objects.select_related("county", "series")
    serializer_class = s.MeetingSerializer
    filterset_fields = {
        "county__code": ["exact"],
        "series": ["exact"],
        "status": ["exact"],
        "starts_at": ["gte", "lte"],
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        county = data.pop("county")
        require_change(self.request, county)
        with service_errors():
            serializer.instance = services.schedule_meeting(
                county, user=signed_in_user(self.request), **data
            )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("county", None)
        with service_errors():
            serializer.instance = services.update_meeting(
                serializer.instance, data, user=signed_in_user(self.request)
            )

    @action(detail=True, methods=["post"], serializer_class=s.MeetingOutcomeSerializer)
    def outcome(self, request: Request, pk: str | None = None) -> Response:
        """Record that the meeting was held (with decisions) or cancelled."""
        meeting = self.get_object()
        payload = s.MeetingOutcomeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        decisions = [services.Decision(**d) for d in data.pop("decisions")]
        with service_errors():
            services.record_meeting_outcome(
                meeting, decisions=decisions, user=signed_in_user(request), **data
            )
        meeting.refresh_from_db()
        return Response(s.MeetingSerializer(meeting, context={"request": request}).data)


class CommitmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, CountyRecordViewSet
):
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
        with service_errors():
            serializer.instance = services.update_commitment(
                commitment,
                status=data.get("status", commitment.status),
                completed_on=data.get("completed_on", commitment.completed_on),
                owner=data.get("owner"),
                due_on=data.get("due_on"),
                note=data.get("note"),
                expected_version=data["version"],
                user=signed_in_user(self.request),
            )

    @extend_schema(responses=s.CommitmentSerializer(many=True))
    @action(detail=False, methods=["get"])
    def overdue(self, request: Request) -> Response:
        """Open commitments past their due date (filterable by county or province)."""
        queryset = cast("CommitmentQuerySet", self.filter_queryset(self.get_queryset())).overdue()
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CritiqueViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CountyRecordViewSet
):
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
        data = dict(serializer.validated_data)
        county = data.pop("county")
        require_change(self.request, county)
        with service_errors():
            serializer.instance = services.register_critique(
                county, data, user=signed_in_user(self.request)
            )

    @action(detail=True, methods=["post"], serializer_class=s.CritiqueAnswerSerializer)
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """Record the response; refused when dated before the critique was received."""
        critique = self.get_object()
        payload = s.CritiqueAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        version = data.pop("version")
        with service_errors():
            services.answer_critique(
                critique, user=signed_in_user(request), expected_version=version, **data
            )
        critique.refresh_from_db()
        return Response(s.CritiqueSerializer(critique, context={"request": request}).data)


class InvestmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CountyRecordViewSet,
):
    queryset = Investment.objects.select_related("county", "challenge").prefetch_related("events")
    serializer_class = s.InvestmentSerializer
    filterset_fields = {"county__code": ["exact"], "stage": ["exact"], "sector": ["exact"]}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        county, data = creation_data(self.request, serializer)
        with service_errors():
            serializer.instance = services.register_investment(
                county, data, user=signed_in_user(self.request)
            )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("county", None)
        data.pop("lead_on", None)
        version = data.pop("version")
        with service_errors():
            serializer.instance = services.update_investment(
                serializer.instance,
                data,
                expected_version=version,
                user=signed_in_user(self.request),
            )

    @action(detail=True, methods=["post"], serializer_class=s.AdvanceInvestmentSerializer)
    def advance(self, request: Request, pk: str | None = None) -> Response:
        """Move the investment forward, drop it (reason and blocking agency), or report jobs."""
        investment = self.get_object()
        payload = s.AdvanceInvestmentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        version = data.pop("version")
        with service_errors():
            services.advance_investment(
                investment, user=signed_in_user(request), expected_version=version, **data
            )
        investment = self.get_queryset().get(pk=investment.pk)
        return Response(s.InvestmentSerializer(investment, context={"request": request}).data)


class ExperienceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
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
    http_method_names = ["get", "post", "patch", "head", "options"]
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
        data = dict(serializer.validated_data)
        county = data["county"]
        require_change(self.request, county)
        challenges = data.pop("challenges", [])
        data.pop("version", None)
        with service_errors():
            serializer.instance = services.save_experience(
                Experience(), data, challenges=challenges, user=signed_in_user(self.request)
            )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("county", None)
        challenges = data.pop("challenges", None)
        version = data.pop("version")
        with service_errors():
            serializer.instance = services.save_experience(
                serializer.instance,
                data,
                challenges=challenges,
                expected_version=version,
                user=signed_in_user(self.request),
            )

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
        payload = s.PublishSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with service_errors():
            services.publish_experience(
                experience,
                publish=payload.validated_data["publish"],
                expected_version=payload.validated_data["version"],
                user=signed_in_user(request),
            )
        return self._respond(experience)

    @action(detail=True, methods=["post"], serializer_class=s.FeatureSerializer)
    def feature(self, request: Request, pk: str | None = None) -> Response:
        """Ministry staff only: feature (`featured`: true, the default) or not; send `version`."""
        experience = self.get_object()
        if not access.is_ministry(request.user):
            raise PermissionDenied
        payload = s.FeatureSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with service_errors():
            services.feature_experience(
                experience,
                user=signed_in_user(request),
                featured=payload.validated_data["featured"],
                expected_version=payload.validated_data["version"],
            )
        return self._respond(experience)

    @action(detail=True, methods=["post"], serializer_class=s.ExperienceResultSerializer)
    def results(self, request: Request, pk: str | None = None) -> Response:
        experience = self.get_object()
        require_change(request, experience.county)
        payload = s.ExperienceResultSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with service_errors():
            services.add_experience_result(
                experience, user=signed_in_user(request), **payload.validated_data
            )
        return self._respond(experience)

    @action(detail=True, methods=["post"])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        """Upload a file (multipart field `file`); size and type are checked."""
        experience = self.get_object()
        require_change(request, experience.county)
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": ["Choose a file to attach."]})
        with service_errors():
            attachment = services.attach_file(experience, upload, user=signed_in_user(request))
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
