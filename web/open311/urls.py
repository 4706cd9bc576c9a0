"""The unit administrator's Open311 client applications: /u/<code>/ung-dung-open311/."""

from django.urls import path

from web.open311 import views

app_name = "open311-clients"
urlpatterns = [
    path("", views.client_page, name="list"),
    path("<int:client_id>/thu-hoi/", views.client_revoke_view, name="revoke"),
]
