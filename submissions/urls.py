"""URLs of the data approval pages, mounted at /data/ (namespace "submissions")."""

from __future__ import annotations

from django.urls import path

from submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.index, name="index"),
    path("review/", views.review_list, name="review-list"),
    path("submissions/<int:pk>/", views.detail, name="detail"),
    path("submissions/<int:pk>/decide/", views.decide, name="decide"),
    path("provenance/<int:pk>/", views.provenance, name="provenance"),
    path("<str:code>/<str:period>/", views.entry, name="entry"),
]
