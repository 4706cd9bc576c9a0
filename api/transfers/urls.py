"""The transfers API, mounted at /u/<code>/api/v1/transfers/ (namespace "api:transfers")."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("", views.TransferViewSet, basename="transfer")

urlpatterns = [path("", include(router.urls))]
