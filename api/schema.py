"""OpenAPI schema and its Swagger/Redoc pages, for members of the unit only (like every endpoint).

Paths in the schema are relative to the unit's API root, which the schema names as its server
(``/u/<code>/api/v1``, or ``/api/v1`` on a unit's own hostname), so Swagger's "Try it out" calls
this unit. The pages load Swagger UI and Redoc from our own static files (drf-spectacular-sidecar).
"""

from django.urls import reverse
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from .base import TenantAPIView


class SchemaApi(TenantAPIView, SpectacularAPIView):
    def _get_schema_response(self, request):
        response = super()._get_schema_response(request)
        # The routing middleware moved /u/<code> into the script prefix, so reverse() includes it.
        server = reverse("api:api-root").rstrip("/")
        response.data = {**response.data, "servers": [{"url": server, "description": request.tenant.name}]}
        return response


class SwaggerApi(TenantAPIView, SpectacularSwaggerView):
    pass


class RedocApi(TenantAPIView, SpectacularRedocView):
    pass
