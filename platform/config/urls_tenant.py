"""URLs of a unit's workspace (served under /u/<code>/ or the unit's own domain)."""

from django.urls import include, path

# An address no pattern matches: under api/v1/ the API's JSON error, elsewhere Django's page.
handler404 = "api.exceptions.page_not_found"

urlpatterns = [
    path("api/v1/", include(("api.urls", "api"))),
    path("don-thu/", include("web.petitions.urls")),
    path("bao-cao/", include("web.reports.urls")),
    path("thanh-tra/", include("web.oversight.urls")),
    path("tiep-dan/", include("web.reception.urls")),
    path("van-ban/", include("web.documents.urls")),
    path("chuyen-don/", include("web.transfers.urls")),
    # Public pages of the unit (no login): reception rules, schedule, petition status lookup.
    path("", include("web.public.urls")),
    path("", include("web.accounts.urls")),
    # The second factor (its pages serve platform admins and units' staff alike).
    path("", include("web.accounts.second_factor_urls")),
]
