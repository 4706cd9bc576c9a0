"""The API of a unit's workspace, mounted at /u/<code>/api/v1/."""

from django.urls import include, path
from rest_framework.routers import APIRootView, DefaultRouter

from .accounts.views import MeApi, RoleRequestViewSet, UserViewSet
from .base import TenantAPIView
from .notifications.views import NotificationViewSet
from .petitions.views import AttachmentViewSet, FieldViewSet, PetitionViewSet
from .schema import RedocApi, SchemaApi, SwaggerApi


class ApiRoot(TenantAPIView, APIRootView):
    """The index of the unit's API."""


# JSON only: no ".json" suffix routes (the API negotiates by Accept, and an action taking no
# ``format`` argument answered such a route with a 500).
router = DefaultRouter()
router.include_format_suffixes = False
router.APIRootView = ApiRoot
router.register("users", UserViewSet, basename="user")
router.register("role-requests", RoleRequestViewSet, basename="role-request")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("petitions", PetitionViewSet, basename="petition")
router.register("fields", FieldViewSet, basename="field")
router.register(r"petitions/(?P<petition_pk>\d+)/attachments", AttachmentViewSet, basename="petition-attachment")

urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("schema/", SchemaApi.as_view(), name="schema"),
    path("docs/", SwaggerApi.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocApi.as_view(url_name="api:schema"), name="redoc"),
    path("reports/", include(("api.reports.urls", "reports"))),
    path("reception/", include(("api.reception.urls", "reception"))),
    path("documents/", include(("api.documents.urls", "documents"))),
    path("inspectorate/", include(("api.oversight.urls", "oversight"))),
    path("transfers/", include(("api.transfers.urls", "transfers"))),
    path("", include(router.urls)),
]
