"""Forms of the register's pages; their fields carry the names of the services' arguments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.documents.kinds import kind_choices
from core.documents.models import IssuedDocument
from web.common.forms import choice_field, with_blank


class RegisterFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind of document"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "year").choices = with_blank([(year, str(year)) for year in years])
        choice_field(self, "kind").choices = with_blank(kind_choices())
        choice_field(self, "status").choices = with_blank(IssuedDocument.Status.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class SettingsForm(forms.Form):
    show_superior = forms.BooleanField(label=_("Show the superior body above the issuing body"), required=False)
    superior_body = forms.CharField(label=_("Superior body"), max_length=200, required=False)
    issuing_body = forms.CharField(
        label=_("Issuing body (one line per row)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    place_name = forms.CharField(label=_("Place name before the date"), max_length=100, required=False)
    body_name = forms.CharField(label=_("The unit's name in running text"), max_length=200, required=False)


class SymbolForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput)
    symbol = forms.CharField(label=_("Symbol"), max_length=40, required=False)
