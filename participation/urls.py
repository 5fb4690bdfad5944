from django.urls import path

from governance.routes import record_routes
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

county = "<str:code>"

urlpatterns = [
    path("", home.home, name="home"),
    path("compare/", home.compare, name="compare"),
    path("compare/recompute/", home.recompute, name="recompute"),
    path("province/<str:code>/overdue/", home.province_commitments, name="province-overdue"),
    path("public/<str:code>/said-did/", public.said_did, name="said-did"),
    # Part 5: the library is national, not per county.
    *record_routes(
        "experiences",
        "experience",
        list_name="library",
        list=experiences.library,
        create=experiences.experience_edit,
        detail=experiences.experience_detail,
        edit=experiences.experience_edit,
        history=history.experience_history,
        publish=experiences.experience_publish,
        feature=experiences.experience_feature,
    ),
    path(
        "experiences/<int:pk>/results/", experiences.experience_add_result, name="experience-result"
    ),
    path("experiences/<int:pk>/attach/", experiences.experience_attach, name="experience-attach"),
    path("attachments/<int:pk>/", experiences.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", experiences.attachment_delete, name="attachment-delete"),
    # Parts 1-4: per county.
    path(f"{county}/", home.county_home, name="county"),
    *record_routes(
        f"{county}/stakeholders",
        "stakeholder",
        list=stakeholders.stakeholder_list,
        create=stakeholders.stakeholder_edit,
        export=stakeholders.stakeholder_export,
        detail=stakeholders.stakeholder_detail,
        edit=stakeholders.stakeholder_edit,
        history=(history.record_history, {"page": history.STAKEHOLDER}),
    ),
    path(f"{county}/meetings/", meetings.meeting_list, name="meetings"),
    path(f"{county}/meetings.ics", meetings.meetings_ics, name="meetings-ics"),
    path(
        f"{county}/meetings/calendar/<str:key>.ics",
        meetings.meetings_ics_feed,
        name="meetings-ics-feed",
    ),
    path(f"{county}/meetings/calendar-link/", meetings.calendar_link_issue, name="calendar-link"),
    path(
        f"{county}/meetings/calendar-link/revoke/",
        meetings.calendar_link_revoke,
        name="calendar-link-revoke",
    ),
    path(f"{county}/meetings/new/", meetings.meeting_create, name="meeting-create"),
    *record_routes(
        f"{county}/meetings/series",
        "series",
        create=meetings.series_edit,
        edit=meetings.series_edit,
        history=(history.record_history, {"page": history.SERIES}),
    ),
    *record_routes(
        f"{county}/meetings",
        "meeting",
        detail=meetings.meeting_detail,
        history=(history.record_history, {"page": history.MEETING}),
    ),
    path(f"{county}/commitments/<int:pk>/", meetings.commitment_edit, name="commitment-edit"),
    path(
        f"{county}/commitments/<int:pk>/history/",
        history.record_history,
        {"page": history.COMMITMENT},
        name="commitment-history",
    ),
    *record_routes(
        f"{county}/critiques",
        "critique",
        list=critiques.critique_list,
        create=critiques.critique_create,
        export=critiques.critique_export,
        detail=critiques.critique_detail,
        history=(history.record_history, {"page": history.CRITIQUE}),
    ),
    *record_routes(
        f"{county}/critiques/feedback",
        "feedback",
        list=critiques.feedback_list,
        register=critiques.feedback_register,
        dismiss=(critiques.feedback_dismissal, {"restore": False}),
        restore=(critiques.feedback_dismissal, {"restore": True}),
        history=(history.record_history, {"page": history.FEEDBACK}),
    ),
    *record_routes(
        f"{county}/investments",
        "investment",
        list=investments.investment_list,
        create=investments.investment_edit,
        export=investments.investment_export,
        detail=investments.investment_detail,
        history=(history.record_history, {"page": history.INVESTMENT}),
        edit=investments.investment_edit,
    ),
]
