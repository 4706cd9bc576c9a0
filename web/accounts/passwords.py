"""Passwords of a unit's staff: changing one's own, and resetting a forgotten one by an e-mailed link.

The reset link is the unit's own (``/u/<code>/tai-khoan/dat-lai-mat-khau/…``) and its token is bound
to the unit's schema as well as to the account, so a link of unit A opens nothing at unit B, even
for the account with the same number there. Links are built from ``TIEPDAN_SITE_URL``, never from the
request's Host header, which a sender could choose.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from web.accounts.access import member_page
from web.common.clients import client_key

#: Reset e-mails one client address may ask for per hour in one unit (against mail bombing).
RESET_REQUESTS_PER_HOUR = 5


class UnitPasswordResetTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token, also bound to the schema the account lives in."""

    def _make_hash_value(self, user, timestamp: int) -> str:
        return f"{user.home_schema}:{super()._make_hash_value(user, timestamp)}"


reset_tokens = UnitPasswordResetTokenGenerator()


@method_decorator(member_page(), name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")
    token_generator = reset_tokens

    def post(self, request, *args, **kwargs):
        if is_ratelimited(
            request, group="password-reset", key=client_key, rate=(RESET_REQUESTS_PER_HOUR, 3600), increment=True
        ):
            message = _("Too many reset requests from this address. Try again in an hour.")
            return render(request, self.template_name, {"form": self.get_form(), "refusal": message}, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        site = urlsplit(settings.TIEPDAN_SITE_URL)
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            extra_email_context={"unit": getattr(self.request, "tenant", None)},
        )
        return HttpResponseRedirect(str(self.success_url))


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")
    token_generator = reset_tokens


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
