from rest_framework.routers import DefaultRouter

from scores.api import views

router = DefaultRouter()
router.register("methodologies", views.MethodologyViewSet)
router.register("score-runs", views.ScoreRunViewSet)
router.register("scores", views.ScoreViewSet)

urlpatterns = router.urls
