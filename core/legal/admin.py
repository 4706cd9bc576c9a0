"""Platform admin for the law as data: the national calendar, the versioned deadline rules, the
heads' reception quotas and the single legal numbers (parameters)."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.common.errors import ApplicationError
from tenants.models import UnitKind

from .choices import Confidence, DaySource
from .clocks import OPENED_BY
from .models import (
    CalendarDay,
    CalendarYear,
    CompetenceRule,
    DeadlineRule,
    LegalParameter,
    ReceptionQuotaRule,
    RefusalGround,
)
from .services import calendar_day_cancel


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

    actions = ["cancel_seeded"]

    def save_model(self, request: HttpRequest, obj: CalendarDay, form, change: bool) -> None:
        # Whatever an admin saves is an admin decision, so re-seeding from the holidays package keeps it.
        obj.source = DaySource.ADMIN
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: CalendarDay | None = None) -> bool:
        # Deleting a seeded day does not last (the next seeding brings it back): it is cancelled instead.
        if obj is not None and obj.source == DaySource.HOLIDAYS:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Cancel the selected seeded days (a holiday is worked, a working Saturday is not)"))
    def cancel_seeded(self, request: HttpRequest, queryset) -> None:
        done = 0
        for day in queryset.order_by("date"):
            try:
                calendar_day_cancel(day=day.date)
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d seeded day cancelled; re-seeding keeps the cancellation.",
                    "%(count)d seeded days cancelled; re-seeding keeps the cancellations.",
                    done,
                )
                % {"count": done},
            )


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """The years the engine may count in (seeded from the holidays package; kept ahead by a daily task)."""

    list_display = ["year", "seeded_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


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
        "opened_by",
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

    @admin.display(description=_("opened by"))
    def opened_by(self, obj: DeadlineRule) -> str:
        return ", ".join(OPENED_BY.get(obj.code, ())) or "—"


class ReceptionQuotaRuleForm(forms.ModelForm):
    unit_kinds = forms.MultipleChoiceField(
        label=_("unit kinds"),
        choices=[(value, label) for value, label in UnitKind.choices if value != UnitKind.PLATFORM],
        widget=forms.CheckboxSelectMultiple,
    )
    confidence = forms.ChoiceField(label=_("confidence"), choices=Confidence.choices)

    class Meta:
        model = ReceptionQuotaRule
        fields = ["unit_kinds", "min_days", "per", "effective_from", "effective_to", "legal_basis", "confidence"]


@admin.register(ReceptionQuotaRule)
class ReceptionQuotaRuleAdmin(admin.ModelAdmin):
    """A change in the law is a new version from its effective date, with the old one ended the day
    before: each week or month of a head's reception is measured against the version in force in it."""

    form = ReceptionQuotaRuleForm
    list_display = ["kinds", "min_days", "per", "effective_from", "effective_to", "confidence", "legal_basis"]
    list_filter = ["per", "confidence"]
    search_fields = ["legal_basis"]

    @admin.display(description=_("unit kinds"))
    def kinds(self, obj: ReceptionQuotaRule) -> str:
        labels = dict(UnitKind.choices)
        return ", ".join(str(labels.get(kind, kind)) for kind in obj.unit_kinds)


class LegalParameterForm(forms.ModelForm):
    confidence = forms.ChoiceField(label=_("confidence"), choices=Confidence.choices)

    class Meta:
        model = LegalParameter
        fields = ["code", "value", "effective_from", "effective_to", "legal_basis", "confidence", "notes"]


@admin.register(LegalParameter)
class LegalParameterAdmin(admin.ModelAdmin):
    form = LegalParameterForm
    list_display = ["code", "value", "effective_from", "effective_to", "confidence", "legal_basis"]
    list_filter = ["code", "confidence"]
    search_fields = ["code", "legal_basis", "notes"]


class UnitKindsForm(forms.ModelForm):
    unit_kinds = forms.MultipleChoiceField(
        label=_("unit kinds that may accept"),
        choices=[(value, label) for value, label in UnitKind.choices if value != UnitKind.PLATFORM],
        widget=forms.CheckboxSelectMultiple,
    )
    confidence = forms.ChoiceField(label=_("confidence"), choices=Confidence.choices)

    class Meta:
        model = CompetenceRule
        fields = [
            "petition_type",
            "level",
            "unit_kinds",
            "effective_from",
            "effective_to",
            "legal_basis",
            "confidence",
            "notes",
        ]


@admin.register(CompetenceRule)
class CompetenceRuleAdmin(admin.ModelAdmin):
    """A change of competence is a new version from its effective date, the old one ended the day before."""

    form = UnitKindsForm
    list_display = ["petition_type", "level", "kinds", "effective_from", "effective_to", "confidence", "legal_basis"]
    list_filter = ["petition_type", "level", "confidence"]

    @admin.display(description=_("unit kinds that may accept"))
    def kinds(self, obj: CompetenceRule) -> str:
        labels = dict(UnitKind.choices)
        return ", ".join(str(labels.get(kind, kind)) for kind in obj.unit_kinds)


@admin.register(RefusalGround)
class RefusalGroundAdmin(admin.ModelAdmin):
    list_display = ["code", "requires_notice", "effective_from", "effective_to", "confidence", "legal_basis"]
    list_filter = ["requires_notice", "confidence"]
    search_fields = ["code", "legal_basis", "notes"]
