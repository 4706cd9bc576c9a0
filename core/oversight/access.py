"""Who may use the provincial inspectorate's cross-unit view: the one rule, used by the pages and the API.

An account of the provincial inspectorate unit (its own schema) holding ``oversight.view_province``
(the inspector role), acting at its own unit. Everyone else gets 403, whatever else they hold.
Managing inspections and grants also needs ``oversight.manage_inspection``.
"""

from __future__ import annotations

from core.accounts.access import is_unit_member
from tenants.models import UnitKind

VIEW_PROVINCE = "oversight.view_province"
MANAGE_INSPECTION = "oversight.manage_inspection"
#: The unit's own leaders see the recommendations addressed to their unit.
SEE_UNIT_RECOMMENDATIONS = "petitions.decide_petition"


def is_province_viewer(user, unit) -> bool:
    return bool(
        unit is not None
        and not unit.is_platform
        and unit.kind == UnitKind.PROVINCIAL_INSPECTORATE
        and unit.province_code
        and is_unit_member(user, unit)
        and user.has_perm(VIEW_PROVINCE)
    )


def can_manage_inspections(user, unit) -> bool:
    return is_province_viewer(user, unit) and user.has_perm(MANAGE_INSPECTION)


def can_see_unit_recommendations(user, unit) -> bool:
    return bool(
        unit is not None
        and not unit.is_platform
        and is_unit_member(user, unit)
        and user.has_perm(SEE_UNIT_RECOMMENDATIONS)
    )


def can_approve_grants(user, unit) -> bool:
    """The second pair of eyes on a case-access grant: an inspector who manages inspections, or the
    inspectorate's head (its leader), acting at the inspectorate."""
    from core.accounts.roles import HEAD_ROLE
    from core.accounts.selectors import user_roles

    return can_manage_inspections(user, unit) or bool(
        unit is not None
        and not unit.is_platform
        and unit.kind == UnitKind.PROVINCIAL_INSPECTORATE
        and is_unit_member(user, unit)
        and HEAD_ROLE in user_roles(user)
    )
