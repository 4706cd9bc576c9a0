"""Telling citizens (issue 12, item 2): messages at each step a citizen is told of, by e-mail through
a real SMTP server and by SMS/Zalo through the provider adapter; the outbox keeps no address in
clear; a denouncer's messages carry nothing of the denunciation."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from core.notifications.models import CitizenMessage, MessageState
from core.notifications.services import contact_record
from core.notifications.tasks import citizen_messages_sweep, citizen_messages_sweep_dispatch
from core.petitions.services.petitions import petition_classify, petition_decide_outcome
from core.petitions.workflow import petition_transition
from tests.smtp import smtp_fixture, smtp_server, use_smtp  # noqa: F401 - smtp_fixture: the real SMTP server

pytestmark = pytest.mark.django_db

EMAIL = "an.nguyen@example.vn"
PHONE = "0912345678"
DENOUNCER = [{"full_name": "Lý Thị Mai", "id_kind": "cccd", "id_number": "020185004321"}]
DENUNCIATION_SUMMARY = "Tố cáo ông Hoàng Văn Tùng, cán bộ địa chính xã, nhận tiền của hộ dân để cấp sổ đỏ."


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what the step queues once it commits, as a request would (the tasks run eagerly)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _outbox(unit) -> list[CitizenMessage]:
    with schema_context(unit.schema_name):
        return list(CitizenMessage.objects.order_by("pk"))


def _accept_complaint(officer, petition, on_commit):
    with schema_context(officer.unit.schema_name):
        with on_commit():
            petition_classify(petition=petition, actor=officer.user, is_processable=True, within_jurisdiction=True)
            petition_decide_outcome(petition=petition, actor=officer.user, outcome="accept")
        with on_commit():
            petition_transition(
                petition=petition,
                name="complaint.accept",
                actor=officer.user,
                data={"date": date(2026, 11, 5), "level": 1, "complexity": "normal"},
            )


def test_registration_then_acceptance_send_two_mails_with_registry_number_and_status(
    register, officer_a, unit_a, smtp, on_commit
):
    with schema_context(unit_a.schema_name), on_commit():
        petition = register()
        contact_record(petition=petition, email=EMAIL, phone="", consent=True)
    assert len(smtp.received) == 1
    receipt = smtp.received[0]
    assert receipt.rcpt_tos == [EMAIL]
    assert petition.registry_number in receipt.message["Subject"]
    assert petition.registry_number in receipt.text
    assert "Tình trạng hiện nay: Đã đăng ký" in receipt.text
    assert f"https://tiepdan.example.gov.vn/u/{unit_a.code}/tra-cuu/" in receipt.text
    # The lookup link never carries the receipt code.
    assert petition.receipt_code not in receipt.raw.decode()
    assert "Xã Tân Đoàn" in receipt.text

    _accept_complaint(officer_a, petition, on_commit)
    assert len(smtp.received) == 2
    accepted = smtp.received[1]
    assert "thụ lý" in accepted.message["Subject"]
    assert "Tình trạng hiện nay: Đã thụ lý" in accepted.text
    assert petition.registry_number in accepted.text
    [first, second] = _outbox(unit_a)
    assert (first.template, second.template) == ("registered", "accepted")
    assert {first.state, second.state} == {MessageState.SENT}
    assert second.event_kind == "complaint.accept"
    assert second.sent_at is not None


def test_internal_steps_tell_the_citizen_nothing(register, officer_a, unit_a, smtp, on_commit):
    with schema_context(unit_a.schema_name):
        with on_commit():
            petition = register()
            contact_record(petition=petition, email=EMAIL, phone="", consent=True)
        with on_commit():
            petition_classify(petition=petition, actor=officer_a.user, is_processable=True, within_jurisdiction=True)
            petition_decide_outcome(petition=petition, actor=officer_a.user, outcome="accept")
    assert [m.template for m in _outbox(unit_a)] == ["registered"]
    assert len(smtp.received) == 1


def test_forwarding_is_told_with_where_it_went(register, officer_a, unit_a, smtp, on_commit):
    with schema_context(unit_a.schema_name):
        with on_commit():
            petition = register(petition_type="recommendation", subject="Đường liên thôn xuống cấp")
            contact_record(petition=petition, email=EMAIL, phone="", consent=True)
        with on_commit():
            petition_classify(petition=petition, actor=officer_a.user, is_processable=True, within_jurisdiction=False)
            petition_decide_outcome(
                petition=petition, actor=officer_a.user, outcome="forward", competent_body="UBND tỉnh Lạng Sơn"
            )
    assert len(smtp.received) == 2
    assert "UBND tỉnh Lạng Sơn" in smtp.received[1].text
    assert _outbox(unit_a)[-1].template == "forwarded"


def test_a_denouncers_mail_carries_nothing_of_the_denunciation(register, unit_a, smtp, on_commit):
    with schema_context(unit_a.schema_name), on_commit():
        petition = register(petition_type="denunciation", signers=DENOUNCER, summary=DENUNCIATION_SUMMARY)
        contact_record(petition=petition, email="mai.ly@example.vn", phone=PHONE, consent=True)
    assert petition.is_confidential
    [mail] = smtp.received
    raw = mail.raw.decode()
    for secret in ("Lý Thị Mai", "020185004321", "Hoàng Văn Tùng", "địa chính", "sổ đỏ", petition.subject, "tố cáo"):
        assert secret.lower() not in mail.text.lower()
        assert secret.lower() not in mail.message["Subject"].lower()
    assert petition.registry_number in mail.text
    # The address reached the server only as the envelope's recipient and the To header.
    assert mail.rcpt_tos == ["mai.ly@example.vn"]
    assert mail.message["To"] == "mai.ly@example.vn"
    assert raw.count("mai.ly@example.vn") == 1
    assert "mai.ly" not in mail.mail_from


def test_the_outbox_holds_no_address_in_clear(register, unit_a, smtp, on_commit):
    with schema_context(unit_a.schema_name), on_commit():
        petition = register(petition_type="denunciation", signers=DENOUNCER, summary=DENUNCIATION_SUMMARY)
        contact_record(petition=petition, email="mai.ly@example.vn", phone=PHONE, consent=True)
    with schema_context(unit_a.schema_name), connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {CitizenMessage._meta.db_table}")
        rows = cursor.fetchall()
    assert len(rows) == 2  # e-mail and SMS
    dump = repr(rows)
    for clear in ("mai.ly", "example.vn", "912345678", "Lý Thị Mai", "Hoàng Văn Tùng"):
        assert clear not in dump


def test_default_sms_adapter_sends_nothing_and_logs_without_the_number(register, unit_a, smtp, on_commit, caplog):
    caplog.set_level(logging.WARNING, logger="core.notifications.providers")
    with schema_context(unit_a.schema_name), on_commit():
        petition = register()
        contact_record(petition=petition, email="", phone="0912 345 678", consent=True)
    [sms] = _outbox(unit_a)
    assert sms.channel == "sms"
    assert sms.state == MessageState.NOT_SENT
    assert sms.provider == "log-only"
    assert sms.sent_at is None
    assert petition.registry_number in sms.body
    [line] = [r.getMessage() for r in caplog.records if r.name == "core.notifications.providers"]
    assert "NOT SENT" in line
    assert str(sms.pk) in line
    for clear in ("912345678", "912 345 678", "0912"):
        assert clear not in caplog.text
    assert smtp.received == []


def test_zalo_as_well_when_configured(register, unit_a, settings, on_commit):
    settings.TIEPDAN_PHONE_CHANNELS = ["sms", "zalo"]
    with schema_context(unit_a.schema_name), on_commit():
        petition = register()
        contact_record(petition=petition, email="", phone=PHONE, consent=True)
    assert sorted((m.channel, m.state) for m in _outbox(unit_a)) == [
        ("sms", MessageState.NOT_SENT),
        ("zalo", MessageState.NOT_SENT),
    ]
    assert petition.registry_number in _outbox(unit_a)[0].params["registry_number"]


def test_smtp_down_retries_then_fails_with_the_reason(register, unit_a, settings, on_commit):
    with smtp_server() as stopped:
        port = stopped.port
    use_smtp(settings, None, port=port)  # nothing listens there any more
    settings.TIEPDAN_CITIZEN_MESSAGE_BACKOFF_SECONDS = 0
    settings.TIEPDAN_CITIZEN_MESSAGE_ATTEMPTS = 3
    with schema_context(unit_a.schema_name), on_commit():
        petition = register()
        contact_record(petition=petition, email=EMAIL, phone="", consent=True)
    [message] = _outbox(unit_a)
    assert (message.state, message.attempts) == (MessageState.PENDING, 1)
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at is not None
    # The beat's sweep brings it back, attempt after attempt.
    citizen_messages_sweep_dispatch.delay()  # what beat runs every minute, for every unit
    with schema_context(unit_a.schema_name):
        citizen_messages_sweep.delay()
        citizen_messages_sweep.delay()  # nothing left to do: it failed at the third attempt
    [message] = _outbox(unit_a)
    assert (message.state, message.attempts) == (MessageState.FAILED, 3)
    assert "ConnectionRefusedError" in message.last_error
    assert EMAIL not in message.last_error


def test_a_recipient_refused_by_the_server_is_not_quoted_in_the_error(register, unit_a, settings, on_commit):
    class Refusing:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            return f"550 5.1.1 <{address}>: user unknown"

    from aiosmtpd.controller import Controller

    from tests.smtp import free_port

    port = free_port()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        use_smtp(settings, None, port=port)
        settings.TIEPDAN_CITIZEN_MESSAGE_ATTEMPTS = 1
        with schema_context(unit_a.schema_name), on_commit():
            petition = register()
            contact_record(petition=petition, email=EMAIL, phone="", consent=True)
    finally:
        controller.stop()
    [message] = _outbox(unit_a)
    assert message.state == MessageState.FAILED
    assert "SMTPRecipientsRefused" in message.last_error
    assert "user unknown" in message.last_error
    assert EMAIL not in message.last_error


def test_a_failure_while_queueing_never_undoes_the_step(register, unit_a, settings, on_commit):
    settings.TIEPDAN_PHONE_CHANNELS = ["sms"]
    with schema_context(unit_a.schema_name):
        petition = register()
        contact_record(petition=petition, email="", phone=PHONE, consent=True)
        from core.notifications.models import CitizenContact

        # An envelope that cannot be opened with this unit's key (copied from elsewhere).
        CitizenContact.objects.filter(petition=petition).update(ciphertext=b"not a fernet token")
        from core.petitions.models import Petition

        petition_classify(
            petition=petition, actor=petition.registered_by, is_processable=True, within_jurisdiction=True
        )
        assert Petition.objects.get(pk=petition.pk).status == "classified"


def test_unit_a_messages_never_reach_unit_b_and_the_task_runs_in_a(register, unit_a, unit_b, smtp, on_commit):
    with schema_context(unit_a.schema_name), on_commit():
        petition = register()
        contact_record(petition=petition, email=EMAIL, phone="", consent=True)
    [message] = _outbox(unit_a)
    assert message.handled_in_schema == unit_a.schema_name
    assert _outbox(unit_b) == []
    # Unit A's message id, queued at unit B (a forged or misrouted task), finds nothing there.
    from core.notifications.tasks import citizen_message_deliver

    with schema_context(unit_b.schema_name):
        citizen_message_deliver.delay(message.pk)
    assert len(smtp.received) == 1


def test_consent_withdrawn_cancels_what_waits(register, unit_a, settings):
    with schema_context(unit_a.schema_name):
        petition = register()
        contact_record(petition=petition, email=EMAIL, phone="", consent=True)  # not committed: waits
        contact_record(petition=petition, email="", phone="", consent=False)
    [message] = _outbox(unit_a)
    assert message.state == MessageState.CANCELLED


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [
        ("complaint.accept", {}, "accepted"),
        ("denunciation.accept", {}, "accepted"),
        ("petition.accept", {}, "accepted"),
        ("complaint.refuse", {}, "not_accepted"),
        ("denunciation.refuse", {}, "not_accepted"),
        ("denunciation.lead", {}, "not_accepted"),
        ("outcome.guide", {}, "guided"),
        ("outcome.forward", {"receiving_unit": "05983"}, "forwarded"),
        ("forward.reply", {"answer": "accepted"}, "transfer_accepted"),
        ("forward.reply", {"answer": "forwarded"}, "forwarded_onward"),
        ("complaint.decide", {}, "resolved"),
        ("denunciation.conclude", {}, "resolved"),
        ("petition.answer", {}, "resolved"),
        # Internal steps: nothing.
        ("classified", {}, None),
        ("outcome.accept", {}, None),
        ("outcome.file", {}, None),
        ("complaint.verify", {}, None),
        ("forward.reply", {"answer": "returned"}, None),
        ("transfer.acknowledged", {}, None),
        ("attachment_added", {}, None),
    ],
)
def test_which_steps_tell_the_citizen(kind, data, expected):
    from core.notifications.services.citizens import template_for
    from core.petitions.models import Petition, PetitionEvent

    mapped = template_for(Petition(competent_body="UBND tỉnh"), PetitionEvent(kind=kind, data=data))
    assert (mapped[0] if mapped else None) == expected


def test_a_told_step_without_a_contact_costs_the_step_one_query(register, unit_a):
    from django.test.utils import CaptureQueriesContext

    from core.notifications.services.citizens import on_petition_event
    from core.petitions.choices import TransitionName
    from core.petitions.models import PetitionEvent

    with schema_context(unit_a.schema_name):
        petition = register()
        event = PetitionEvent(petition=petition, kind=TransitionName.COMPLAINT_ACCEPT, event_date=date(2026, 11, 5))
        with CaptureQueriesContext(connection) as queries:
            on_petition_event(None, petition=petition, event=event)
    # django-tenants sets the search path on the first query of a context: not the receiver's cost.
    sql = [query["sql"] for query in queries.captured_queries if not query["sql"].startswith("SET search_path")]
    assert len(sql) == 1, sql
    assert not _outbox(unit_a)
