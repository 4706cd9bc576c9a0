"""The national database hand-off through a real Celery worker and the real broker: a step
committed at a unit reaches the drop folder once, signed, by the task queued on commit; the task's
message carries no data (read from the serialized message as it is published)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django_tenants.utils import schema_context

from .test_transfers_worker import people, published_messages  # noqa: F401 (the fixture is used)
from .test_worker import _wait_for

pytestmark = pytest.mark.worker
NAME, ID_NUMBER = "Đinh Thị Nộp", "020090008888"


def test_a_committed_step_is_dropped_once_by_the_worker(worker, people):  # noqa: F811
    from core.nationaldb.choices import RecordState
    from core.nationaldb.models import ExportRecord
    from core.petitions.services.petitions import petition_register

    units, users = people
    unit = units["a"]
    folder = Path(settings.TIEPDAN_NATIONAL_DB["folder"]) / unit.code
    with published_messages() as messages, schema_context(unit.schema_name), transaction.atomic():
        petition = petition_register(
            actor=users["a"], channel="post", received_date=date(2026, 11, 2), petition_type="denunciation",
            field_code="dat-dai", subject="Cán bộ thu tiền trái phép", summary="Tố cáo việc thu tiền.",
            signer_kind="one", signers=[{"full_name": NAME, "id_kind": "cccd", "id_number": ID_NUMBER}],
        )  # fmt: skip

    def record():
        with schema_context(unit.schema_name):
            row = ExportRecord.objects.filter(petition_id=petition.pk).first()
            return row if row is not None and row.state == RecordState.SENT else None

    sent = _wait_for(record)
    batch = folder / f"{sent.batch}.jsonl"
    try:
        lines = [json.loads(line) for line in batch.read_text().splitlines()]
        assert [line["key"] for line in lines] == [sent.key]
        assert lines[0]["giuBiMatNguoiToCao"] is True
        assert (folder / f"{sent.batch}.jsonl.sig").exists()
        text = batch.read_text() + "".join(messages)
        assert NAME not in text
        assert ID_NUMBER not in text
        queued = [m for m in messages if "nationaldb_send" in m]
        assert queued
        # Protocol 2's body is (args, kwargs, options): the schema header aside, the message carries nothing.
        assert all(json.loads(m)["body"][:2] == [[], {}] for m in queued)
    finally:
        for path in folder.glob(f"{sent.batch}*"):
            path.unlink()
