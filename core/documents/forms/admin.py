"""Platform admin for document forms: the versions loaded from the repository (whose wording an
admin may correct where domain.md marks it unverified) and each province's replacement templates,
uploaded here, checked by rendering before they are accepted, and kept as history."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.common.errors import ApplicationError
from core.documents.kinds import KINDS

from .models import FormTemplateOverride, FormVersion
from .services import WORDING, form_template_override_stop, form_template_override_upload, form_version_correct


class OverrideInline(admin.TabularInline):
    model = FormTemplateOverride
    extra = 0
    can_delete = False
    readonly_fields = ("province_code", "filename", "note", "uploaded_by", "uploaded_at", "replaced_at", "replaced_by")
    fields = readonly_fields
    verbose_name_plural = _("provinces' templates (history)")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(FormVersion)
class FormVersionAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "form_code",
        "version",
        "form_number",
        "title",
        "effective_from",
        "effective_to",
        "confidence",
        "verification",
        "corrected_by_admin",
    ]
    list_filter = ["kind", "confidence", "verified"]
    search_fields = ["kind", "form_code", "title", "subtitle", "legal_basis"]
    inlines = [OverrideInline]
    fieldsets = [
        (None, {"fields": ["kind", "form_code", "version", "effective_from", "effective_to"]}),
        (_("Wording"), {"fields": list(WORDING)}),
        (_("Template"), {"fields": ["template_path", "required_keys", "sample_context", "corrected_by_admin"]}),
    ]

    @admin.display(description=_("checked against the official text"), ordering="verified")
    def verification(self, obj: FormVersion) -> str:
        return obj.verification

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # The repository owns which form lays out which kind and when; an admin corrects the wording.
        return [
            "kind",
            "form_code",
            "version",
            "effective_from",
            "effective_to",
            "template_path",
            "required_keys",
            "sample_context",
            "corrected_by_admin",
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: FormVersion, form, change: bool) -> None:
        form_version_correct(form_version=obj, **{name: getattr(obj, name) for name in WORDING})


class OverrideUploadForm(forms.ModelForm):
    file = forms.FileField(label=_("DOCX template"))

    class Meta:
        model = FormTemplateOverride
        fields = ["form_version", "province_code", "note"]

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        upload = cleaned.get("file")
        if upload is None or not cleaned.get("form_version"):
            return cleaned
        try:
            self.instance = form_template_override_upload(
                form_version=cleaned["form_version"],
                province_code=cleaned.get("province_code", ""),
                content=upload.read(),
                filename=upload.name,
                uploaded_by=self.request.user.get_username() if self.request else "",
                note=cleaned.get("note", ""),
            )
        except ApplicationError as exc:
            field = exc.extra.get("field")
            raise ValidationError({field if field in self.fields else "file": exc.message}) from exc
        return cleaned


class KindFilter(admin.SimpleListFilter):
    title = _("kind of document")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        kinds = FormVersion.objects.order_by("kind").values_list("kind", flat=True).distinct()
        return [(kind, str(KINDS[kind].label) if kind in KINDS else kind) for kind in kinds]

    def queryset(self, request: HttpRequest, queryset):
        return queryset.filter(form_version__kind=self.value()) if self.value() else queryset


@admin.register(FormTemplateOverride)
class FormTemplateOverrideAdmin(admin.ModelAdmin):
    """Uploading checks and stores in one go (the form's ``clean`` calls the service); saving then
    has nothing left to do. Stopping one returns the province to the repository's template."""

    form = OverrideUploadForm
    list_display = [
        "form_version",
        "province_code",
        "filename",
        "uploaded_by",
        "uploaded_at",
        "in_force_display",
        "replaced_at",
    ]
    list_filter = ["province_code", KindFilter]
    actions = ["stop"]

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class WithRequest(form):  # type: ignore[valid-type,misc]  # the class get_form built at run time
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return WithRequest

    @admin.display(description=_("in force"), boolean=True)
    def in_force_display(self, obj: FormTemplateOverride) -> bool:
        return obj.in_force

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        pass  # stored by the form's clean, through the service

    def save_related(self, request, form, formsets, change) -> None:
        pass

    @admin.action(description=_("Stop using (back to the repository's template)"))
    def stop(self, request: HttpRequest, queryset) -> None:
        for override in queryset:
            form_template_override_stop(override=override, stopped_by=request.user.get_username())
        messages.success(request, _("The selected templates are no longer used."))
