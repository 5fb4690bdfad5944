"""URLs of the governor's workbench, flagship projects and action plans."""

from django.urls import path

from projects.views import plans as plan_views
from projects.views import projects as project_views

app_name = "projects"

county = "counties/<str:code>"

urlpatterns = [
    path("workbench/", project_views.my_workbench, name="my-workbench"),
    path("projects/", project_views.all_projects, name="all"),
    path(f"{county}/workbench/", project_views.workbench, name="workbench"),
    path(f"{county}/projects/", project_views.project_list, name="list"),
    path(f"{county}/projects/new/", project_views.project_edit, name="create"),
    path(f"{county}/projects/<int:pk>/", project_views.project_detail, name="detail"),
    path(f"{county}/projects/<int:pk>/edit/", project_views.project_edit, name="edit"),
    path(f"{county}/projects/<int:pk>/archive/", project_views.project_archive, name="archive"),
    path(f"{county}/projects/<int:pk>/history/", project_views.project_history, name="history"),
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
    path(f"{county}/plans/", plan_views.plan_list, name="plans"),
    path(f"{county}/plans/new/", plan_views.plan_edit, name="plan-create"),
    path(f"{county}/plans/<int:pk>/", plan_views.plan_detail, name="plan"),
    path(f"{county}/plans/<int:pk>/edit/", plan_views.plan_edit, name="plan-edit"),
    path(f"{county}/plans/<int:pk>/archive/", plan_views.plan_archive, name="plan-archive"),
    path(f"{county}/plans/<int:pk>/history/", plan_views.plan_history, name="plan-history"),
    path(f"{county}/plans/<int:pk>/targets/new/", plan_views.target_add, name="target-add"),
    path(f"{county}/plans/<int:pk>/actions/new/", plan_views.action_add, name="action-add"),
    path(
        f"{county}/plans/<int:pk>/actions/<int:action>/status/",
        plan_views.action_status,
        name="action-status",
    ),
]
