"""URLs of a unit's workspace (served under /u/<code>/ or the unit's own domain)."""

from django.urls import include, path

urlpatterns = [
    path("api/v1/", include(("api.urls", "api"))),
    path("don-thu/", include("core.petitions.urls")),
    path("bao-cao/", include("core.reports.urls")),
    path("thanh-tra/", include("core.oversight.urls")),
    path("", include("core.accounts.urls")),
]
