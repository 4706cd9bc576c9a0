"""Platform admin for the reporting regime: the period rules (versioned cut-off), and read-only
views of the units' submissions and the province roll-ups."""

from django.contrib import admin
from django.http import HttpRequest

from .models import ReportJob, ReportPeriodRule, ReportSubmission


@admin.register(ReportPeriodRule)
class ReportPeriodRuleAdmin(admin.ModelAdmin):
    list_display = ["form_version", "cutoff_day", "effective_from", "effective_to", "confidence", "legal_basis"]
    list_filter = ["confidence"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ReportSubmission)
class ReportSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["unit_code", "form", "period_kind", "year", "form_version", "submitted_by", "submitted_at"]
    list_filter = ["form", "period_kind", "year", "province_code"]
    search_fields = ["unit_code"]
    exclude = ["data"]


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnlyAdmin):
    list_display = ["id", "province_code", "form", "period_kind", "year", "status", "done", "total", "created_at"]
    list_filter = ["status", "form", "province_code"]
    exclude = ["data", "result"]
