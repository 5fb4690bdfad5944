"""Admin of the participation records (ministry staff). Changes made here are kept in each
record's history like any other, and raise the record's version so that a page or API client
holding an older version is refused instead of overwriting them."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.versioned_admin import VersionedAdmin, VersionedInline
from participation.models import (
    Commitment,
    Critique,
    Engagement,
    Experience,
    ExperienceAttachment,
    ExperienceResult,
    Investment,
    InvestmentEvent,
    Meeting,
    MeetingSeries,
    Stakeholder,
)


@admin.register(Stakeholder)
class StakeholderAdmin(VersionedAdmin):
    list_display = ("name", "type", "county", "is_active", "is_demo")
    list_filter = ("type", "is_active", "is_demo")
    search_fields = ("name", "county__name_fa", "county__name_en")
    raw_id_fields = ("county",)


@admin.register(Engagement)
class EngagementAdmin(SimpleHistoryAdmin):
    list_display = ("date", "stakeholder", "kind", "topic", "county", "is_demo")
    list_filter = ("kind", "is_demo")
    raw_id_fields = ("county", "stakeholder", "project", "recorded_by")


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(SimpleHistoryAdmin):
    list_display = ("name", "county", "kind", "periodicity", "starts_on", "is_active")
    raw_id_fields = ("county",)


class CommitmentInline(VersionedInline, admin.TabularInline):
    model = Commitment
    fk_name = "meeting"
    extra = 0
    raw_id_fields = ("county", "current_meeting", "owner_user")


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "county", "kind", "starts_at", "status", "attendance", "is_demo")
    list_filter = ("kind", "status", "is_demo")
    raw_id_fields = ("county", "series")
    inlines = [CommitmentInline]


@admin.register(Commitment)
class CommitmentAdmin(VersionedAdmin):
    list_display = ("title", "owner", "due_on", "status", "county", "times_carried")
    list_filter = ("status",)
    raw_id_fields = ("county", "meeting", "current_meeting", "owner_user")


@admin.register(Critique)
class CritiqueAdmin(VersionedAdmin):
    list_display = ("topic", "county", "source", "channel", "received_on", "status", "responded_on")
    list_filter = ("status", "channel", "source", "is_publishable", "is_demo")
    raw_id_fields = ("county", "stakeholder", "project", "feedback", "recorded_by", "responded_by")


class InvestmentEventInline(admin.TabularInline):
    model = InvestmentEvent
    extra = 0
    raw_id_fields = ("recorded_by",)


@admin.register(Investment)
class InvestmentAdmin(VersionedAdmin):
    list_display = ("name", "county", "sector", "stage", "expected_jobs", "realized_jobs")
    list_filter = ("stage", "sector", "is_demo")
    raw_id_fields = ("county", "stakeholder")
    inlines = [InvestmentEventInline]


class ExperienceResultInline(admin.TabularInline):
    model = ExperienceResult
    extra = 0


class ExperienceAttachmentInline(admin.TabularInline):
    model = ExperienceAttachment
    extra = 0
    readonly_fields = ("original_name", "content_type", "size", "uploaded_at")
    exclude = ("file",)


@admin.register(Experience)
class ExperienceAdmin(VersionedAdmin):
    list_display = ("title", "county", "status", "is_featured", "published_on", "is_demo")
    list_filter = ("status", "is_featured", "is_demo")
    search_fields = ("title", "problem")
    raw_id_fields = ("county", "featured_by", "created_by")
    inlines = [ExperienceResultInline, ExperienceAttachmentInline]
