"""The invited administrator's page (no login): choose a username and password, once.

The link's token is in the path, so the page is not cached; the site's Referrer-Policy
(same-origin, Django's default) keeps it from other sites. "no-referrer" would be stricter but
makes browsers send ``Origin: null`` with the form, which Django's CSRF check rightly refuses.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from core.accounts.invitations import unit_admin_invitation_accept
from core.accounts.selectors import unit_admin_exists
from tenants.http import UnitHttpRequest
from tenants.models import Unit, UnitInvitation
from tenants.selectors import invitation_for_token, invitation_refusal, unit_invitation_latest
from web.accounts.forms import InvitationAcceptForm
from web.common.run import run_service


def _suggested_username(invitation: UnitInvitation) -> str:
    local = invitation.email.partition("@")[0]
    return "".join(ch for ch in local if ch.isalnum() or ch in "._-")[:150]


@never_cache
@csrf_protect
def invitation_accept(request: UnitHttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_token(unit=request.tenant, token=token)
    refusal = invitation_refusal(invitation)
    if invitation is None or refusal is not None:
        status = 404 if invitation is None else 410
        return render(request, "accounts/invitation_refused.html", {"refusal": refusal}, status=status)
    initial = {"full_name": invitation.full_name, "username": _suggested_username(invitation)}
    form = InvitationAcceptForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("username", "full_name", "password")}
        outcome = run_service(request, form, unit_admin_invitation_accept, unit=request.tenant, token=token, **data)
        if outcome.ok and outcome.result is not None:
            messages.success(
                request,
                _("Your account “%(username)s” is ready. Log in with it.") % {"username": outcome.result.username},
            )
            return redirect("accounts:login")
        status = outcome.status
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}, status=status)


def admin_invitation_notice(unit: Unit) -> str | None:
    """What the unit's front page says while the unit has no administrator (None once it has one).

    The page is public: the invited person's address is shown masked.
    """
    if unit_admin_exists():
        return None
    invitation = unit_invitation_latest(unit)
    if invitation is None or invitation.state not in (UnitInvitation.State.PENDING, UnitInvitation.State.EXPIRED):
        return _("This unit has no administrator yet, and nobody is invited. The platform administrator invites one.")
    dates = {
        "recipient": invitation.recipient_masked,
        "issued": date_format(timezone.localtime(invitation.issued_at), "d/m/Y"),
        "expires": date_format(timezone.localtime(invitation.expires_at), "d/m/Y H:i"),
    }
    if invitation.state == UnitInvitation.State.EXPIRED:
        return (
            _(
                "This unit has no administrator yet. The invitation sent to %(recipient)s on %(issued)s expired on "
                "%(expires)s; the platform administrator can re-issue it."
            )
            % dates
        )
    return _("This unit has no administrator yet. Invited: %(recipient)s on %(issued)s, expires %(expires)s.") % dates
