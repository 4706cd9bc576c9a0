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
    SEALED_READER = "sealed_reader", _("Officer cleared for sealed identities")


#: app_label.codename of every permission a role grants.
_STAFF = ("accounts.view_workspace", "petitions.view_petition", "reports.view_report", "documents.view_issueddocument")
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.UNIT_ADMIN: (
        *_STAFF,
        "accounts.manage_unit_users",
        "reception.manage_reception_staff",
        "documents.manage_document_settings",
        "documents.cancel_document",
        "signing.manage_signing_certificate",
        "notifications.manage_citizen_messages",
    ),
    Role.RECEPTION_OFFICER: (*_STAFF, "petitions.register_petition", "reception.log_visit"),
    Role.PROCESSING_OFFICER: (*_STAFF, "petitions.register_petition", "petitions.process_petition"),
    Role.LEADER: (
        *_STAFF,
        "petitions.register_petition",  # petitions handed to leaders at their reception sessions
        "petitions.process_petition",
        "petitions.decide_petition",
        "reports.submit_report",
        "reception.log_visit",
        "reception.manage_sessions",
        "documents.cancel_document",
    ),
    # The provincial inspectorate's cross-unit view: aggregates, PII-free lists, inspections and the
    # province's reports; a case's details in another unit only under a time-boxed grant.
    Role.INSPECTOR: (*_STAFF, "oversight.view_province", "oversight.manage_inspection", "reports.view_province_report"),
    # A denouncer's identity is a state secret ("Mật"): only officers given this role by the unit
    # administrator may open it, and every opening is audited (domain.md §8).
    Role.SEALED_READER: (*_STAFF, "petitions.read_sealed_identity"),
}

#: Roles that reach what the law protects most (sealed identities, other units' cases): given by a
#: unit administrator, they take effect only once a second administrator or the unit's head (a
#: leader) approves (four eyes). Taking them away needs no approval.
APPROVAL_ROLES = frozenset({Role.SEALED_READER, Role.INSPECTOR})
#: Who may approve such a role besides another unit administrator: the unit's head.
HEAD_ROLE = Role.LEADER

#: Roles that only exist in units of the given kinds (others exist everywhere).
ROLE_UNIT_KINDS: dict[str, frozenset[str]] = {
    Role.INSPECTOR: frozenset({UnitKind.PROVINCIAL_INSPECTORATE}),
}


def roles_for_unit_kind(kind: str) -> list[str]:
    return [role for role in Role.values if kind in ROLE_UNIT_KINDS.get(role, frozenset({kind}))]
