"""URLs of the platform itself (public schema): landing page, platform admin, platform API."""

from django.contrib import admin
from django.urls import include, path

from tenants import views
from web.signing.views import verify_page

urlpatterns = [
    path("", views.landing, name="landing"),
    path("health/", views.health, name="health"),
    # The province's entry to the online form: pick the unit and the field (no login).
    path("", include("web.intake.public_urls")),
    # Anyone checks a signed PDF of any unit (the register of certificates is platform-wide).
    path("xac-minh-chu-ky/", verify_page, name="signature-verify"),
    path("admin/", admin.site.urls),
    # The second factor (its pages serve platform admins and units' staff alike).
    path("", include("web.accounts.second_factor_urls")),
    path("api/v1/platform/", include(("api.units.urls", "platform-api"))),
]
