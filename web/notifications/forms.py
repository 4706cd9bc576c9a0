from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ContactForm(forms.Form):
    """A citizen's contact as staff record it; the service validates the values (Vietnamese
    mobile numbers, e-mail) and names the field it refuses."""

    email = forms.CharField(label=_("E-mail"), required=False, max_length=254)
    phone = forms.CharField(label=_("Mobile phone"), required=False, max_length=25)
    consent = forms.BooleanField(
        label=_("The citizen agrees to be told of the petition's progress at this contact"), required=False
    )
