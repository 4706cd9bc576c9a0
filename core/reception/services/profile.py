"""The unit's reception profile, written by the unit administrator."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.common.errors import ApplicationError
from core.common.text import nfc

from ..models import ReceptionSession, UnitProfile
from ..permissions import MANAGE_STAFF
from ..selectors.profile import unit_profile_get
from .index import reception_index

PROFILE_FIELDS = ("head", "head_title", "reception_rules", "reception_address", "reception_hours")


@transaction.atomic
def unit_profile_update(*, actor, **changes) -> UnitProfile:
    """Who heads the unit (whose own sessions count toward the quota), the reception rules
    (nội quy, shown on the public page), the reception address and hours."""
    require_perm(actor, MANAGE_STAFF)
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown field."), extra={"field": sorted(unknown)[0]})
    head = changes.get("head")
    if head is not None and not head.is_active:
        raise ApplicationError(_("The head's account is not active."), extra={"field": "head"})
    profile = UnitProfile.objects.select_for_update().get(pk=unit_profile_get().pk)
    previous_head = profile.head_id
    for name, value in nfc(changes).items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    if profile.head_id != previous_head:
        # Whose sessions count as the head's changed: re-mirror the unit's sessions.
        reception_index(sessions=ReceptionSession.objects.all())
    return profile
