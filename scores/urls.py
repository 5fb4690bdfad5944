"""Score pages, under /counties/ as before (included ahead of the counties' catch-all)."""

from django.urls import path

from governance.routes import record_routes
from scores import sensitivity_views, views

app_name = "scores"

urlpatterns = [
    path("scores/", views.score_dashboard, name="scores"),
    path("scores/runs/", views.run_list, name="score-runs"),
    path("scores/compare-methods/", views.compare_methods, name="compare-methods"),
    path("scores/areas/<str:code>.csv", views.county_area_scores, name="county-area-scores"),
    path("scores/runs/rebuild/", views.run_rebuild, name="score-rebuild"),
    path("scores/sensitivity/", sensitivity_views.sensitivity_page, name="sensitivity"),
    path(
        "scores/sensitivity/start/",
        sensitivity_views.sensitivity_start,
        name="sensitivity-start",
    ),
    path(
        "scores/sensitivity/<int:pk>/status/",
        sensitivity_views.sensitivity_status,
        name="sensitivity-status",
    ),
    *record_routes(
        "scores/runs",
        "score-run",
        detail=views.run_review,
        publish=views.run_publish,
        discard=views.run_discard,
    ),
    *record_routes(
        "methodologies",
        "methodology",
        key="<slug:code>",
        list=views.methodology_list,
        create=views.methodology_edit,
        detail=views.methodology_detail,
        edit=views.methodology_edit,
        current=views.methodology_make_current,
    ),
]
