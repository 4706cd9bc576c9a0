"""URLs of the platform itself (public schema): landing page, platform admin, platform API."""

from django.contrib import admin
from django.urls import include, path

from tenants import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("health/", views.health, name="health"),
    path("admin/", admin.site.urls),
    # The second factor (its pages serve platform admins and units' staff alike).
    path("", include("web.accounts.second_factor_urls")),
    path("api/v1/platform/", include(("api.units.urls", "platform-api"))),
]
