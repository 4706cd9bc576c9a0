"""The staff pages of citizen reception (under /u/<code>/tiep-dan/)."""

from django.urls import path

from web.reception import views

app_name = "reception"
urlpatterns = [
    path("", views.index, name="index"),
    path("so-tiep-cong-dan/", views.visit_list_page, name="visits"),
    path("so-tiep-cong-dan/moi/", views.visit_log_page, name="visit_log"),
    path("so-tiep-cong-dan/ban-in/", views.visit_log_print, name="visit_log_print"),
    path("so-tiep-cong-dan/xuat-excel/", views.visit_log_export, name="visit_log_export"),
    path("so-tiep-cong-dan/<int:pk>/", views.visit_detail, name="visit"),
    path("so-tiep-cong-dan/<int:pk>/da-thong-bao/", views.visit_notify_page, name="visit_notify"),
    path("vu-viec/", views.matter_list_page, name="matters"),
    path("vu-viec/<int:pk>/diem-nong/", views.matter_hot_spot, name="matter_hot_spot"),
    path("lich-tiep/", views.session_list_page, name="sessions"),
    path("lich-tiep/moi/", views.session_schedule_page, name="session_schedule"),
    path("lich-tiep/<int:pk>/", views.session_detail, name="session"),
    path("lich-tiep/<int:pk>/thong-bao/<str:kind>/", views.session_notice_download, name="session_notice"),
    path("lich-tiep/<int:pk>/<str:name>/", views.session_action, name="session_action"),
    path("theo-doi/", views.instruction_list_page, name="instructions"),
    path("theo-doi/<int:pk>/hoan-thanh/", views.instruction_complete_page, name="instruction_complete"),
    path("doi-thoai/", views.dialogue_list_page, name="dialogues"),
    path("doi-thoai/<int:pk>/", views.dialogue_detail, name="dialogue"),
    path("can-bo/", views.staff_page, name="staff"),
    path("can-bo/<int:pk>/", views.officer_detail, name="officer"),
    path("phong-tiep/", views.room_list_page, name="rooms"),
    path("phong-tiep/<int:pk>/", views.room_detail, name="room"),
    path("thong-tin-don-vi/", views.profile_page, name="profile"),
    path("tuan-thu/", views.compliance_page, name="compliance"),
]
