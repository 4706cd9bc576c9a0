"""The platform admin: units, domains and onboarding with a live progress page."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import Province

from .catalogue import UnknownUnitCode
from .models import Domain, OnboardingJob, Unit
from .provisioning import onboarding_job_create


def _province_choices() -> list[tuple[str, str]]:
    provinces = sorted(Province.iter_all(), key=lambda p: p.code.value)
    return [("", "—")] + [(f"{p.code.value:02d}", f"{p.code.value:02d} – {p.name}") for p in provinces]


class OnboardForm(forms.Form):
    province_code = forms.ChoiceField(label=_("Whole province"), required=False, choices=_province_choices)
    unit_codes = forms.CharField(
        label=_("Or unit codes"),
        required=False,
        help_text=_("Official codes separated by spaces or commas, e.g. 06040 20-SNV."),
    )

    def clean(self):
        data = super().clean()
        data["unit_codes"] = [c for c in data.get("unit_codes", "").replace(",", " ").split() if c]
        if not data.get("province_code") and not data["unit_codes"]:
            raise forms.ValidationError(_("Choose a province or give at least one unit code."))
        return data


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province_name", "status", "is_remote_area", "valid_from", "valid_to"]
    list_filter = ["status", "kind", "province_name", "is_remote_area"]
    search_fields = ["code", "name"]
    readonly_fields = ["schema_name", "code", "created_at"]
    fields = [
        "code",
        "schema_name",
        "name",
        "kind",
        "parent",
        "province_code",
        "province_name",
        "is_remote_area",
        "status",
        "valid_from",
        "valid_to",
        "created_at",
    ]
    inlines = [DomainInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Units are added through onboarding, which also creates their schema.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(OnboardingJob)
class OnboardingJobAdmin(admin.ModelAdmin):
    list_display = ["id", "status", "province_code", "done", "total", "created", "requested_by", "created_at"]
    readonly_fields = [f.name for f in OnboardingJob._meta.fields]
    change_list_template = "admin/tenants/onboardingjob/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_urls(self):
        own = [
            path("onboard/", self.admin_site.admin_view(self.onboard_view), name="tenants_onboard"),
            path("<int:job_id>/progress/", self.admin_site.admin_view(self.progress_view), name="tenants_progress"),
            path(
                "<int:job_id>/progress.json",
                self.admin_site.admin_view(self.progress_json),
                name="tenants_progress_json",
            ),
        ]
        return own + super().get_urls()

    def _check(self, request: HttpRequest) -> None:
        if not request.user.has_perm("accounts.onboard_units"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied

    def onboard_view(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        form = OnboardForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = onboarding_job_create(
                    requested_by=request.user.username,
                    province_code=form.cleaned_data["province_code"],
                    unit_codes=form.cleaned_data["unit_codes"],
                )
            except UnknownUnitCode as exc:
                form.add_error(None, _("“%(code)s” is not in the official list.") % {"code": exc.args[0]})
            else:
                messages.info(request, _("Onboarding queued."))
                return redirect("admin:tenants_progress", job_id=job.pk)
        context = {**self.admin_site.each_context(request), "form": form, "title": _("Onboard units")}
        return TemplateResponse(request, "admin/tenants/onboard.html", context)

    def progress_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        self._check(request)
        job = get_object_or_404(OnboardingJob, pk=job_id)
        context = {
            **self.admin_site.each_context(request),
            "job": job,
            "title": _("Onboarding progress"),
            "json_url": reverse("admin:tenants_progress_json", args=[job.pk]),
        }
        return TemplateResponse(request, "admin/tenants/progress.html", context)

    def progress_json(self, request: HttpRequest, job_id: int) -> JsonResponse:
        self._check(request)
        job = get_object_or_404(OnboardingJob, pk=job_id)
        return JsonResponse(
            {
                "status": job.status,
                "status_label": str(job.get_status_display()),
                "done": job.done,
                "total": job.total,
                "created": job.created,
                "percent": job.percent,
                "current": job.current,
                "error": job.error,
            }
        )
