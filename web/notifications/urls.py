"""Messages to citizens in a unit's workspace (under /u/<code>/thong-bao-cong-dan/)."""

from django.urls import path

from web.notifications import views

app_name = "notifications"
urlpatterns = [
    path("loi/", views.failed_list, name="failed"),
    path("<int:pk>/gui-lai/", views.retry, name="retry"),
    path("don/<int:pk>/lien-he/", views.contact_page, name="contact"),
]
