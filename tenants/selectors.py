"""Reads of the unit registry (public schema)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from .models import UNIT_CODE_RE, Domain, OnboardingJob, Unit, UnitInvitation, UnitStatus


def public_unit_get() -> Unit:
    return Unit.objects.get(schema_name=settings.PUBLIC_SCHEMA_NAME)


def unit_current() -> Unit:
    """The unit whose schema the connection is using (a request's, a task's or a test's ``schema_context``)."""
    from .db import connection

    # A request or a task has set the unit on the connection already (django-tenants' set_tenant):
    # no query per petition step for what the routing read. ``schema_context`` sets a stand-in.
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Unit) and tenant.schema_name == connection.schema_name:
        return tenant
    return Unit.objects.get(schema_name=connection.schema_name)


def unit_get_by_code(code: str) -> Unit | None:
    # Whatever an address carries (a NUL byte the database cannot compare) is no unit's code.
    if not UNIT_CODE_RE.match(code):
        return None
    return Unit.objects.filter(code=code).first()


def domain_unit_get(hostname: str) -> Unit | None:
    domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
    return domain.tenant if domain is not None else None


def unit_list(
    *, province_code: str | None = None, kind: str | None = None, status: str | None = None
) -> QuerySet[Unit]:
    units = Unit.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME)
    if province_code:
        units = units.filter(province_code=province_code)
    if kind:
        units = units.filter(kind=kind)
    if status:
        units = units.filter(status=status)
    return units.select_related("parent")


def active_units() -> QuerySet[Unit]:
    return unit_list(status=UnitStatus.ACTIVE)


def onboarding_job_get(job_id: int) -> OnboardingJob:
    return OnboardingJob.objects.get(pk=job_id)


def unit_invitation_latest(unit: Unit) -> UnitInvitation | None:
    """The unit's most recent administrator invitation: the open one, if any, is always the latest."""
    return UnitInvitation.objects.filter(unit=unit).order_by("-issued_at", "-pk").first()


def invitation_for_token(*, unit: Unit, token: str, lock: bool = False) -> UnitInvitation | None:
    """The invitation of ``unit`` (never another unit's) whose link carries ``token``."""
    invitations = UnitInvitation.objects.select_related("unit").filter(
        unit=unit, token_hash=UnitInvitation.hash_token(token)
    )
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    return invitations.first()


def invitation_refusal(invitation: UnitInvitation | None) -> str | None:
    """Why the link of ``invitation`` cannot be used, for the person holding it; None when it can."""
    if invitation is None:
        return _("This invitation link is not valid for this unit. Check that you opened the whole link.")
    state = invitation.state
    if state == UnitInvitation.State.ACCEPTED:
        return _(
            "This invitation has already been used: an account was created with it. Log in with that account, "
            "or ask the platform administrator to re-issue the invitation."
        )
    if state == UnitInvitation.State.REVOKED:
        return _(
            "This invitation was replaced by a newer one. Use the link of the latest message you received, "
            "or ask the platform administrator to re-issue the invitation."
        )
    if state == UnitInvitation.State.EXPIRED:
        return _("This invitation expired on %(date)s. Ask the platform administrator to re-issue the invitation.") % {
            "date": date_format(timezone.localtime(invitation.expires_at), "d/m/Y H:i")
        }
    return None
