"""The unit's register of outgoing documents (under /u/<code>/van-ban/)."""

from django.urls import path

from web.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.register_page, name="register"),
    path("thiet-lap/", views.settings_page, name="settings"),
    path("<int:pk>/", views.document_page, name="detail"),
    path("<int:pk>/<str:name>/", views.document_action, name="action"),
    path("<int:pk>/tai-xuong/<str:fmt>/", views.document_download, name="download"),
]
