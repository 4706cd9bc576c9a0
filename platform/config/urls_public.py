"""URLs of the platform itself (public schema): landing page, platform admin, platform API."""

from django.contrib import admin
from django.urls import include, path

from tenants import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("health/", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("api/v1/platform/", include(("api.units.urls", "platform-api"))),
]
