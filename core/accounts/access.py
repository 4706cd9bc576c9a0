"""Who is a member of a unit.

An account belongs to the schema it was created in (``User.home_schema``); schemas already keep
accounts apart, and this check is the second line of defence should a row ever be copied.
"""

from __future__ import annotations


def is_unit_member(user, unit) -> bool:
    return bool(
        unit is not None
        and user is not None
        and user.is_authenticated
        and user.is_active
        and user.home_schema == unit.schema_name
    )


def require_perm(actor, perm: str) -> None:
    """Services' own check, whatever the caller (page, API, task) already verified."""
    from django.utils.translation import gettext as _

    from core.common.errors import PermissionDeniedError

    if not actor.has_perm(perm):
        raise PermissionDeniedError(_("You do not have the right to do this."))
