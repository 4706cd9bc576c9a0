"""URLs of a unit's workspace (served under /u/<code>/ or the unit's own domain)."""

from django.urls import include, path

# An address no pattern matches: under api/v1/ the API's JSON error, elsewhere Django's page.
handler404 = "api.exceptions.page_not_found"

urlpatterns = [
    path("api/v1/", include(("api.urls", "api"))),
    # Open311: service discovery and GeoReport v2 (their own formats and errors, not the workspace API).
    path("open311/", include("api.open311.urls")),
    path("don-thu/", include("web.petitions.urls")),
    path("bao-cao/", include("web.reports.urls")),
    path("thanh-tra/", include("web.oversight.urls")),
    path("tiep-dan/", include("web.reception.urls")),
    path("van-ban/", include("web.documents.urls")),
    path("chuyen-don/", include("web.transfers.urls")),
    # Messages to citizens: a petition's contact, the unit administrator's failed messages.
    path("thong-bao-cong-dan/", include("web.notifications.urls")),
    # The unit administrator's Open311 client applications and their keys.
    path("ung-dung-open311/", include("web.open311.urls")),
    path("csdl-quoc-gia/", include("web.nationaldb.urls")),
    # The unit's signing certificate (ky-so/) and the public signature check (xac-minh-chu-ky/).
    path("", include("web.signing.urls")),
    # Public pages of the unit (no login): reception rules, schedule, petition status lookup.
    path("", include("web.public.urls")),
    # The citizen's online form and its receipt (no login): gui-don/…
    path("", include("web.intake.urls")),
    path("", include("web.accounts.urls")),
    # The second factor (its pages serve platform admins and units' staff alike).
    path("", include("web.accounts.second_factor_urls")),
]
