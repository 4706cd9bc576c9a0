from django import forms
from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role


class UserCreateForm(forms.Form):
    username = forms.RegexField(label=_("Username"), regex=r"^[\w.@+-]+$", max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, allowed_roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(role, Role(role).label) for role in allowed_roles]
