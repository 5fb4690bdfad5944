"""Root URLs."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from governance import country_views, token_views, views
from governance.api_root import APIRootView

handler400 = "governance.views.bad_request"
handler500 = "governance.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("about/data/", views.about_data, name="about-data"),
    path("settings/country/", country_views.country_profile, name="country-profile"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The invitation of a new account (governance/invitations.py) links to the confirm view.
    path(
        "accounts/set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/api-token/", token_views.api_token, name="api-token"),
    path("counties/", include("scores.urls")),  # ahead of the counties' <code>/ catch-all
    path("counties/", include("counties.urls")),
    path("participation/", include("participation.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("reports/", include("reports.urls")),
    path("data/", include("submissions.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("projects.urls")),
    path("public/", include("projects.public_urls")),
    path("api/v1/", APIRootView.as_view(), name="api-root"),  # ahead of each router's own root
    path("api/v1/", include("counties.api.urls")),
    path("api/v1/", include("projects.api.urls")),
    path("api/v1/", include("scores.api.urls")),
    path("api/v1/", include("participation.api.urls")),
    path("api/v1/", include("submissions.api.urls")),
    path("api/v1/", include("notifications.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Signed-in users only (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]); the split view serves
    # Swagger UI's start-up script as a file, as the Content-Security-Policy requires.
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]
