"""The periodic reports API, mounted at /u/<code>/api/v1/reports/ (namespace "api:reports")."""

from django.urls import path

from . import views

urlpatterns = [
    path("unit/", views.UnitReportApi.as_view(), name="unit"),
    path("unit/xlsx/", views.UnitReportXlsxApi.as_view(), name="unit-xlsx"),
    path("unit/compare/", views.UnitReportCompareApi.as_view(), name="unit-compare"),
    path("unit/submissions/", views.UnitSubmissionApi.as_view(), name="unit-submissions"),
    path("province/", views.ProvinceReportApi.as_view(), name="province"),
    path("province/xlsx/", views.ProvinceReportXlsxApi.as_view(), name="province-xlsx"),
    path("province/submissions/", views.ProvinceSubmissionStatusApi.as_view(), name="province-submissions"),
    path("province/jobs/", views.ReportJobListApi.as_view(), name="province-jobs"),
    path("province/jobs/<int:pk>/", views.ReportJobApi.as_view(), name="province-job"),
    path("province/jobs/<int:pk>/xlsx/", views.ReportJobXlsxApi.as_view(), name="province-job-xlsx"),
]
