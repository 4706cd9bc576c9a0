"""Sending a unit's export records: run by the worker in the unit's schema (``tasks``).

1. Acknowledgements first: for each batch sent and not yet acknowledged, the adapter's answer
   (the file-drop's ``<batch>.ack``) marks its records acknowledged, or failed with the reason the
   receiver gave for a record it rejected.
2. Batches already formed and still pending (a send that failed for now, or a worker killed after
   forming one) go again under the same name, with the same records.
3. New batches: pending records are claimed into a batch (the name written on them and committed
   before anything leaves), then sent. A worker killed after sending and before marking sends the
   same batch again: the same file is written once more under the same name, or the same POST
   carries the same ``Idempotency-Key`` and record keys, which the receiver deduplicates.

One sender per unit at a time (a PostgreSQL advisory lock): a second one, queued by a step that
committed meanwhile, leaves; the first one claims again until nothing is pending, and the beat
sweep catches the rare record that commits between the two.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from tenants.db import connection
from tenants.selectors import unit_current

from .adapters import SendOutcome, adapter_get, config
from .choices import RecordState
from .models import ExportRecord
from .package import package_errors
from .services import unit_status_refresh

logger = logging.getLogger(__name__)


@dataclass
class FlushResult:
    sent_batches: int = 0
    records: int = 0
    #: Seconds until a batch that could not go for now should be tried again (None: nothing waits).
    retry_in: float | None = None
    skipped: bool = False


def backoff(attempts: int) -> float:
    """Seconds before attempt ``attempts + 1``: base, 2×base, 4×base… at most an hour."""
    base = float(config()["backoff_seconds"])
    return min(base * 2 ** max(attempts - 1, 0), 3600.0)


@contextmanager
def _unit_lock() -> Iterator[bool]:
    key = f"nationaldb:{connection.schema_name}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [key])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [key])


def unit_flush(*, due_only: bool = True) -> FlushResult:
    """Read acknowledgements, then send this unit's pending records. ``due_only``: leave alone the
    batches whose back-off has not run out (the sweep); the task's own retry sends them anyway."""
    result = FlushResult()
    with _unit_lock() as acquired:
        if not acquired:
            result.skipped = True
            return result
        adapter = adapter_get()
        unit = unit_current()
        unit_code = unit.code
        last_sent = None
        _acknowledgements_read(adapter, unit_code)
        now = timezone.now()
        formed = ExportRecord.objects.filter(state=RecordState.PENDING).exclude(batch="")
        if due_only:
            formed = formed.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        batches = list(formed.order_by("batch").values_list("batch", flat=True).distinct())
        while True:
            batch = batches.pop(0) if batches else _claim(unit_code)
            if batch is None:
                break
            outcome, count = _send(adapter, unit_code, batch)
            if outcome is None:
                continue
            result.records += count
            if outcome.kind in ("sent", "acknowledged"):
                result.sent_batches += 1
                last_sent = timezone.now()
            if outcome.kind == "retry":
                # The other side is down: the rest would meet the same fate. Retry later, all at once.
                waiting = ExportRecord.objects.filter(batch=batch, state=RecordState.PENDING).first()
                if waiting is not None and waiting.next_attempt_at is not None:
                    result.retry_in = max((waiting.next_attempt_at - timezone.now()).total_seconds(), 0.0)
                break
        unit_status_refresh(unit=unit, last_sent_at=last_sent)
    return result


def _claim(unit_code: str) -> str | None:
    """Put the oldest unbatched pending records into a new batch (committed before sending)."""
    size = int(config()["batch_size"])
    with transaction.atomic():
        ids = list(
            ExportRecord.objects.select_for_update(skip_locked=True)
            .filter(state=RecordState.PENDING, batch="")
            .order_by("id")
            .values_list("id", flat=True)[:size]
        )
        if not ids:
            return None
        batch = f"{unit_code}-{timezone.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        ExportRecord.objects.filter(pk__in=ids).update(batch=batch)
    return batch


