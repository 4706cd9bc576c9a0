"""The inspectorate's API, mounted at /u/<code>/api/v1/inspectorate/ (namespace "api:oversight")."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .views import (
    AccessLogViewSet,
    CaseApi,
    DashboardApi,
    DueCaseViewSet,
    GrantViewSet,
    InspectionViewSet,
    RecommendationViewSet,
    UnitRecommendationViewSet,
)

router = SimpleRouter()
router.register("overdue", DueCaseViewSet, basename="overdue")
router.register("grants", GrantViewSet, basename="grant")
router.register("access-log", AccessLogViewSet, basename="access-log")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("unit-recommendations", UnitRecommendationViewSet, basename="unit-recommendation")

urlpatterns = [
    path("dashboard/", DashboardApi.as_view(), name="dashboard"),
    path("cases/<uuid:case_id>/", CaseApi.as_view(), name="case"),
    path("", include(router.urls)),
]
