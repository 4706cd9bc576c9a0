"""Transfers between units delivered by a real Celery worker through the real broker (Redis in CI,
the filesystem transport otherwise): A forwards to B, B acknowledges and accepts, A sees the
answers; a worker SIGKILLed between writing B's inbox and marking A's outbox delivers exactly once
after a restart; a delivery to an archived unit fails visibly; and no Celery message carries the
sealed identity (read from the serialized message as it is published)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import date

import pytest
from celery.signals import before_task_publish
from django.db import connection, connections, transaction
from django_tenants.utils import schema_context

from config.celery_app import app
from core.transfers.choices import Direction, MessageState, TransferState
from tenants.models import Unit

from .test_worker import ROOT, _wait_for

pytestmark = pytest.mark.worker
PASSWORD = "Mat-khau-2026!"
NAME, ID_NUMBER = "Hoàng Văn Kín", "020090007777"
DENOUNCER = {"full_name": NAME, "id_kind": "cccd", "id_number": ID_NUMBER, "phone": "0911222333"}
RECEIVED = date(2026, 11, 2)


def _start(queue: str, db_name: str, **env_extra) -> tuple[subprocess.Popen, object]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DJANGO_DB_NAME": db_name,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        **env_extra,
    }
    log = open(ROOT / ".tiepdan" / f"worker-{queue}-{uuid.uuid4().hex[:4]}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue, "-l", "info",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    return process, log


@pytest.fixture
def workers(committed):
    """Start workers on a queue of this test's own (eager mode off); all stopped at the end."""
    queue = f"test-tr-{uuid.uuid4().hex[:8]}"
    db_name = connection.settings_dict["NAME"]
    started: list[tuple[subprocess.Popen, object]] = []

    def start(**env_extra) -> subprocess.Popen:
        started.append(_start(queue, db_name, **env_extra))
        return started[-1][0]

    saved = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        yield start
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = saved
        for process, log in started:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
            log.close()


@pytest.fixture
def people(committed):
    """An officer at A and at B (processing and leader), and one at the inspectorate (C); and,
    at the end, everything the test wrote removed again."""
    from core.accounts.services import user_create

    tag = uuid.uuid4().hex[:6]
    units = {key: Unit.objects.get(code=code) for key, code in (("a", "06316"), ("b", "05983"), ("c", "20-UBND"))}
    users, counters = {}, {}
    for key, unit in units.items():
        with schema_context(unit.schema_name):
            counters[key] = _counters()
            users[key] = user_create(
                unit=unit, username=f"tr_{key}_{tag}", password=PASSWORD, roles=["processing_officer", "leader"]
            )
    try:
        yield units, users
    finally:
        _purge(units, users, counters)


def _counters() -> dict:
    from core.documents.models import RegisterCounter as DocumentCounter
    from core.petitions.models import RegistryCounter

    return {
        "registry": dict(RegistryCounter.objects.values_list("year", "last_number")),
        "documents": {(c.year, c.symbol): c.last_number for c in DocumentCounter.objects.all()},
    }


def _purge(units, users, counters) -> None:
    from core.accounts.models import User
    from core.caseindex.models import CaseEvent, CaseIndexEntry
    from core.documents.models import IssuedDocument
    from core.documents.models import RegisterCounter as DocumentCounter
    from core.petitions.models import Citizen, Petition, RegistryCounter, SealedIdentityAccess
    from core.transfers.models import InboxMessage, OutboxMessage, Transfer, TransferSealedAccess
    from core.transfers.tracking.models import TransferTrack

    connection.set_schema_to_public()
    Unit.objects.filter(code=units["c"].code).update(status="active")
    case_ids, references = [], set()
    for key, unit in units.items():
        with schema_context(unit.schema_name):
            references |= set(Transfer.objects.values_list("reference", flat=True))
            TransferSealedAccess.objects.all().delete()
            Transfer.objects.all().delete()
            InboxMessage.objects.all().delete()
            OutboxMessage.objects.all().delete()
            petitions = Petition.objects.filter(registered_by__in=[u.pk for u in users.values()])
            case_ids += list(petitions.values_list("case_id", flat=True))
            citizens = list(Citizen.objects.filter(petitions__in=petitions).values_list("pk", flat=True))
            IssuedDocument.objects.filter(
                subject_type="petitions.petition", subject_id__in=petitions.values("pk")
            ).delete()
            SealedIdentityAccess.objects.filter(petition__in=petitions).delete()
            petitions.delete()
            Citizen.objects.filter(pk__in=citizens).delete()
            saved = counters[key]
            for counter in RegistryCounter.objects.all():
                if counter.year in saved["registry"]:
                    RegistryCounter.objects.filter(pk=counter.pk).update(last_number=saved["registry"][counter.year])
                else:
                    counter.delete()
            for counter in DocumentCounter.objects.all():
                if (counter.year, counter.symbol) in saved["documents"]:
                    DocumentCounter.objects.filter(pk=counter.pk).update(
                        last_number=saved["documents"][(counter.year, counter.symbol)]
                    )
                else:
                    counter.delete()
            User.objects.filter(pk=users[key].pk).delete()
    CaseIndexEntry.objects.filter(case_id__in=case_ids).delete()
    CaseEvent.objects.filter(case_id__in=case_ids).delete()
    TransferTrack.objects.filter(reference__in=references).delete()
    connections.close_all()


