from django.urls import path

from participation.views import (
    critiques,
    experiences,
    history,
    home,
    investments,
    meetings,
    public,
    stakeholders,
)

app_name = "participation"

urlpatterns = [
    path("", home.home, name="home"),
    path("compare/", home.compare, name="compare"),
    path("compare/recompute/", home.recompute, name="recompute"),
    path("province/<str:code>/overdue/", home.province_commitments, name="province-overdue"),
    path("public/<str:code>/said-did/", public.said_did, name="said-did"),
    # Part 5: the library is national, not per county.
    path("experiences/", experiences.library, name="library"),
    path("experiences/new/", experiences.experience_edit, name="experience-create"),
    path("experiences/<int:pk>/", experiences.experience_detail, name="experience"),
    path("experiences/<int:pk>/edit/", experiences.experience_edit, name="experience-edit"),
    path("experiences/<int:pk>/history/", history.experience_history, name="experience-history"),
    path(
        "experiences/<int:pk>/publish/", experiences.experience_publish, name="experience-publish"
    ),
    path(
        "experiences/<int:pk>/feature/", experiences.experience_feature, name="experience-feature"
    ),
    path(
        "experiences/<int:pk>/results/", experiences.experience_add_result, name="experience-result"
    ),
    path("experiences/<int:pk>/attach/", experiences.experience_attach, name="experience-attach"),
    path("attachments/<int:pk>/", experiences.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", experiences.attachment_delete, name="attachment-delete"),
    # Parts 1-4: per county.
    path("<str:code>/", home.county_home, name="county"),
    path("<str:code>/stakeholders/", stakeholders.stakeholder_list, name="stakeholders"),
    path("<str:code>/stakeholders/new/", stakeholders.stakeholder_edit, name="stakeholder-create"),
    path(
        "<str:code>/stakeholders/export.csv",
        stakeholders.stakeholder_export,
        name="stakeholder-export",
    ),
    path("<str:code>/stakeholders/<int:pk>/", stakeholders.stakeholder_detail, name="stakeholder"),
    path(
        "<str:code>/stakeholders/<int:pk>/edit/",
        stakeholders.stakeholder_edit,
        name="stakeholder-edit",
    ),
    path(
        "<str:code>/stakeholders/<int:pk>/history/",
        history.record_history,
        {"page": history.STAKEHOLDER},
        name="stakeholder-history",
    ),
    path("<str:code>/meetings/", meetings.meeting_list, name="meetings"),
    path("<str:code>/meetings.ics", meetings.meetings_ics, name="meetings-ics"),
    path(
        "<str:code>/meetings/calendar/<str:key>.ics",
        meetings.meetings_ics_feed,
        name="meetings-ics-feed",
    ),
    path("<str:code>/meetings/calendar-link/", meetings.calendar_link_issue, name="calendar-link"),
    path(
        "<str:code>/meetings/calendar-link/revoke/",
        meetings.calendar_link_revoke,
        name="calendar-link-revoke",
    ),
    path("<str:code>/meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("<str:code>/meetings/series/new/", meetings.series_edit, name="series-create"),
    path("<str:code>/meetings/series/<int:pk>/edit/", meetings.series_edit, name="series-edit"),
    path(
        "<str:code>/meetings/series/<int:pk>/history/",
        history.record_history,
        {"page": history.SERIES},
        name="series-history",
    ),
    path("<str:code>/meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path(
        "<str:code>/meetings/<int:pk>/history/",
        history.record_history,
        {"page": history.MEETING},
        name="meeting-history",
    ),
    path("<str:code>/commitments/<int:pk>/", meetings.commitment_edit, name="commitment-edit"),
    path(
        "<str:code>/commitments/<int:pk>/history/",
        history.record_history,
        {"page": history.COMMITMENT},
        name="commitment-history",
    ),
    path("<str:code>/critiques/", critiques.critique_list, name="critiques"),
    path("<str:code>/critiques/new/", critiques.critique_create, name="critique-create"),
    path("<str:code>/critiques/export.csv", critiques.critique_export, name="critique-export"),
    path("<str:code>/critiques/<int:pk>/", critiques.critique_detail, name="critique"),
    path(
        "<str:code>/critiques/<int:pk>/history/",
        history.record_history,
        {"page": history.CRITIQUE},
        name="critique-history",
    ),
    path("<str:code>/critiques/feedback/", critiques.feedback_list, name="feedback"),
    path(
        "<str:code>/critiques/feedback/<int:pk>/register/",
        critiques.feedback_register,
        name="feedback-register",
    ),
    path(
        "<str:code>/critiques/feedback/<int:pk>/dismiss/",
        critiques.feedback_dismissal,
        {"restore": False},
        name="feedback-dismiss",
    ),
    path(
        "<str:code>/critiques/feedback/<int:pk>/restore/",
        critiques.feedback_dismissal,
        {"restore": True},
        name="feedback-restore",
    ),
    path(
        "<str:code>/critiques/feedback/<int:pk>/history/",
        history.record_history,
        {"page": history.FEEDBACK},
        name="feedback-history",
    ),
    path("<str:code>/investments/", investments.investment_list, name="investments"),
    path("<str:code>/investments/new/", investments.investment_edit, name="investment-create"),
    path(
        "<str:code>/investments/export.csv",
        investments.investment_export,
        name="investment-export",
    ),
    path("<str:code>/investments/<int:pk>/", investments.investment_detail, name="investment"),
    path(
        "<str:code>/investments/<int:pk>/history/",
        history.record_history,
        {"page": history.INVESTMENT},
        name="investment-history",
    ),
    path(
        "<str:code>/investments/<int:pk>/edit/",
        investments.investment_edit,
        name="investment-edit",
    ),
]
