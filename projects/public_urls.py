"""Public pages, no login: a county's public flagship projects."""

from django.urls import path

from projects.views import public as public_views

app_name = "public"

urlpatterns = [
    path("<str:code>/", public_views.county_page, name="county"),
    path("<str:code>/projects/<int:pk>/", public_views.project_page, name="project"),
    path(
        "<str:code>/projects/<int:pk>/photos/<int:evidence>/",
        public_views.photo,
        name="photo",
    ),
]
