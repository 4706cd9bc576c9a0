"""The second-factor pages, on every unit's address and on the platform's (its admins):
the code asked after the password, the enrolment (QR code and key), and new recovery codes.

Enrolling a new authenticator over a confirmed one needs a session that already passed the second
factor: a password alone must never be enough to replace the phone.
"""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.accounts.models import User
from core.accounts.second_factor import (
    recovery_codes_left,
    recovery_codes_regenerate,
    second_factor_check,
    second_factor_enrolled,
    second_factor_required,
    second_factor_reset,
    totp_enrolment_confirm,
    totp_enrolment_pending,
    totp_enrolment_start,
)
from core.documents.qr import qr_svg
from web.accounts.access import member_page
from web.accounts.guards import second_factor_exempt
from web.common.run import run_service


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class EnrolForm(CodeForm):
    device_id = forms.IntegerField(widget=forms.HiddenInput)


def _home() -> str:
    """The workspace's home in a unit, the admin's index on the platform."""
    try:
        return reverse("accounts:home")
    except NoReverseMatch:
        return reverse("admin:index")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return _home()


@second_factor_exempt
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the authenticator, or a recovery code."""
    user = request.user
    assert isinstance(user, User)
    if user.is_verified():  # type: ignore[attr-defined]  # added by django_otp's middleware
        return HttpResponseRedirect(_next(request))
    if not second_factor_enrolled(user) and not recovery_codes_left(user):
        return redirect(f"{reverse('otp:enrol')}?next={_next(request)}")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done = run_service(request, form, second_factor_check, user=user, token=form.cleaned_data["token"])
            if done.ok:
                request.session.cycle_key()
                django_otp.login(request, done.result)
                return HttpResponseRedirect(_next(request))
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next": _next(request)}, status=status)


@second_factor_exempt
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the key) in an authenticator app, then confirm with a code it shows."""
    user = request.user
    assert isinstance(user, User)
    verified = user.is_verified()  # type: ignore[attr-defined]  # added by django_otp's middleware
    if second_factor_enrolled(user) and not verified:
        return redirect(f"{reverse('otp:verify')}?next={_next(request)}")
    status = 200
    if request.method == "POST" and "restart" in request.POST:
        # A new key only on request (a lost scan, a different phone): a reload keeps the pending one.
        totp_enrolment_start(user=user, restart=True)
        return redirect(f"{reverse('otp:enrol')}?{urlencode({'next': _next(request)})}")
    if request.method == "POST":
        form = EnrolForm(request.POST)
        status = 400
        if form.is_valid():
            done = run_service(
                request,
                form,
                totp_enrolment_confirm,
                user=user,
                device_id=form.cleaned_data["device_id"],
                token=form.cleaned_data["token"],
            )
            if done.ok:
                device, codes = done.result
                request.session.cycle_key()
                django_otp.login(request, device)
                context = {"codes": codes, "next": _next(request), "enrolled": True}
                return render(request, "accounts/recovery_codes.html", context)
        # The same key again after a wrong code; a new one if that enrolment is gone.
        device_id = form.cleaned_data.get("device_id") or 0
        pending = run_service(request, None, totp_enrolment_pending, user=user, device_id=device_id)
        device = pending.result if pending.ok else totp_enrolment_start(user=user)
    else:
        device = totp_enrolment_start(user=user)
        form = EnrolForm(initial={"device_id": device.pk})
    context = {
        "form": form,
        "device_id": device.pk,
        "next": _next(request),
        # The QR code is markup we drew from the key; nothing in it comes from the user.
        # Drawn here, as the receipts' codes are: no image service ever sees the key.
        "qr": mark_safe(qr_svg(device.config_url)),  # noqa: S308
        "key": " ".join(b32encode(device.bin_key).decode()[i : i + 4] for i in range(0, 32, 4)),
        "required": second_factor_required(user),
        "replacing": second_factor_enrolled(user),
    }
    return render(request, "accounts/second_factor_enrol.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; a new set on request (shown once, the old ones stop working)."""
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        codes = recovery_codes_regenerate(user=user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _home(), "enrolled": False})
    context = {"left": recovery_codes_left(user), "enrolled": second_factor_enrolled(user)}
    return render(request, "accounts/second_factor.html", context)


@member_page("accounts.manage_unit_users")
@require_POST
def user_second_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """The unit administrator clears a colleague's devices (a lost phone); they enrol again at the next login."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return redirect("accounts:users")
    done = run_service(request, None, second_factor_reset, user=user, acting_user=request.user)
    if done.ok:
        messages.success(
            request,
            _("The second factor of “%(username)s” was reset: they enrol again at their next login.")
            % {"username": user.username},
        )
    return redirect("accounts:users")


class LogoutView(auth_views.LogoutView):
    """Logging out from the code or enrolment page: back to the login page it came from (a unit's,
    or the admin site's on the platform), not Django's generic "logged out" page."""

    def get_default_redirect_url(self) -> str:
        try:
            return reverse("accounts:login")
        except NoReverseMatch:
            return reverse("admin:login")


logout = second_factor_exempt(LogoutView.as_view())
