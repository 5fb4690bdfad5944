from rest_framework.routers import DefaultRouter

from counties.api import project_views, views

router = DefaultRouter()
router.register("provinces", views.ProvinceViewSet)
router.register("counties", views.CountyViewSet)
router.register("areas", views.AreaViewSet)
router.register("projects", project_views.ProjectViewSet, basename="project")
router.register("milestones", project_views.MilestoneViewSet, basename="milestone")
router.register("progress-updates", project_views.ProgressUpdateViewSet, basename="progress-update")
router.register("plans", project_views.PlanViewSet, basename="plan")
router.register("plan-targets", project_views.PlanTargetViewSet, basename="plan-target")
router.register("plan-actions", project_views.PlanActionViewSet, basename="plan-action")
router.register("dimensions", views.DimensionViewSet)
router.register("indicators", views.IndicatorViewSet)
router.register("observations", views.ObservationViewSet)

urlpatterns = router.urls
