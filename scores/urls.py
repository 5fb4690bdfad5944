"""Score pages, under /counties/ as before (included ahead of the counties' catch-all)."""

from django.urls import path

from scores import views

app_name = "scores"

urlpatterns = [
    path("scores/", views.score_dashboard, name="scores"),
    path("scores/runs/", views.run_list, name="score-runs"),
    path("scores/runs/rebuild/", views.run_rebuild, name="score-rebuild"),
    path("scores/runs/<int:pk>/", views.run_review, name="score-run"),
    path("scores/runs/<int:pk>/publish/", views.run_publish, name="score-run-publish"),
    path("scores/runs/<int:pk>/discard/", views.run_discard, name="score-run-discard"),
    path("methodologies/", views.methodology_list, name="methodologies"),
    path("methodologies/new/", views.methodology_edit, name="methodology-create"),
    path("methodologies/<slug:code>/", views.methodology_detail, name="methodology"),
    path("methodologies/<slug:code>/edit/", views.methodology_edit, name="methodology-edit"),
    path(
        "methodologies/<slug:code>/current/",
        views.methodology_make_current,
        name="methodology-current",
    ),
]
