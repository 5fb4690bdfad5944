"""URLs of the governor's workbench, flagship projects and action plans."""

from django.urls import path

from governance.routes import record_routes
from projects.views import plans as plan_views
from projects.views import projects as project_views

app_name = "projects"

county = "counties/<str:code>"

urlpatterns = [
    path("workbench/", project_views.my_workbench, name="my-workbench"),
    path("projects/", project_views.all_projects, name="all"),
    path(f"{county}/workbench/", project_views.workbench, name="workbench"),
    *record_routes(
        f"{county}/projects",
        "",
        list=project_views.project_list,
        create=project_views.project_edit,
        detail=project_views.project_detail,
        edit=project_views.project_edit,
        archive=project_views.project_archive,
        history=project_views.project_history,
    ),
    path(
        f"{county}/projects/<int:pk>/milestones/new/",
        project_views.milestone_add,
        name="milestone-add",
    ),
    path(
        f"{county}/projects/<int:pk>/milestones/<int:milestone>/done/",
        project_views.milestone_complete,
        name="milestone-done",
    ),
    path(f"{county}/projects/<int:pk>/progress/", project_views.progress_add, name="progress"),
    path(f"{county}/projects/<int:pk>/kpis/new/", project_views.kpi_add, name="kpi-add"),
    path(
        f"{county}/projects/<int:pk>/evidence/<int:evidence>/",
        project_views.evidence_file,
        name="evidence",
    ),
    *record_routes(
        f"{county}/plans",
        "plan",
        list=plan_views.plan_list,
        create=plan_views.plan_edit,
        detail=plan_views.plan_detail,
        edit=plan_views.plan_edit,
        archive=plan_views.plan_archive,
        history=plan_views.plan_history,
    ),
    path(f"{county}/plans/<int:pk>/targets/new/", plan_views.target_add, name="target-add"),
    path(f"{county}/plans/<int:pk>/actions/new/", plan_views.action_add, name="action-add"),
    path(
        f"{county}/plans/<int:pk>/actions/<int:action>/status/",
        plan_views.action_status,
        name="action-status",
    ),
]
