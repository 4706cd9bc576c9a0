"""URLs of a unit's workspace (served under /u/<code>/ or the unit's own domain)."""

from django.urls import include, path

urlpatterns = [
    path("api/v1/", include(("api.urls", "api"))),
    path("don-thu/", include("core.petitions.urls")),
    path("bao-cao/", include("core.reports.urls")),
    path("thanh-tra/", include("core.oversight.urls")),
    path("tiep-dan/", include("core.reception.urls")),
    # Public pages of the unit (no login): reception rules, schedule, petition status lookup.
    path("", include("core.reception.public_urls")),
    path("", include("core.accounts.urls")),
]
