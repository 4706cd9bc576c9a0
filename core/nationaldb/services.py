"""Writes of the hand-off: the export record of a step (in the step's transaction), the unit's
counts in the public status, and an officer's request to send failed records again."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.common.errors import ConflictError
from core.petitions.models import Citizen, Petition, PetitionEvent
from tenants.db import connection
from tenants.models import Unit
from tenants.selectors import unit_current

from .choices import RecordState
from .milestones import exported_as
from .models import ExportRecord
from .package import SCHEMA_VERSION, SENDER_FIELDS, package_build, record_key, senders_of
from .status.services import unit_status_pending_add, unit_status_set

RETRY_PERMISSION = "petitions.process_petition"


def export_on_event(sender, *, petition: Petition, event: PetitionEvent, **kwargs) -> ExportRecord | None:
    """``petition_event_recorded``'s receiver: queue the step's package when the step is exported.
    Runs inside the step's transaction, so a step that fails leaves no record."""
    exported = exported_as(event.kind)
    if exported is None:
        return None
    name, milestone = exported
    unit = unit_current()
    package = package_build(
        unit_code=unit.code,
        unit_name=unit.name,
        province_code=unit.province_code,
        petition=petition,
        event=event,
        name=name,
        milestone=milestone,
    )
    record = ExportRecord.objects.create(
        key=record_key(unit.code, event.pk),
        petition=petition,
        event=event,
        event_name=name,
        milestone=milestone,
        schema_version=SCHEMA_VERSION,
        package=package,
    )
    # Counting the unit's open records on every step would grow with the backlog (the national side
    # down): bump the figure, and let the unit's first record and each flush write the exact counts.
    if not unit_status_pending_add(unit_code=unit.code, at=record.created_at):
        unit_status_refresh(unit=unit)
    schema = connection.schema_name
    transaction.on_commit(lambda: send_later(schema))
    return record


def senders_follow_citizen(sender, *, instance: Citizen, created: bool, update_fields=None, **kwargs) -> None:
    """``post_save`` of a citizen: a name or address changed (a correction, or the pseudonymisation
    of ``manage.py privacy_retention --erase``) is written into the stored packages of their cases,
    so the platform keeps no copy that escapes erasure. Pending records go out with the new values;
    what was already sent is the receiver's to keep or erase."""
    if created or (update_fields is not None and not set(update_fields) & set(SENDER_FIELDS)):
        return
    # A sealed or anonymous case's packages store nothing of anyone: left as they are.
    stored = (
        ExportRecord.objects.filter(petition__signer__citizen=instance)
        .exclude(package__senders=[])
        .select_related("petition")
        .distinct()
    )
    current: dict[int, list[dict]] = {}
    changed = []
    for record in stored:
        if record.petition_id not in current:
            current[record.petition_id] = senders_of(record.petition)
        record.package["senders"] = current[record.petition_id]
        changed.append(record)
    ExportRecord.objects.bulk_update(changed, ["package"], batch_size=500)


def send_later(schema: str) -> None:
    """Queue the unit's sender in the unit's schema (the header the worker reads): ids only."""
    from django_tenants.utils import schema_context

    from .tasks import nationaldb_send

    with schema_context(schema):
        nationaldb_send.delay()


def unit_status_refresh(*, unit: Unit | None = None, last_sent_at: datetime | None = None) -> None:
    """Rewrite this unit's row of the public status from its records. Counts the small sets only
    (pending, sent, failed: an index on state), never the acknowledged history."""
    unit = unit or unit_current()
    open_states = (RecordState.PENDING, RecordState.SENT, RecordState.FAILED)
    figures = ExportRecord.objects.filter(state__in=open_states).aggregate(
        pending=Count("id", filter=Q(state=RecordState.PENDING)),
        sent=Count("id", filter=Q(state=RecordState.SENT)),
        failed=Count("id", filter=Q(state=RecordState.FAILED)),
        oldest=Min("created_at", filter=Q(state=RecordState.PENDING)),
    )
    unit_status_set(
        unit_code=unit.code,
        province_code=unit.province_code,
        pending=figures["pending"],
        sent=figures["sent"],
        failed=figures["failed"],
        oldest_pending_at=figures["oldest"],
        last_sent_at=last_sent_at,
    )


@transaction.atomic
def records_retry(*, actor, petition: Petition | None = None) -> int:
    """Send this unit's failed records again (of one case, or all): they become pending with a fresh
    count of attempts and go out in a new batch under their own keys, which the receiving side
    deduplicates on. Returns how many were queued."""
    require_perm(actor, RETRY_PERMISSION)
    failed = ExportRecord.objects.select_for_update().filter(state=RecordState.FAILED)
    if petition is not None:
        failed = failed.filter(petition=petition)
    count = failed.update(state=RecordState.PENDING, attempts=0, next_attempt_at=None, batch="")
    if count == 0:
        raise ConflictError(_("There is no failed record to send again."))
    unit_status_refresh()
    schema = connection.schema_name
    transaction.on_commit(lambda: send_later(schema))
    return count
