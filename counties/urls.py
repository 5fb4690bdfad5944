from django.urls import path

from counties import boundary_views, import_views, indicator_views, views
from governance.routes import record_routes

app_name = "counties"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("province/<str:code>/", views.province_detail, name="province"),
    path("search/", views.county_search, name="search"),
    *record_routes(
        "indicators",
        "indicator",
        key="<slug:indicator>",
        list=indicator_views.indicator_list,
        create=indicator_views.indicator_edit,
        detail=indicator_views.indicator_detail,
        edit=indicator_views.indicator_edit,
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
    path(
        "geo/<str:version>/<slug:level>.json",
        boundary_views.boundaries_file,
        name="boundaries",
    ),
    path(
        "geo/<str:version>/provinces/<str:code>/counties.json",
        boundary_views.boundaries_file,
        {"level": "province-counties"},
        name="boundaries-province-counties",
    ),
    path(
        "geo/<str:version>/counties/<str:code>/areas.json",
        boundary_views.boundaries_file,
        {"level": "areas"},
        name="boundaries-areas",
    ),
    path("<str:code>/", views.county_detail, name="county"),
    *record_routes(
        "<str:code>/areas",
        "area",
        create=views.area_edit,
        edit=views.area_edit,
        history=views.area_history,
    ),
]
