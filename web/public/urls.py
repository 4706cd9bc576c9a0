"""A unit's public pages (no login), served at the root of the unit: /u/<code>/cong-khai/…, /u/<code>/tra-cuu/."""

from django.urls import path

from web.public import views as public_views

app_name = "reception_public"
urlpatterns = [
    path("cong-khai/", public_views.rules, name="rules"),
    path("cong-khai/lich-tiep/", public_views.schedule, name="schedule"),
    path("tra-cuu/", public_views.lookup, name="lookup"),
]
