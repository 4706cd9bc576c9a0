"""The transfer pages of a unit's workspace (under /u/<code>/chuyen-don/)."""

from django.urls import path

from web.transfers import views

app_name = "transfers"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("da-chuyen/", views.outbox, name="outbox"),
    path("don-vi/", views.unit_search, name="units"),
    path("ton-dong/", views.stuck, name="stuck"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/danh-tinh/", views.sealed_identity, name="sealed-identity"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
]
