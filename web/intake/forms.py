"""The citizen's online form and the province's entry page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.catalogue.selectors import field_choices
from core.intake.services import MAX_ATTACHMENTS, MAX_CONTENT, MAX_SUBJECT
from core.petitions.choices import PetitionType
from core.petitions.identity_documents import IdKind
from core.petitions.services.attachments import ATTACHMENT_TYPES
from web.common.forms import choice_field
from web.petitions.attachments import MultipleFileField

#: The honeypot: a field no person sees (hidden by the page's style sheet and from screen readers),
#: which form-filling robots fill in.
HONEYPOT = "website"
ID_KINDS = [(kind, label) for kind, label in IdKind.choices if kind != IdKind.NONE]


class OptionalMultipleFileField(MultipleFileField):
    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        return [item for item in items if item] and super().clean(data, initial)


class SubmissionForm(forms.Form):
    """Field names are ``submission_receive``'s arguments, so a refusal lands on its field."""

    petition_type = forms.ChoiceField(label=_("Type of petition"), choices=PetitionType.choices)
    field_code = forms.ChoiceField(label=_("Field"))
    subject = forms.CharField(label=_("Subject (decision, act or person concerned)"), max_length=MAX_SUBJECT)
    content = forms.CharField(label=_("Content"), max_length=MAX_CONTENT, widget=forms.Textarea(attrs={"rows": 10}))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    id_kind = forms.ChoiceField(label=_("Identity document"), choices=ID_KINDS, initial=IdKind.CCCD)
    id_number = forms.CharField(
        label=_("Document number"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    address_street = forms.CharField(label=_("Address"), max_length=255, required=False)
    email = forms.CharField(
        label=_("E-mail"), max_length=254, required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"autocomplete": "tel"})
    )
    contact_consent = forms.BooleanField(
        label=_("I agree to be contacted at this e-mail address or phone number about my petition."), required=False
    )
    attachments = OptionalMultipleFileField(label=_("Attached files"), required=False)
    challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "field_code").choices = field_choices()
        self.fields["attachments"].widget.attrs["accept"] = ",".join(ATTACHMENT_TYPES)

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS})
        return files

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("contact_consent") and not (cleaned.get("email") or cleaned.get("phone")):
            self.add_error("email", _("Give an e-mail address or a phone number to be contacted at."))
        return cleaned


class EntryForm(forms.Form):
    """The province's entry: the unit (or "not sure": the province's reception office) and the field."""

    unit = forms.ChoiceField(label=_("Send to"), required=False)
    unsure = forms.BooleanField(label=_("I am not sure which body handles my matter"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    field = forms.ChoiceField(label=_("Field"), required=False)

    def __init__(self, *args, units: list, provinces: list, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "unit").choices = [("", "—"), *units]
        choice_field(self, "province").choices = [("", "—"), *provinces]
        choice_field(self, "field").choices = [("", "—"), *field_choices()]

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("unsure"):
            if not cleaned.get("province"):
                self.add_error("province", _("Choose your province."))
        elif not cleaned.get("unit"):
            self.add_error("unit", _("Choose where to send your petition, or tick “not sure”."))
        return cleaned
