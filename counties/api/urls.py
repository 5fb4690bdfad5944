from rest_framework.routers import DefaultRouter

from counties.api import views

router = DefaultRouter()
router.register("provinces", views.ProvinceViewSet)
router.register("counties", views.CountyViewSet)
router.register("areas", views.AreaViewSet)

urlpatterns = router.urls
