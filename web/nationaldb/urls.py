"""The national database pages of a unit's workspace (under /u/<code>/csdl-quoc-gia/)."""

from django.urls import path

from web.nationaldb import views

app_name = "nationaldb"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("gui-lai/", views.retry_all, name="retry"),
    path("don/<int:pk>/", views.case_detail, name="case"),
    path("don/<int:pk>/gui-lai/", views.retry_case, name="retry-case"),
    path("tinh/", views.province, name="province"),
]
