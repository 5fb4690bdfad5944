"""Dashboard URLs, under /dashboards/."""

from __future__ import annotations

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.national, name="national"),
    path("mine/", views.mine, name="mine"),
    path("province/<str:code>/", views.province, name="province"),
    path("county/<str:code>/", views.county, name="county"),
    path("compare/", views.compare, name="compare"),
    path("clusters/", views.spatial_clusters, name="clusters"),
]
