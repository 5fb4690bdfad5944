from rest_framework.routers import DefaultRouter

from projects.api import views

router = DefaultRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("progress-updates", views.ProgressUpdateViewSet, basename="progress-update")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("plan-targets", views.PlanTargetViewSet, basename="plan-target")
router.register("plan-actions", views.PlanActionViewSet, basename="plan-action")

urlpatterns = router.urls
