"""Messages to citizens delivered by a real Celery worker through the real broker to a real SMTP
server: the worker sends in the unit that queued the message, unit B holds nothing of it, and no
Celery message carries the denouncer's contact, name or denunciation (read from each message as it
is published)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from core.notifications.models import CitizenMessage, MessageState
from core.notifications.services import contact_record
from tests.smtp import smtp_server
from tests.test_transfers_worker import people, published_messages, workers  # noqa: F401 - fixtures

from .test_worker import _wait_for

pytestmark = pytest.mark.worker
EMAIL, PHONE = "mai.ly@example.vn", "0987654321"
NAME, ID_NUMBER = "Lý Thị Mai", "020185004321"
SUMMARY = "Tố cáo ông Hoàng Văn Tùng, cán bộ địa chính xã, nhận tiền của hộ dân để cấp sổ đỏ."


def _messages(unit) -> list[CitizenMessage]:
    with schema_context(unit.schema_name):
        return list(CitizenMessage.objects.order_by("channel"))


def test_the_worker_tells_the_denouncer_in_the_unit_that_queued_it(workers, people):  # noqa: F811 - fixtures
    from core.petitions.services.petitions import petition_register

    units, users = people
    a, b = units["a"], units["b"]
    with smtp_server() as inbox:
        workers(TIEPDAN_TEST_EMAIL_URL=f"smtp://127.0.0.1:{inbox.port}")
        with published_messages() as published:
            with schema_context(a.schema_name), transaction.atomic():
                petition = petition_register(
                    actor=users["a"], channel="post", received_date=date(2026, 11, 2),
                    petition_type="denunciation", field_code="dat-dai", subject="Cán bộ địa chính thu tiền",
                    summary=SUMMARY, signer_kind="one",
                    signers=[{"full_name": NAME, "id_kind": "cccd", "id_number": ID_NUMBER}],
                )  # fmt: skip
                contact_record(petition=petition, email=EMAIL, phone=PHONE, consent=True)
            _wait_for(lambda: len(inbox.received) == 1)
            _wait_for(lambda: {m.state for m in _messages(a)} == {MessageState.SENT, MessageState.NOT_SENT})
    email, sms = _messages(a)
    assert (email.channel, email.state) == ("email", MessageState.SENT)
    assert (sms.channel, sms.state) == ("sms", MessageState.NOT_SENT)
    assert {email.handled_in_schema, sms.handled_in_schema} == {a.schema_name}
    assert _messages(b) == []
    [mail] = inbox.received
    assert mail.rcpt_tos == [EMAIL]
    assert petition.registry_number in mail.text
    assert "Hoàng Văn Tùng" not in mail.text
    assert NAME not in mail.text
    deliveries = [m for m in published if "citizen_message_deliver" in m]
    assert len(deliveries) == 2
    for message in published:
        for secret in (EMAIL, "987654321", NAME, ID_NUMBER, "Hoàng Văn Tùng"):
            assert secret not in message
