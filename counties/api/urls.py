from rest_framework.routers import DefaultRouter

from counties.api import views

router = DefaultRouter()
router.register("provinces", views.ProvinceViewSet)
router.register("counties", views.CountyViewSet)
router.register("areas", views.AreaViewSet)
router.register("dimensions", views.DimensionViewSet)
router.register("indicators", views.IndicatorViewSet)
router.register("observations", views.ObservationViewSet)

urlpatterns = router.urls