def _forward(unit, user, receiver_code: str, *, then=None):
    """Register a sealed denunciation at ``unit`` and forward it on the platform (committed)."""
    from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
    from core.transfers.models import Transfer

    with schema_context(unit.schema_name), transaction.atomic():
        petition = petition_register(
            actor=user, channel="post", received_date=RECEIVED, petition_type="denunciation", field_code="dat-dai",
            subject="Cán bộ địa chính thu tiền trái phép", summary="Tố cáo việc thu tiền khi cấp giấy chứng nhận.",
            signer_kind="one", signers=[DENOUNCER],
        )  # fmt: skip
        petition_classify(petition=petition, actor=user, is_processable=True, within_jurisdiction=False, date=RECEIVED)
        petition_decide_outcome(
            petition=petition, actor=user, outcome="forward", receiving_unit=receiver_code, date=date(2026, 11, 4)
        )
        if then is not None:
            then()
        return petition, Transfer.objects.get(petition=petition, direction=Direction.OUT)


def _in_schema(unit, query):
    with schema_context(unit.schema_name):
        return query()


@contextmanager
def published_messages():
    """Every task message published meanwhile, as serialized for the broker."""
    seen: list[str] = []

    def capture(sender=None, body=None, headers=None, **kwargs) -> None:
        seen.append(json.dumps({"task": sender, "body": body, "headers": headers}, ensure_ascii=False, default=str))

    before_task_publish.connect(capture, weak=False)
    try:
        yield seen
    finally:
        before_task_publish.disconnect(capture)


def test_forward_acknowledge_accept_round_trip(workers, people):
    from core.petitions.models import PetitionEvent
    from core.transfers.models import InboxMessage, Transfer
    from core.transfers.services import inbound_accept, inbound_acknowledge

    units, users = people
    workers()
    with published_messages() as messages:
        petition, sent = _forward(units["a"], users["a"], units["b"].code)
        received = _wait_for(
            lambda: _in_schema(units["b"], lambda: Transfer.objects.filter(reference=sent.reference).first())
        )
    assert received.state == TransferState.DELIVERED
    assert received.sealed_identity
    # The sealed identity is in no message the broker carried; the message names the case only.
    assert messages
    assert all(NAME not in m and ID_NUMBER not in m for m in messages)
    assert any(sent.reference in m for m in messages)
    with schema_context(units["b"].schema_name):
        inbound_acknowledge(transfer=received, actor=users["b"])
    _wait_for(
        lambda: _in_schema(
            units["a"], lambda: Transfer.objects.filter(pk=sent.pk, state=TransferState.ACKNOWLEDGED).exists()
        )
    )
    with schema_context(units["b"].schema_name):
        inbound_accept(transfer=received, actor=users["b"])
    _wait_for(
        lambda: _in_schema(
            units["a"], lambda: Transfer.objects.filter(pk=sent.pk, state=TransferState.ACCEPTED).exists()
        )
    )
    with schema_context(units["a"].schema_name):
        kinds = list(PetitionEvent.objects.filter(petition=petition).values_list("kind", flat=True))
        assert "transfer.acknowledged" in kinds
        assert "forward.reply" in kinds
    # C (neither sender nor receiver) holds nothing of it.
    with schema_context(units["c"].schema_name):
        assert not Transfer.objects.filter(reference=sent.reference).exists()
        assert not InboxMessage.objects.filter(reference=sent.reference).exists()


def test_worker_killed_between_inbox_and_outbox_delivers_exactly_once(workers, people):
    from core.transfers.models import InboxMessage, OutboxMessage, Transfer
    from core.transfers.tasks import outbox_sweep_dispatch

    units, users = people
    first = workers(TIEPDAN_TRANSFERS_PAUSE_AFTER_INSERT="60")
    _petition, sent = _forward(units["a"], users["a"], units["b"].code)
    # The inbox row is committed at B; the worker now sleeps before marking A's outbox.
    _wait_for(lambda: _in_schema(units["b"], lambda: InboxMessage.objects.filter(reference=sent.reference).exists()))
    time.sleep(0.5)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    (message,) = _in_schema(units["a"], lambda: list(OutboxMessage.objects.filter(reference=sent.reference)))
    assert message.state == MessageState.PENDING, "killed before the outbox was marked"

    workers()
    outbox_sweep_dispatch.delay(0)  # what beat does every minute
    _wait_for(
        lambda: _in_schema(
            units["a"],
            lambda: OutboxMessage.objects.filter(reference=sent.reference, state=MessageState.DELIVERED).exists(),
        )
    )
    with schema_context(units["b"].schema_name):
        assert InboxMessage.objects.filter(reference=sent.reference).count() == 1
        assert Transfer.objects.filter(reference=sent.reference).count() == 1
    with schema_context(units["a"].schema_name):
        assert Transfer.objects.get(pk=sent.pk).state == TransferState.DELIVERED


def test_delivery_to_an_archived_unit_fails_visibly(workers, people):
    from core.petitions.models import PetitionEvent
    from core.transfers.models import InboxMessage, Transfer
    from core.transfers.tracking.models import TransferTrack

    units, users = people
    workers()
    c = units["c"]
    # The unit is archived while the petition is on its way (same transaction as the forward).
    petition, sent = _forward(
        units["a"], users["a"], c.code, then=lambda: Unit.objects.filter(pk=c.pk).update(status="archived")
    )
    failed = _wait_for(
        lambda: _in_schema(units["a"], lambda: Transfer.objects.filter(pk=sent.pk, state=TransferState.FAILED).first())
    )
    assert c.name in failed.last_error
    with schema_context(units["a"].schema_name):
        assert PetitionEvent.objects.filter(petition=petition, kind="transfer.failed").exists()
    track = TransferTrack.objects.get(reference=sent.reference)
    assert track.state == TransferState.FAILED
    assert c.name in track.last_error
    with schema_context(c.schema_name):  # nothing half-written at the receiver
        assert not InboxMessage.objects.filter(reference=sent.reference).exists()
        assert not Transfer.objects.filter(reference=sent.reference).exists()
