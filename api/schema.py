"""OpenAPI schema and its Swagger/Redoc pages, for members of the unit only (like every endpoint)."""

from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from .base import TenantAPIView


class SchemaApi(TenantAPIView, SpectacularAPIView):
    pass


class SwaggerApi(TenantAPIView, SpectacularSwaggerView):
    pass


class RedocApi(TenantAPIView, SpectacularRedocView):
    pass
