"""The documents API, mounted at /u/<code>/api/v1/documents/ (namespace "api:documents")."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("", views.DocumentViewSet, basename="document")

urlpatterns = [path("", include(router.urls))]
