from django.urls import path

from counties import views

app_name = "counties"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("province/<str:code>/", views.province_detail, name="province"),
    path("<str:code>/", views.county_detail, name="county"),
    path("<str:code>/areas/new/", views.area_edit, name="area-create"),
    path("<str:code>/areas/<int:pk>/edit/", views.area_edit, name="area-edit"),
    path("<str:code>/areas/<int:pk>/history/", views.area_history, name="area-history"),
]
