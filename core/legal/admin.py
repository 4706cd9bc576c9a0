"""Platform admin for the law as data: the national calendar and the versioned deadline rules."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .choices import DaySource
from .models import CalendarDay, DeadlineRule


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["name"]
    date_hierarchy = "date"
    fields = ["date", "kind", "name", "source", "created_at"]
    readonly_fields = ["source", "created_at"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        return f"{obj.date:%a}"

    def save_model(self, request: HttpRequest, obj: CalendarDay, form, change: bool) -> None:
        # Whatever an admin saves is an admin decision, so re-seeding from the holidays package keeps it.
        obj.source = DaySource.ADMIN
        super().save_model(request, obj, form, change)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "variant",
        "length",
        "unit",
        "direction",
        "effective_from",
        "effective_to",
        "is_operative",
        "is_statutory",
        "confidence",
        "legal_basis",
    ]
    list_filter = ["unit", "is_operative", "is_statutory", "confidence", "direction"]
    search_fields = ["code", "variant", "legal_basis", "description_vi", "description_en"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["code", "variant", "length", "unit", "direction"]}),
        (_("Validity"), {"fields": ["effective_from", "effective_to", "is_operative", "is_statutory"]}),
        (_("Extensions"), {"fields": ["extension_code", "max_extensions"]}),
        (
            _("Source"),
            {"fields": ["legal_basis", "confidence", "description_vi", "description_en", "notes"]},
        ),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]
