"""The platform admin: units, domains and onboarding with a live progress page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import Province

from .catalogue import UnknownUnitCode
from .invitations import AdminSpec, InvitationError, admin_spec_clean, admin_specs_from_csv, invitation_reissue
from .models import Domain, OnboardingJob, Unit, UnitInvitation
from .provisioning import onboarding_job_create
from .selectors import unit_invitation_latest

# The admin site runs on the public schema only: it is the platform's, not a unit's.
admin.site.site_header = _("TiepDan — Platform administration")
admin.site.site_title = _("TiepDan platform administration")
admin.site.index_title = _("Platform administration")


def _province_choices() -> list[tuple[str, str]]:
    provinces = sorted(Province.iter_all(), key=lambda p: p.code.value)
    return [("", "—")] + [(f"{p.code.value:02d}", f"{p.code.value:02d} – {p.name}") for p in provinces]


ADMINS_CSV_MAX_BYTES = 1024 * 1024


class OnboardForm(forms.Form):
    province_code = forms.ChoiceField(label=_("Whole province"), required=False, choices=_province_choices)
    unit_codes = forms.CharField(
        label=_("Or unit codes"),
        required=False,
        help_text=_("Official codes separated by spaces or commas, e.g. 06040 20-SNV."),
    )

    admin_full_name = forms.CharField(label=_("Administrator's full name"), required=False, max_length=150)
    admin_email = forms.EmailField(label=_("Administrator's e-mail"), required=False)
    admin_phone = forms.CharField(
        label=_("Administrator's phone"),
        required=False,
        max_length=20,
        help_text=_(
            "For one unit: the person who will administer it gets a link (valid 72 hours) to choose a password. "
            "SMS is not sent yet: for a phone number alone, re-issue the invitation from the unit's page and pass "
            "on the link shown there."
        ),
    )
    admins_csv = forms.FileField(
        label=_("Or administrators of several units (CSV)"),
        required=False,
        help_text=_("One row per unit: unit code, e-mail, phone, full name (a header row is allowed)."),
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        data["unit_codes"] = [c for c in data.get("unit_codes", "").replace(",", " ").split() if c]
        if not data.get("province_code") and not data["unit_codes"]:
            raise forms.ValidationError(_("Choose a province or give at least one unit code."))
        data["admins"] = self._admins(data)
        return data

    def _admins(self, data) -> list[AdminSpec]:
        one = {name: data.get(f"admin_{name}") or "" for name in ("email", "phone", "full_name")}
        upload = data.get("admins_csv")
        if any(one.values()) and upload:
            raise forms.ValidationError(_("Name one administrator or upload a CSV file, not both."))
        if upload and upload.size > ADMINS_CSV_MAX_BYTES:
            self.add_error("admins_csv", _("The CSV file is too large (at most 1 MB)."))
            return []
        if not upload and any(one.values()) and (data.get("province_code") or len(data["unit_codes"]) != 1):
            self.add_error(
                "admin_email",
                _("The administrator's fields are for one unit code; for several units upload a CSV file."),
            )
            return []
        try:
            if upload:
                return admin_specs_from_csv(upload.read())
            return [admin_spec_clean(unit_code=data["unit_codes"][0], **one)] if any(one.values()) else []
        except InvitationError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
            return []


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class InvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        help_text=_("SMS is not sent yet: pass on the link shown after issuing by phone."),
    )


class UnitInvitationInline(admin.TabularInline):
    """Every invitation of the unit, kept as the record of who invited whom and when."""

    model = UnitInvitation
    extra = 0
    can_delete = False
    fields = (
        "full_name",
        "email",
        "phone",
        "state",
        "issued_by",
        "issued_at",
        "expires_at",
        "sent_at",
        "accepted_at",
        "accepted_username",
        "revoked_at",
        "revoked_by",
    )
    readonly_fields = fields

    @admin.display(description=_("state"))
    def state(self, obj: UnitInvitation) -> str:
        return obj.get_state_display()

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "province_name",
        "status",
        "is_remote_area",
        "valid_from",
        "valid_to",
        "admin_invitation",
    ]
    list_filter = ["status", "kind", "province_name", "is_remote_area"]
    search_fields = ["code", "name"]
    readonly_fields = ["schema_name", "code", "created_at", "admin_invitation"]
    actions = ["reissue_invitations"]
    change_form_template = "admin/tenants/unit/change_form.html"
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
        "admin_invitation",
    ]
    inlines = [DomainInline, UnitInvitationInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Units are added through onboarding, which also creates their schema.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest):
        latest_first = UnitInvitation.objects.order_by("-issued_at", "-pk")
        return super().get_queryset(request).prefetch_related(Prefetch("invitations", queryset=latest_first))

    @admin.display(description=_("administrator invitation"))
    def admin_invitation(self, obj: Unit) -> str:
        invitation = next(iter(obj.invitations.all()), None)
        if invitation is None:
            return "—"
        return _("%(state)s: %(recipient)s, issued %(issued)s by %(by)s") % {
            "state": invitation.get_state_display(),
            "recipient": invitation.email or invitation.phone,
            "issued": date_format(timezone.localtime(invitation.issued_at), "d/m/Y H:i"),
            "by": invitation.issued_by,
        }

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/invitation/",
                self.admin_site.admin_view(self.invitation_view),
                name="tenants_unit_invitation",
            )
        ]
        return own + super().get_urls()

    def _invitation_issued(self, request: HttpRequest, unit: Unit, issued) -> None:
        """Audit it in the unit's history and show the link this once (it is stored nowhere)."""
        invitation = issued.invitation
        self.log_change(request, unit, f"Administrator invitation #{invitation.pk} issued to {invitation}")
        messages.success(
            request,
            _(
                "Invitation for %(unit)s issued to %(recipient)s, valid until %(expires)s. Its link, shown only "
                "this once (pass it on by phone if needed): %(link)s"
            )
            % {
                "unit": unit.name,
                "recipient": invitation.email or invitation.phone,
                "expires": date_format(timezone.localtime(invitation.expires_at), "d/m/Y H:i"),
                "link": issued.link,
            },
        )

    def invitation_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Invite the unit's administrator, or re-issue the invitation (the previous link stops working)."""
        _onboarding_permission_check(request)
        unit = get_object_or_404(Unit, pk=object_id)
        latest = unit_invitation_latest(unit)
        initial = {"email": latest.email, "phone": latest.phone, "full_name": latest.full_name} if latest else {}
        form = InvitationForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                issued = invitation_reissue(unit=unit, issued_by=request.user.username, **form.cleaned_data)
            except InvitationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                self._invitation_issued(request, unit, issued)
                return redirect("admin:tenants_unit_change", unit.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "unit": unit,
            "latest": latest,
            "opts": self.model._meta,
            "title": _("Invitation of the administrator of %(unit)s") % {"unit": unit.name},
        }
        return TemplateResponse(request, "admin/tenants/unit/invitation.html", context)

    @admin.action(description=_("Re-issue the administrator invitation (same person, new link)"))
    def reissue_invitations(self, request: HttpRequest, queryset) -> None:
        _onboarding_permission_check(request)
        for unit in queryset:
            try:
                issued = invitation_reissue(unit=unit, issued_by=request.user.username)
            except InvitationError as exc:
                messages.error(request, exc.message)
            else:
                self._invitation_issued(request, unit, issued)


def _onboarding_permission_check(request: HttpRequest) -> None:
    if not request.user.has_perm("accounts.onboard_units"):
        raise PermissionDenied


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
        form = OnboardForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = onboarding_job_create(
                    requested_by=request.user.username,
                    province_code=form.cleaned_data["province_code"],
                    unit_codes=form.cleaned_data["unit_codes"],
                    admins=form.cleaned_data["admins"],
                )
            except UnknownUnitCode as exc:
                form.add_error(None, _("“%(code)s” is not in the official list.") % {"code": exc.args[0]})
            except InvitationError as exc:
                form.add_error(None, exc.message)
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
