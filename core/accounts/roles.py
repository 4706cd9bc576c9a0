"""Staff roles: Django groups in each unit's schema, with the permissions each role grants.

Later domains add their permissions here, so that one table says who may do what.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import UnitKind


class Role(models.TextChoices):
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    RECEPTION_OFFICER = "reception_officer", _("Reception officer")
    PROCESSING_OFFICER = "processing_officer", _("Petition processing officer")
    LEADER = "leader", _("Leader")
    INSPECTOR = "inspector", _("Inspector")


#: app_label.codename of every permission a role grants.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.UNIT_ADMIN: ("accounts.view_workspace", "accounts.manage_unit_users"),
    Role.RECEPTION_OFFICER: ("accounts.view_workspace",),
    Role.PROCESSING_OFFICER: ("accounts.view_workspace",),
    Role.LEADER: ("accounts.view_workspace",),
    Role.INSPECTOR: ("accounts.view_workspace",),
}

#: Roles that only exist in units of the given kinds (others exist everywhere).
ROLE_UNIT_KINDS: dict[str, frozenset[str]] = {
    Role.INSPECTOR: frozenset({UnitKind.PROVINCIAL_INSPECTORATE}),
}


def roles_for_unit_kind(kind: str) -> list[str]:
    return [role for role in Role.values if kind in ROLE_UNIT_KINDS.get(role, frozenset({kind}))]
