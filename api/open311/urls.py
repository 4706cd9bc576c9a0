"""Open311 GeoReport v2 of a unit (``/u/<code>/open311/v2/``): the format is the resource's extension."""

from django.urls import path

from . import views

app_name = "open311"
urlpatterns = [
    path("services.<str:format>", views.services, name="services"),
    path("services/<str:service_code>.<str:format>", views.service_definition, name="service-definition"),
    path("requests.<str:format>", views.requests, name="requests"),
    path("requests/<str:service_request_id>.<str:format>", views.request_detail, name="request"),
]
