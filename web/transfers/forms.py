from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from web.common.forms import DayFirstDateField


class DateForm(forms.Form):
    date = DayFirstDateField(label=_("Date"), required=False)


class ReturnForm(DateForm):
    reason = forms.CharField(label=_("Why it is returned"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class OnwardForm(DateForm):
    receiving_unit = forms.CharField(
        label=_("Unit to forward it to (code)"),
        max_length=32,
        help_text=_("Search the platform's units by name or code, then choose one."),
    )
    legal_ground = forms.CharField(label=_("Legal ground cited in the letter"), max_length=500, required=False)


class ChaseForm(DateForm):
    report_by = DayFirstDateField(label=_("Report by"), required=False)


class SealedReadForm(forms.Form):
    reason = forms.CharField(label=_("Why you need the identity"), max_length=500)