def batch_body(packages: list[dict]) -> bytes:
    """The batch's bytes: one package a line, keys sorted, so the same records make the same file."""
    lines = (json.dumps(p, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for p in packages)
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def _send(adapter, unit_code: str, batch: str) -> tuple[SendOutcome | None, int]:
    records = list(ExportRecord.objects.filter(batch=batch, state=RecordState.PENDING).order_by("id"))
    valid = []
    for record in records:
        errors = package_errors(record.package)
        if errors:
            # A package our own schema refuses would be refused there too: say why, send the rest.
            _mark(
                [record.pk],
                state=RecordState.FAILED,
                reason="Gói dữ liệu không đúng lược đồ: " + "; ".join(errors[:3]),
            )
        else:
            valid.append(record)
    if not valid:
        return None, 0
    keys = [record.key for record in valid]
    body = batch_body([record.package for record in valid])
    outcome = adapter.send(unit_code=unit_code, batch=batch, body=body, keys=keys)
    _apply(valid, outcome)
    return outcome, len(valid)


def _mark(ids: list[int], *, state: str, reason: str = "", **fields) -> None:
    ExportRecord.objects.filter(pk__in=ids).update(state=state, last_error=reason[:2000], **fields)


def _apply(records: list[ExportRecord], outcome: SendOutcome) -> None:
    ids = [record.pk for record in records]
    attempts = max(record.attempts for record in records) + 1
    now = timezone.now()
    with transaction.atomic():
        if outcome.kind == "sent":
            _mark(ids, state=RecordState.SENT, attempts=attempts, sent_at=now, next_attempt_at=None)
        elif outcome.kind == "acknowledged":
            _acknowledge(records, outcome, attempts=attempts)
        elif outcome.kind == "failed":
            _mark(ids, state=RecordState.FAILED, reason=outcome.reason, attempts=attempts, next_attempt_at=None)
        elif attempts >= int(config()["max_attempts"]):
            reason = f"Đã thử {attempts} lần, không gửi được. Lần cuối: {outcome.reason}"
            _mark(ids, state=RecordState.FAILED, reason=reason, attempts=attempts, next_attempt_at=None)
        else:
            retry_at = now + timedelta(seconds=backoff(attempts))
            _mark(ids, state=RecordState.PENDING, reason=outcome.reason, attempts=attempts, next_attempt_at=retry_at)
    if outcome.kind in ("failed", "retry"):
        logger.warning("national database: batch %s %s: %s", records[0].batch, outcome.kind, outcome.reason)


def _acknowledge(records: list[ExportRecord], outcome: SendOutcome, *, attempts: int | None = None) -> None:
    now = timezone.now()
    by_key = {record.key: record.pk for record in records}
    rejected = {key: reason for key, reason in outcome.rejected.items() if key in by_key}
    taken = [by_key[key] for key in (outcome.acknowledged or set()) if key in by_key and key not in rejected]
    extra = {"attempts": attempts} if attempts is not None else {}
    ExportRecord.objects.filter(pk__in=taken).update(
        state=RecordState.ACKNOWLEDGED,
        last_error="",
        next_attempt_at=None,
        sent_at=Coalesce(F("sent_at"), now),
        acknowledged_at=now,
        **extra,
    )
    for key, reason in rejected.items():
        _mark([by_key[key]], state=RecordState.FAILED, reason=f"CSDL quốc gia từ chối: {reason}", **extra)
    # Left out of the answer: handed over, no word yet (stays sent; a later answer may take it).
    unanswered = [pk for key, pk in by_key.items() if pk not in taken and key not in rejected]
    ExportRecord.objects.filter(pk__in=unanswered).update(
        state=RecordState.SENT, sent_at=Coalesce(F("sent_at"), now), next_attempt_at=None, **extra
    )


def _acknowledgements_read(adapter, unit_code: str) -> None:
    batches = ExportRecord.objects.filter(state=RecordState.SENT).values_list("batch", flat=True).distinct()
    for batch in list(batches):
        records = list(ExportRecord.objects.filter(batch=batch, state=RecordState.SENT))
        answer = adapter.acknowledgement(unit_code=unit_code, batch=batch, keys=[r.key for r in records])
        if answer is None:
            continue
        with transaction.atomic():
            if answer.kind == "acknowledged":
                _acknowledge(records, answer)
            else:
                _mark([r.pk for r in records], state=RecordState.FAILED, reason=answer.reason)


def units_waiting_filter() -> Q:
    """The records that make a unit worth visiting by the sweep: due ones, and — when answers come
    back as files — those awaiting one (the HTTP answer came with the POST)."""
    now = timezone.now()
    due = Q(state=RecordState.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    if config()["adapter"] == "filedrop":
        return due | Q(state=RecordState.SENT)
    return due


def has_work() -> bool:
    return ExportRecord.objects.filter(units_waiting_filter()).exists()
