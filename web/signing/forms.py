"""Forms of the signing pages: the certificate upload, its revocation, and the public check."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CertificateUploadForm(forms.Form):
    certificate = forms.FileField(
        label=_("Certificate file (.p12 or .pfx)"),
        help_text=_("The unit's certificate exported together with its private key."),
    )
    password = forms.CharField(
        label=_("Password of the file"),
        required=False,
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    pdf = forms.FileField(label=_("PDF file"))
