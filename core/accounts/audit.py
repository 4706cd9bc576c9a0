"""The tamper-evident audit log: append and verify.

Each schema keeps its own chain (``AuditEntry``): a unit's events in the unit's schema, the
platform's (onboarding, invitations, platform admins' actions and logins) in the public schema.
Every row is numbered (``seq`` from 1, no gaps) and carries ``hash = sha256(prev_hash +
canonical JSON of the row)``, so editing a row breaks its hash, and removing one breaks the next
row's link. The database refuses UPDATE, DELETE and TRUNCATE on the table (triggers, migration
``accounts.0004``); the chain is what shows a change made by someone able to lift them.

Appending takes a table lock that only appenders contend for (readers are not blocked) and holds it
to the end of the caller's transaction, so concurrent writers never read the same last row and
never fork the chain, and a row is written only if the step it records commits.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.db import connection

from .models import AuditEntry

#: The previous hash of the first row.
GENESIS = "0" * 64


class Kind:
    """The events the log records (the labels are what the audit page shows)."""

    LOGIN = "login.succeeded"
    LOGIN_FAILED = "login.failed"
    ROLE_GRANTED = "role.granted"
    ROLE_REMOVED = "role.removed"
    ROLE_REQUESTED = "role.requested"
    ROLE_REJECTED = "role.rejected"
    SEALED_READ = "sealed.read"
    CASE_OPENED = "case.opened"
    GRANT_REQUESTED = "grant.requested"
    GRANT_APPROVED = "grant.approved"
    GRANT_REJECTED = "grant.rejected"
    GRANT_REVOKED = "grant.revoked"
    PETITION_STEP = "petition.step"
    UNIT_PROVISIONED = "unit.provisioned"
    INVITATION = "invitation"
    ADMIN_ACTION = "admin.action"
    MIGRATED = "migrated"
    PERSONAL_DATA_EXPORTED = "privacy.exported"
    PERSONAL_DATA_ERASED = "privacy.erased"
    SIGNING_CERTIFICATE_UPLOADED = "signing.certificate_uploaded"
    SIGNING_CERTIFICATE_REVOKED = "signing.certificate_revoked"
    OPEN311_CLIENT_CREATED = "open311.client_created"
    OPEN311_CLIENT_REVOKED = "open311.client_revoked"


KIND_LABELS = {
    Kind.LOGIN: _("Signed in"),
    Kind.LOGIN_FAILED: _("Failed sign-in"),
    Kind.ROLE_GRANTED: _("Role granted"),
    Kind.ROLE_REMOVED: _("Role removed"),
    Kind.ROLE_REQUESTED: _("Role requested (awaiting approval)"),
    Kind.ROLE_REJECTED: _("Role request rejected"),
    Kind.SEALED_READ: _("Sealed identity read"),
    Kind.CASE_OPENED: pgettext_lazy("audit", "Case opened by the inspectorate"),
    Kind.GRANT_REQUESTED: _("Case-access grant requested"),
    Kind.GRANT_APPROVED: _("Case-access grant approved"),
    Kind.GRANT_REJECTED: _("Case-access grant rejected"),
    Kind.GRANT_REVOKED: _("Case-access grant revoked"),
    Kind.PETITION_STEP: _("Petition step"),
    Kind.UNIT_PROVISIONED: _("Unit onboarded"),
    Kind.INVITATION: _("Administrator invitation"),
    Kind.ADMIN_ACTION: _("Platform admin action"),
    Kind.MIGRATED: _("Earlier record carried into the log"),
    Kind.PERSONAL_DATA_EXPORTED: _("Personal data exported on a citizen's request"),
    Kind.PERSONAL_DATA_ERASED: _("Personal data pseudonymised after retention"),
    Kind.SIGNING_CERTIFICATE_UPLOADED: _("Signing certificate uploaded"),
    Kind.SIGNING_CERTIFICATE_REVOKED: _("Signing certificate revoked"),
    Kind.OPEN311_CLIENT_CREATED: _("Open311 application registered"),
    Kind.OPEN311_CLIENT_REVOKED: _("Open311 application key revoked"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def _plain(data: dict | None) -> dict:
    """``data`` as JSON gives it back (dates, UUIDs and decimals become strings), so the hash made
    now is the hash of what the database returns later."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def canonical(*, seq: int, at: datetime, kind: str, actor: str, target: str, data: dict) -> str:
    row = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "kind": kind,
        "actor": actor,
        "target": target,
        "data": data,
    }
    return json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, **row) -> str:
    return hashlib.sha256((prev_hash + canonical(**row)).encode()).hexdigest()


def _actor_name(actor) -> str:
    if actor is None or isinstance(actor, str):
        return actor or ""
    return getattr(actor, "username", "") or ""


