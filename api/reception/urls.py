"""The reception API, mounted at /u/<code>/api/v1/reception/ (namespace "api:reception")."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("visits", views.VisitViewSet, basename="visit")
router.register("matters", views.MatterViewSet, basename="matter")
router.register("sessions", views.SessionViewSet, basename="session")
router.register("instructions", views.InstructionViewSet, basename="instruction")
router.register("dialogues", views.DialogueViewSet, basename="dialogue")
router.register("officers", views.OfficerViewSet, basename="officer")
router.register("rooms", views.RoomViewSet, basename="room")

urlpatterns = [
    path("profile/", views.UnitProfileApi.as_view(), name="profile"),
    path("compliance/", views.ComplianceApi.as_view(), name="compliance"),
    path("", include(router.urls)),
]
