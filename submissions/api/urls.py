from rest_framework.routers import DefaultRouter

from submissions.api import views

router = DefaultRouter()
router.register("submissions", views.SubmissionViewSet, basename="submission")

urlpatterns = router.urls
