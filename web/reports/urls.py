"""The report pages of a unit's workspace (under /u/<code>/bao-cao/)."""

from django.urls import path

from web.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.unit_report_page, name="unit"),
    path("tai-xuong/", views.unit_report_xlsx, name="unit-xlsx"),
    path("nop/", views.unit_report_submit, name="submit"),
    path("toan-tinh/", views.province_page, name="province"),
    path("toan-tinh/tai-xuong/", views.province_report_xlsx, name="province-xlsx"),
    path("toan-tinh/tong-hop/", views.job_start, name="job-start"),
    path("toan-tinh/tong-hop/<int:pk>/", views.job_page, name="job"),
    path("toan-tinh/tong-hop/<int:pk>/tai-xuong/", views.job_xlsx, name="job-xlsx"),
]
