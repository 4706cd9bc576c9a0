"""Accepting an invitation to administer a unit: the person's own account, in the unit's schema.

The invitation lives in the public schema (``tenants.invitations``); the account in the unit's.
Both writes share one transaction, with the invitation's row locked, so a link opens one
account at most, even when it is submitted twice at once.
"""

from __future__ import annotations

from django.db import transaction

from core.common.errors import ApplicationError
from tenants.db import connection
from tenants.invitations import InvitationError, invitation_claim, invitation_mark_accepted
from tenants.models import Unit

from .models import User
from .roles import Role
from .services import user_create


@transaction.atomic
def unit_admin_invitation_accept(*, unit: Unit, token: str, username: str, password: str, full_name: str = "") -> User:
    """Create the invited administrator's account (password checked by Django's validators)."""
    if connection.schema_name != unit.schema_name:
        raise ApplicationError("unit_admin_invitation_accept called outside the unit's schema")
    try:
        invitation = invitation_claim(unit=unit, token=token)
    except InvitationError as exc:
        raise ApplicationError(exc.message, extra={"field": exc.field}) from exc
    user = user_create(
        unit=unit,
        username=username,
        password=password,
        full_name=full_name or invitation.full_name,
        email=invitation.email,
        roles=[Role.UNIT_ADMIN],
    )
    if invitation.phone:
        user.phone = invitation.phone
        user.save(update_fields=["phone"])
    invitation_mark_accepted(invitation=invitation, username=user.username)
    return user
