"""Open311 of a unit (``/u/<code>/open311/``): service discovery, and GeoReport v2 under ``v2/``; the
format is the resource's extension."""

from django.urls import path

from . import views

app_name = "open311"
urlpatterns = [
    path("discovery.<str:format>", views.discovery, name="discovery"),
    path("v2/services.<str:format>", views.services, name="services"),
    path("v2/services/<str:service_code>.<str:format>", views.service_definition, name="service-definition"),
    path("v2/requests.<str:format>", views.requests, name="requests"),
    path("v2/requests/<str:service_request_id>.<str:format>", views.request_detail, name="request"),
]
