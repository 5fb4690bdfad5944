from rest_framework.routers import SimpleRouter

from participation.api import views

# A SimpleRouter: counties.api.urls already serves the API root at /api/v1/.
router = SimpleRouter()
router.register("stakeholders", views.StakeholderViewSet)
router.register("engagements", views.EngagementViewSet)
router.register("meeting-series", views.MeetingSeriesViewSet)
router.register("meetings", views.MeetingViewSet)
router.register("commitments", views.CommitmentViewSet)
router.register("critiques", views.CritiqueViewSet)
router.register("investments", views.InvestmentViewSet)
router.register("experiences", views.ExperienceViewSet)
router.register("participation-measures", views.MeasureViewSet, basename="participation-measure")

urlpatterns = router.urls
