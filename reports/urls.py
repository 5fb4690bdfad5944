from django.urls import path

from governance.routes import record_routes
from reports import views

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
]
