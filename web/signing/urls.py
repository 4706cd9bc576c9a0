"""The unit's signing certificate (/u/<code>/ky-so/) and the public signature check under the unit."""

from django.urls import path

from web.signing import views

app_name = "signing"
urlpatterns = [
    path("ky-so/", views.certificate_page, name="certificate"),
    path("ky-so/thu-hoi/", views.certificate_revoke_page, name="revoke"),
    path("xac-minh-chu-ky/", views.verify_page, name="verify"),
]
