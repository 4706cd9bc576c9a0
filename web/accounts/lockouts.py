"""Login lockouts in the pages: what a locked-out login sees, and the unit administrator's list of
locked accounts and addresses with a button to unlock each."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.accounts.lockouts import lockout_list, login_unlock
from web.accounts.access import member_page
from web.common.run import run_service


def lockout_message() -> str:
    limit = settings.AXES_FAILURE_LIMIT
    if settings.AXES_COOLOFF_TIME:
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        return _(
            "Login is locked after %(limit)d failed attempts for this account or from this address. "
            "Try again in %(minutes)d minutes, or ask the unit administrator to unlock it."
        ) % {"limit": limit, "minutes": minutes}
    return _(
        "Login is locked after %(limit)d failed attempts for this account or from this address. "
        "Ask the unit administrator to unlock it."
    ) % {"limit": limit}


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """axes' AXES_LOCKOUT_CALLABLE: the login page again, with the reason, answered 429."""
    form = AuthenticationForm(request)
    context = {"form": form, "lockout": lockout_message(), "next": request.POST.get("next", "")}
    return render(request, "accounts/login.html", context, status=429)


@member_page("accounts.manage_unit_users")
@require_http_methods(["GET", "HEAD", "POST"])
def lockout_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        kind, value = request.POST.get("kind", ""), request.POST.get("value", "")
        by_name = kind == "username"
        done = run_service(
            request,
            None,
            login_unlock,
            acting_user=request.user,
            username=value if by_name else "",
            address="" if by_name else value,
        )
        if done.ok:
            messages.success(request, _("“%(value)s” was unlocked.") % {"value": value})
            return redirect("accounts:lockouts")
        return render(request, "accounts/lockouts.html", {"lockouts": lockout_list()}, status=done.status)
    return render(request, "accounts/lockouts.html", {"lockouts": lockout_list()})