def audit_append(*, kind: str, actor=None, target: str = "", data: dict | None = None) -> AuditEntry:
    """Append one event to the active schema's chain, in the caller's transaction (or its own)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            # SHARE ROW EXCLUSIVE conflicts with itself and with writes, not with reads.
            cursor.execute(f'LOCK TABLE "{AuditEntry._meta.db_table}" IN SHARE ROW EXCLUSIVE MODE')
        last = AuditEntry.objects.order_by("-seq").values("seq", "hash").first()
        seq, prev = (last["seq"] + 1, last["hash"]) if last else (1, GENESIS)
        row = {
            "seq": seq,
            # Truncated to what PostgreSQL keeps (microseconds), so the hash survives the round trip.
            "at": timezone.now(),
            "kind": kind,
            "actor": _actor_name(actor)[:150],
            "target": str(target or "")[:200],
            "data": _plain(data),
        }
        return AuditEntry.objects.create(**row, prev_hash=prev, hash=entry_hash(prev, **row))


@dataclass(frozen=True)
class ChainReport:
    """The verification of one chain: ``ok``, or the first row that breaks it and why."""

    schema: str
    count: int
    ok: bool
    broken_seq: int | None = None
    problem: str = ""
    expected: str = ""
    found: str = ""


def audit_verify() -> ChainReport:
    """Walk the active schema's chain from the first row, recomputing every hash."""
    prev, expected_seq, count = GENESIS, 1, 0
    schema = connection.schema_name
    rows = AuditEntry.objects.order_by("seq").values_list(
        "seq", "at", "kind", "actor", "target", "data", "prev_hash", "hash"
    )
    for seq, at, kind, actor, target, data, prev_hash, stored in rows.iterator(chunk_size=2000):
        count += 1
        if seq != expected_seq:
            return ChainReport(
                schema, count, False, seq, str(_("Rows are missing before this one.")), f"#{expected_seq}", f"#{seq}"
            )
        if prev_hash != prev:
            return ChainReport(
                schema, count, False, seq, str(_("The link to the previous row is broken.")), prev, prev_hash
            )
        computed = entry_hash(prev, seq=seq, at=at, kind=kind, actor=actor, target=target, data=data)
        if computed != stored:
            return ChainReport(
                schema, count, False, seq, str(_("The row was changed after it was written.")), computed, stored
            )
        prev, expected_seq = stored, expected_seq + 1
    return ChainReport(schema, count, True)


# --- Sign-ins: Django's own signals, whichever page or backend signed the person in -------------


def _client_address(request) -> str:
    return (getattr(request, "META", {}) or {}).get("REMOTE_ADDR", "") if request is not None else ""


def _clean(text: str) -> str:
    # A NUL byte cannot be stored in a PostgreSQL text column; whatever was typed is kept otherwise.
    return (text or "").replace("\x00", "")[:150]


def login_succeeded(sender, request, user, **kwargs) -> None:
    audit_append(kind=Kind.LOGIN, actor=user, target=user.username, data={"address": _client_address(request)})


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = _clean(str((credentials or {}).get("username", "")))
    audit_append(kind=Kind.LOGIN_FAILED, target=username, data={"address": _client_address(request)})


# --- The platform's own events, in the public schema's chain ------------------------------------


def _public_append(**fields) -> None:
    from django_tenants.utils import schema_context

    with schema_context("public"):
        audit_append(**fields)


def unit_provisioned(sender, tenant, **kwargs) -> None:
    """django-tenants' ``post_schema_sync``, sent by ``tenants.provisioning`` once a unit exists."""
    if getattr(tenant, "schema_name", "") in ("", "public"):
        return
    _public_append(kind=Kind.UNIT_PROVISIONED, target=tenant.code, data={"schema": tenant.schema_name})


def invitation_saved(sender, instance, created: bool, **kwargs) -> None:
    """An invitation of a unit's first administrator issued, accepted or replaced (who, which unit;
    the invitee's address stays on the invitation)."""
    if created:
        action, actor = "issued", instance.issued_by
    elif instance.accepted_at:
        action, actor = "accepted", instance.accepted_username
    elif instance.revoked_at:
        action, actor = "replaced", instance.revoked_by
    else:
        action, actor = "updated", ""
    _public_append(
        kind=Kind.INVITATION,
        actor=actor,
        target=instance.unit.code,
        data={"action": action, "invitation": instance.pk, "expires_at": instance.expires_at},
    )


def admin_action_logged(sender, instance, created: bool, **kwargs) -> None:
    """Every change a platform admin makes in the admin site (Django's ``LogEntry``)."""
    if not created:
        return
    _public_append(
        kind=Kind.ADMIN_ACTION,
        actor=getattr(instance.user, "username", ""),
        target=f"{instance.content_type.app_label}.{instance.content_type.model}:{instance.object_id}"
        if instance.content_type_id
        else "",
        data={"action": instance.action_flag, "object": instance.object_repr, "change": instance.change_message},
    )


def signals_connect() -> None:
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.signals import user_logged_in, user_login_failed
    from django.db.models.signals import post_save
    from django_tenants.signals import post_schema_sync

    from tenants.models import UnitInvitation

    user_logged_in.connect(login_succeeded, dispatch_uid="audit_login_succeeded")
    user_login_failed.connect(login_failed, dispatch_uid="audit_login_failed")
    post_schema_sync.connect(unit_provisioned, dispatch_uid="audit_unit_provisioned")
    post_save.connect(invitation_saved, sender=UnitInvitation, dispatch_uid="audit_invitation_saved")
    post_save.connect(admin_action_logged, sender=LogEntry, dispatch_uid="audit_admin_action")
