"""The default adapter: signed batches in a folder, each record once, acknowledgements read back."""

from __future__ import annotations

import base64
import json
import time
from collections import Counter
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from django_tenants.utils import schema_context

from core.nationaldb.adapters import public_key_pem
from core.nationaldb.choices import RecordState
from core.nationaldb.models import ExportRecord
from core.nationaldb.status.models import UnitSyncStatus

from .conftest import DENOUNCER, ID_NUMBER, NAME, case_make, flush, records
from .test_packages import schema_validator

pytestmark = pytest.mark.django_db


def drop_lines(folder: Path) -> list[dict]:
    return [json.loads(line) for batch in sorted(folder.glob("*.jsonl")) for line in batch.read_text().splitlines()]


def verify(batch: Path) -> dict:
    """What the receiver does: check the detached signature with the public key alone."""
    signature = json.loads(batch.with_name(batch.name + ".sig").read_text())
    public = serialization.load_pem_public_key(public_key_pem().encode())
    public.verify(base64.b64decode(signature["signature"]), batch.read_bytes())  # type: ignore[union-attr]
    return signature


def test_events_of_100_cases_are_sent_once_each_in_valid_signed_batches(national_db, officer_a, unit_a, capsys):
    started = time.perf_counter()
    kinds = ("complaint", "recommendation", "feedback", "denunciation")
    for number in range(100):
        petition_type = kinds[number % 4]
        signers = (DENOUNCER,) if petition_type == "denunciation" else ({"full_name": f"Hoàng Văn {number}"},)
        # Every tenth case goes on to acceptance (its documents make those steps the slow ones).
        steps = ("classify", "accept") if number % 10 < 2 else ("classify",)
        case_make(officer_a, petition_type=petition_type, signers=signers, subject=f"Việc số {number}", steps=steps)
    built = time.perf_counter()
    queued = records(unit_a)
    assert len({r.petition_id for r in queued}) == 100
    assert {r.event_name for r in queued} == {"received", "classified", "processed", "accepted"}

    first = flush(unit_a)
    sent = time.perf_counter()
    second = flush(unit_a)
    assert second.records == 0
    assert second.sent_batches == 0
    assert first.records == len(queued)
    assert first.sent_batches == -(-len(queued) // national_db["batch_size"])

    folder = Path(national_db["folder"]) / unit_a.code
    lines = drop_lines(folder)
    keys = Counter(line["key"] for line in lines)
    assert len(lines) == len(queued)
    assert set(keys) == {r.key for r in queued}
    assert max(keys.values()) == 1
    validator = schema_validator()
    assert [error.message for line in lines for error in validator.iter_errors(line)] == []
    for batch in folder.glob("*.jsonl"):
        signature = verify(batch)
        assert signature["records"] == len(batch.read_text().splitlines())
    # No denouncer anywhere in what left the platform.
    text = "".join(batch.read_text() for batch in folder.glob("*"))
    assert NAME not in text
    assert ID_NUMBER not in text
    assert {r.state for r in records(unit_a)} == {RecordState.SENT}
    with capsys.disabled():
        print(
            f"\n[nationaldb] 100 cases, {len(queued)} steps: built through the services in {built - started:.2f}s; "
            f"packed, signed and dropped in {sent - built:.2f}s"
        )

    # A worker killed after writing and before marking sends the same batch again: same file, same lines.
    with schema_context(unit_a.schema_name):
        batch = ExportRecord.objects.values_list("batch", flat=True).first()
        ExportRecord.objects.filter(batch=batch).update(state=RecordState.PENDING, sent_at=None)
    again = flush(unit_a)
    assert again.records > 0
    assert Counter(line["key"] for line in drop_lines(folder)) == keys


def test_acknowledgements_are_read_back_and_rejections_shown(national_db, officer_a, unit_a):
    for number in range(3):
        case_make(officer_a, steps=("classify",), subject=f"Việc {number}")
    flush(unit_a)
    folder = Path(national_db["folder"]) / unit_a.code
    [batch] = folder.glob("*.jsonl")
    keys = [json.loads(line)["key"] for line in batch.read_text().splitlines()]
    with schema_context(unit_a.schema_name):
        status = UnitSyncStatus.objects.get(unit_code=unit_a.code)
        assert (status.pending, status.sent, status.failed) == (0, 6, 0)
    # The receiver takes all but one, which it rejects with a reason.
    ack = {"batch": batch.stem, "rejected": {keys[0]: "Thiếu mã lĩnh vực"}}
    batch.with_suffix(".ack").write_text(json.dumps(ack, ensure_ascii=False))
    flush(unit_a)
    by_key = {r.key: r for r in records(unit_a)}
    assert by_key[keys[0]].state == RecordState.FAILED
    assert "Thiếu mã lĩnh vực" in by_key[keys[0]].last_error
    assert {by_key[k].state for k in keys[1:]} == {RecordState.ACKNOWLEDGED}
    assert all(by_key[k].acknowledged_at for k in keys[1:])
    with schema_context(unit_a.schema_name):
        status = UnitSyncStatus.objects.get(unit_code=unit_a.code)
        assert (status.pending, status.sent, status.failed) == (0, 0, 1)


def test_a_folder_that_cannot_be_written_is_retried_then_failed(national_db, settings, officer_a, unit_a, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    settings.TIEPDAN_NATIONAL_DB = {**national_db, "folder": str(blocked)}
    case_make(officer_a, steps=())
    for _attempt in range(3):
        flush(unit_a, due_only=False)
    [record] = records(unit_a)
    assert record.state == RecordState.FAILED
    assert record.attempts == 3
    assert "Không ghi được" in record.last_error


def test_the_beat_sweep_sends_what_each_unit_has_waiting(national_db, officer_a, officer_b, unit_a, unit_b):
    from core.nationaldb.tasks import nationaldb_sweep_dispatch

    case_make(officer_a, steps=())
    case_make(officer_b, steps=("classify",))
    nationaldb_sweep_dispatch.apply()
    assert {r.state for r in records(unit_a) + records(unit_b)} == {RecordState.SENT}
    for unit, count in ((unit_a, 1), (unit_b, 2)):
        assert len(drop_lines(Path(national_db["folder"]) / unit.code)) == count
