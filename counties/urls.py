from django.urls import path

from counties import import_views, indicator_views, views

app_name = "counties"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("province/<str:code>/", views.province_detail, name="province"),
    path("indicators/", indicator_views.indicator_list, name="indicators"),
    path("indicators/new/", indicator_views.indicator_edit, name="indicator-create"),
    path("indicators/<slug:indicator>/", indicator_views.indicator_detail, name="indicator"),
    path(
        "indicators/<slug:indicator>/edit/", indicator_views.indicator_edit, name="indicator-edit"
    ),
    path(
        "observations/<int:pk>/history/",
        indicator_views.observation_history,
        name="observation-history",
    ),
    path("import/", import_views.import_start, name="import"),
    path("import/<int:pk>/", import_views.import_detail, name="import-detail"),
    path("import/<int:pk>/status/", import_views.import_status, name="import-status"),
    path("import/<int:pk>/confirm/", import_views.import_confirm, name="import-confirm"),
    path("import/<int:pk>/check/", import_views.import_check_again, name="import-check-again"),
    path("<str:code>/", views.county_detail, name="county"),
    path("<str:code>/areas/new/", views.area_edit, name="area-create"),
    path("<str:code>/areas/<int:pk>/edit/", views.area_edit, name="area-edit"),
    path("<str:code>/areas/<int:pk>/history/", views.area_history, name="area-history"),
]
