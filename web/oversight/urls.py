"""The provincial inspectorate's pages (under /u/<code>/thanh-tra/)."""

from django.urls import path

from web.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("qua-han/", views.due_list, name="overdue"),
    path("ho-so/<uuid:case_id>/", views.case_detail, name="case"),
    path("quyen-xem-ho-so/", views.grant_list, name="grants"),
    path("quyen-xem-ho-so/<int:pk>/thu-hoi/", views.grant_revoke, name="grant-revoke"),
    path("quyen-xem-ho-so/<int:pk>/phe-duyet/", views.grant_decide, name="grant-decide"),
    path("nhat-ky-xem-ho-so/", views.access_log, name="access-log"),
    path("cuoc-thanh-tra/", views.inspection_list, name="inspections"),
    path("cuoc-thanh-tra/moi/", views.inspection_create, name="inspection-create"),
    path("cuoc-thanh-tra/<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("cuoc-thanh-tra/<int:pk>/sua/", views.inspection_edit, name="inspection-edit"),
    path("kien-nghi/<int:pk>/", views.recommendation_edit, name="recommendation-edit"),
    path("kien-nghi/<int:pk>/hoan-thanh/", views.recommendation_done, name="recommendation-done"),
    path("kien-nghi/<int:pk>/mo-lai/", views.recommendation_reopen, name="recommendation-reopen"),
    path("kien-nghi-den-don-vi/", views.unit_recommendation_list, name="unit-recommendations"),
]
