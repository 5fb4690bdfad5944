from django.urls import path

from governance.routes import record_routes
from reports import schedule_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("tables/<slug:kind>.<str:fmt>", views.table_download, name="table"),
    *record_routes(
        "jobs",
        "job",
        create=views.job_create,
        detail=views.job_detail,
        status=views.job_status,
        download=views.job_download,
    ),
    *record_routes(
        "schedules",
        "schedule",
        list=schedule_views.schedule_list,
        create=schedule_views.schedule_create,
        edit=schedule_views.schedule_edit,
        deactivate=schedule_views.schedule_deactivate,
    ),
]
