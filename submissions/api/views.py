"""Endpoints of data submissions, with the same rules as the pages (governance.access).

Lists hold the submissions the user may see; a submission they may not see is 403. Writes:
POST /submissions/ creates or edits the open draft of a county and period (its governor or
provincial officer), PATCH edits a draft or returned one, and the actions .../submit/,
.../approve/ and .../return/ change its state. Nothing is deleted.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from governance import access
from governance.api import PeriodFilter, call_service
from governance.filters import PersianFilterSet
from submissions import queries, services
from submissions.api.serializers import (
    SubmissionDecisionSerializer,
    SubmissionDetailSerializer,
    SubmissionDraftSerializer,
    SubmissionDraftUpdateSerializer,
    SubmissionSerializer,
    SubmissionVersionSerializer,
    SubmittedValueSerializer,
    values_dict,
)
from submissions.choices import SubmissionOrigin, SubmissionState
from submissions.models import Submission, SubmittedValue


class SubmissionFilter(PersianFilterSet):
    state = django_filters.ChoiceFilter(choices=SubmissionState.choices)
    origin = django_filters.ChoiceFilter(choices=SubmissionOrigin.choices)
    county = django_filters.CharFilter(field_name="county__code")
    province = django_filters.CharFilter(field_name="province__code")
    period = PeriodFilter()
    awaiting_me = django_filters.BooleanFilter(
        method="filter_awaiting_me", label="Only those awaiting my decision"
    )

    class Meta:
        model = Submission
        fields = ["state", "origin", "county", "province", "period", "awaiting_me"]

    def filter_awaiting_me(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if not value:
            return queryset
        assert self.request is not None  # the API's filter sets are always given the request
        mine = queries.awaiting_review_by(self.request.user).values("pk")
        return queryset.filter(pk__in=mine)


class ValueFilter(PersianFilterSet):
    flagged = django_filters.BooleanFilter(method="filter_flagged")
    county = django_filters.CharFilter(field_name="county__code")
    indicator = django_filters.CharFilter(field_name="indicator__code")

    class Meta:
        model = SubmittedValue
        fields = ["flagged", "county", "indicator", "period"]

    def filter_flagged(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.exclude(flags=[]) if value else queryset.filter(flags=[])


RELATED = ("county", "province", "created_by", "submitted_by", "decided_by")


def _counted(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    return queryset.annotate(
        value_count=Count("values", distinct=True),
        flagged_count=Count("values", filter=~Q(values__flags=[]), distinct=True),
    )


class SubmissionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Data submissions: values entered by county offices or imported, and their approval."""

    filterset_class = SubmissionFilter
    queryset = Submission.objects.none()  # for the schema; get_queryset scopes by user

    def get_queryset(self) -> QuerySet[Submission]:
        return _counted(queries.viewable_by(self.request.user)).order_by("-created_at", "-pk")

    def get_serializer_class(self) -> Any:
        return {
            "retrieve": SubmissionDetailSerializer,
            "create": SubmissionDraftSerializer,
            "partial_update": SubmissionDraftUpdateSerializer,
            "submit": SubmissionVersionSerializer,
            "approve": SubmissionDecisionSerializer,
            "return_": SubmissionDecisionSerializer,
            "values": SubmittedValueSerializer,
        }.get(self.action, SubmissionSerializer)

    def get_object(self) -> Submission:
        """Any submission by id; one the user may not see is 403 (as on the pages)."""
        submission = get_object_or_404(
            _counted(Submission.objects.select_related(*RELATED)), pk=self.kwargs["pk"]
        )
        access.require(access.can_view_submission(self.request.user, submission))
        return submission

    def _decide(self, request: Request, decide: Any) -> Response:
        """Approve or return (`decide`) the submission with the comment sent, if allowed."""
        submission = self.get_object()
        access.require(access.can_approve_submission(request.user, submission))
        body = SubmissionDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(decide, submission, user=request.user, comment=body.validated_data["comment"])
        return self._answer(submission)

    def _answer(self, submission: Submission, code: int = status.HTTP_200_OK) -> Response:
        """The submission as stored after the change, with its values."""
        fresh = _counted(Submission.objects.select_related(*RELATED)).get(pk=submission.pk)
        return Response(
            SubmissionDetailSerializer(fresh, context=self.get_serializer_context()).data,
            status=code,
        )

    @extend_schema(request=SubmissionDraftSerializer, responses={201: SubmissionDetailSerializer})
    def create(self, request: Request) -> Response:
        """Create or edit the open draft of a county and period (its governor or provincial
        officer); send the `version` read when editing an existing one."""
        body = SubmissionDraftSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        access.require(access.can_enter_data(request.user, data["county"]))
        submission = call_service(
            services.save_draft,
            data["county"],
            data["period"],
            values_dict(data["values"]),
            user=request.user,
            expected_version=data.get("version"),
        )
        return self._answer(submission, status.HTTP_201_CREATED)

    @extend_schema(
        request=SubmissionDraftUpdateSerializer, responses={200: SubmissionDetailSerializer}
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Change the values of a draft or returned submission; send the `version` read."""
        submission = self.get_object()
        access.require(access.can_edit_submission(request.user, submission))
        body = SubmissionDraftUpdateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        body.is_valid(raise_exception=True)
        call_service(
            services.save_draft,
            submission.county,
            submission.period,
            values_dict(body.validated_data["values"]),
            user=request.user,
            expected_version=body.validated_data["version"],
        )
        return self._answer(submission)

    @extend_schema(request=SubmissionVersionSerializer, responses={200: SubmissionDetailSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Send a draft or returned submission for approval; send {"version": n}."""
        submission = self.get_object()
        access.require(access.can_edit_submission(request.user, submission))
        body = SubmissionVersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(
            services.submit_submission,
            submission,
            user=request.user,
            expected_version=body.validated_data["version"],
        )
        return self._answer(submission)

    @extend_schema(
        request=SubmissionDecisionSerializer, responses={200: SubmissionDetailSerializer}
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve a submitted submission (a comment is required when a value is flagged):
        its values become observations and the scores are rebuilt as a draft run."""
        return self._decide(request, services.approve_submission)

    @extend_schema(
        request=SubmissionDecisionSerializer, responses={200: SubmissionDetailSerializer}
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        """Return a submitted submission to its submitter with a comment saying why."""
        return self._decide(request, services.return_submission)

    @extend_schema(
        filters=False,
        parameters=[
            OpenApiParameter("flagged", bool, description="Only flagged (true) or unflagged."),
            OpenApiParameter("county", str, description="County code."),
            OpenApiParameter("indicator", str, description="Indicator code."),
            OpenApiParameter(
                "period",
                str,
                description="Period key in the profile's calendar, e.g. 1403 (Jalali) or 2024.",
            ),
            OpenApiParameter("page", int, description="Page number."),
        ],
        responses={200: SubmittedValueSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def values(self, request: Request, pk: str | None = None) -> Response:
        """The submission's values with their flags, paged (?flagged=true for flagged only)."""
        submission = self.get_object()
        values = (
            SubmittedValue.objects.filter(submission=submission)
            .select_related("indicator", "county")
            .defer("county__geometry")
            .order_by("pk")
        )
        filters = ValueFilter(request.query_params, queryset=values, request=request)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        page = self.paginate_queryset(filters.qs)
        context = self.get_serializer_context()
        serializer = SubmittedValueSerializer(page, many=True, context=context)
        return self.get_paginated_response(serializer.data)
