from django import forms
from django.utils.translation import gettext_lazy as _


class ClientCreateForm(forms.Form):
    """A new Open311 client application: field names are ``client_create``'s arguments."""

    name = forms.CharField(
        label=_("Application"), max_length=150, help_text=_("Who runs it and what it is, e.g. “Lạng Sơn Số app”.")
    )
    collects_consent = forms.BooleanField(
        label=_("The application asks citizens whether they agree to be contacted"),
        required=False,
        help_text=_(
            "Only then are the e-mail and phone it sends kept, to tell the citizen how their petition stands; "
            "otherwise they are ignored."
        ),
    )
