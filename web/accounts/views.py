"""The unit's workspace pages: login, home, and staff management for the unit administrator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.accounts.access import is_unit_member
from core.accounts.models import User
from core.accounts.roles import APPROVAL_ROLES, Role, roles_for_unit_kind
from core.accounts.selectors import staff_list, user_roles
from core.accounts.services import user_create, user_set_active
from core.common.dates import today as local_today
from core.petitions.selectors import handles_petitions, petitions_due_for
from tenants.http import UnitHttpRequest
from web.accounts.forms import UserCreateForm
from web.accounts.guards import EXPIRED, session_started
from web.accounts.invitations import admin_invitation_notice
from web.common.http import MemberRequest
from web.common.run import run_service
from web.petitions.views import due_state

#: The most urgent clocks a home page lists (the petitions list filters the rest).
HOME_DUE_ROWS = 20


def _member_required(request: UnitHttpRequest) -> None:
    if not is_unit_member(request.user, request.tenant):
        raise PermissionDenied


class LoginView(auth_views.LoginView):
    """Also what an anonymous visitor of /u/<code>/ lands on: it says who is invited while the unit has no admin."""

    request: UnitHttpRequest

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    next_page = "accounts:home"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "admin_notice": admin_invitation_notice(self.request.tenant),
            "session_expired": self.request.session.pop(EXPIRED, False),
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        session_started(self.request)
        return response


@login_required
def home(request: MemberRequest) -> HttpResponse:
    _member_required(request)
    from core.reception.selectors.home import home_summary

    role_labels = [Role(role).label for role in user_roles(request.user)]
    context: dict[str, object] = {"role_labels": role_labels}
    if request.user.has_perm("accounts.view_workspace"):
        context["reception"] = home_summary(unit_kind=request.tenant.kind)
    if handles_petitions(request.user):
        today, clocks = local_today(), petitions_due_for(request.user)
        context["due_total"] = clocks.count()
        context["due"] = [
            {"deadline": clock, "petition": clock.petition, "state": due_state(clock.due_date, today)}
            for clock in clocks[:HOME_DUE_ROWS]
        ]
    return render(request, "accounts/home.html", context)


@login_required
@permission_required("accounts.manage_unit_users", raise_exception=True)
def user_list(request: MemberRequest) -> HttpResponse:
    _member_required(request)
    allowed = roles_for_unit_kind(request.tenant.kind)
    form = UserCreateForm(request.POST or None, allowed_roles=allowed)
    status = 200 if request.method != "POST" else 400
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request, form, user_create, unit=request.tenant, acting_user=request.user, **form.cleaned_data
        )
        if done.ok:
            messages.success(request, _("Account “%(username)s” created.") % {"username": done.result.username})
            if set(form.cleaned_data.get("roles") or ()) & APPROVAL_ROLES:
                messages.info(
                    request,
                    _(
                        "The inspector's role and the clearance for sealed identities take effect once a "
                        "second administrator or the unit's head approves them."
                    ),
                )
            return redirect("accounts:users")
        status = done.status
    users = staff_list()
    rows = [(user, [Role(r).label for r in user_roles(user)]) for user in users]
    return render(request, "accounts/users.html", {"rows": rows, "form": form}, status=status)


@login_required
@permission_required("accounts.manage_unit_users", raise_exception=True)
def user_toggle_active(request: MemberRequest, user_id: int) -> HttpResponse:
    _member_required(request)
    if request.method != "POST":
        return redirect("accounts:users")
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise PermissionDenied
    run_service(request, None, user_set_active, user=user, is_active=not user.is_active, acting_user=request.user)
    return redirect("accounts:users")
