"""The platform API (units and onboarding), mounted at /api/v1/platform/ on the public schema."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .views import OnboardingJobViewSet, UnitViewSet

router = DefaultRouter()
router.include_format_suffixes = False  # as the units' API (api/urls.py)
router.register("units", UnitViewSet, basename="unit")
router.register("onboarding-jobs", OnboardingJobViewSet, basename="onboarding-job")

urlpatterns = [path("", include(router.urls))]
