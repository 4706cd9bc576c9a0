"""The staff's side of telling citizens: the petition page's card (contact, messages with state,
channel, time, error), recording a contact with consent, and the unit administrator's failed
messages with the retry button; unit A's messages never at unit B."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from core.notifications.models import CitizenContact, CitizenMessage, MessageState
from core.notifications.selectors import contact_details
from core.notifications.services import contact_record
from tests.core.petitions import conftest as petitions_fixtures
from tests.smtp import smtp_server, use_smtp

pytestmark = pytest.mark.django_db
# The petitions tests' officer and registration: a real step, no copy of its values.
officer_a = petitions_fixtures.officer_a
register = petitions_fixtures.register
DENOUNCER = [{"full_name": "Lý Thị Mai", "id_kind": "cccd", "id_number": "020185004321"}]


def _failed_message(unit, petition, settings, django_capture_on_commit_callbacks):
    """A message the worker gave up on: the mail server is down, one attempt allowed."""
    with smtp_server() as stopped:
        port = stopped.port
    use_smtp(settings, None, port=port)
    settings.TIEPDAN_CITIZEN_MESSAGE_ATTEMPTS = 1
    with schema_context(unit.schema_name), django_capture_on_commit_callbacks(execute=True):
        contact_record(petition=petition, email="an.nguyen@example.vn", phone="", consent=True)
    with schema_context(unit.schema_name):
        message = CitizenMessage.objects.get(petition=petition)
    assert message.state == MessageState.FAILED
    return message


def test_the_petition_page_shows_the_messages_with_state_channel_and_error(
    register, officer_a, unit_a, settings, django_capture_on_commit_callbacks
):
    petition = register()
    message = _failed_message(unit_a, petition, settings, django_capture_on_commit_callbacks)
    page = officer_a.web().get(officer_a.url(f"don-thu/{petition.pk}/"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="citizen-notices"' in html
    assert 'data-state="failed" data-channel="email" data-template="registered"' in html
    assert "ConnectionRefusedError" in html
    assert message.last_error in html
    # The address is shown masked, never in full, outside the edit form's own field.
    assert "an•••@example.vn" in html
    assert html.count("an.nguyen@example.vn") == 1  # the form's value, for correcting it


def test_staff_record_a_contact_with_consent(register, officer_a, unit_a, django_capture_on_commit_callbacks):
    petition = register()
    client = officer_a.web()
    url = officer_a.url(f"thong-bao-cong-dan/don/{petition.pk}/lien-he/")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"email": "", "phone": "0912 345 678", "consent": "on"})
    assert done.status_code == 302
    with schema_context(unit_a.schema_name):
        contact = CitizenContact.objects.get(petition=petition)
        assert contact_details(contact) == ("", "+84912345678")
        assert contact.recorded_by == officer_a.user
        # Added after registration: the citizen is told it was recorded (log-only SMS by default).
        [sms] = CitizenMessage.objects.filter(petition=petition)
    assert (sms.template, sms.channel, sms.state) == ("registered", "sms", MessageState.NOT_SENT)


def test_a_bad_number_is_refused_on_its_field_with_400(register, officer_a, unit_a):
    petition = register()
    refused = officer_a.web().post(
        officer_a.url(f"thong-bao-cong-dan/don/{petition.pk}/lien-he/"),
        {"email": "", "phone": "0241 234 567", "consent": "on"},
    )
    assert refused.status_code == 400
    assert refused.context["form"].errors["phone"]
    with schema_context(unit_a.schema_name):
        assert not CitizenContact.objects.exists()


def test_control_characters_are_dropped_and_overlong_values_refused(register, officer_a, unit_a):
    petition = register()
    client, url = officer_a.web(), officer_a.url(f"thong-bao-cong-dan/don/{petition.pk}/lien-he/")
    assert client.post(url, {"email": "a" * 300 + "@example.vn", "phone": "", "consent": "on"}).status_code == 400
    # What people paste (a form feed, a NUL) is removed before the service sees it (web.middleware).
    pasted = {"email": "an@example.vn\x0c", "phone": "0912\x00345678", "consent": "on"}
    assert client.post(url, pasted).status_code == 302
    with schema_context(unit_a.schema_name):
        assert contact_details(CitizenContact.objects.get(petition=petition)) == ("an@example.vn", "+84912345678")


def test_a_denouncers_contact_is_recorded_only_by_a_cleared_officer_and_never_shown(
    register, officer_a, unit_a, make_member
):
    petition = register(petition_type="denunciation", signers=DENOUNCER)
    url = officer_a.url(f"thong-bao-cong-dan/don/{petition.pk}/lien-he/")
    values = {"email": "mai.ly@example.vn", "phone": "", "consent": "on"}
    assert officer_a.web().post(url, values).status_code == 403
    cleared = make_member(unit_a, roles=("sealed_reader",), username="bi_mat_a")
    client = cleared.web()
    assert client.post(url, values).status_code == 302
    for who in (client, officer_a.web()):
        html = who.get(officer_a.url(f"don-thu/{petition.pk}/")).content.decode()
        assert 'data-email="1"' in html
        assert "mai.ly" not in html


def test_the_unit_admin_retries_a_failed_message(
    register, admin_a, unit_a, settings, django_capture_on_commit_callbacks
):
    petition = register()
    message = _failed_message(unit_a, petition, settings, django_capture_on_commit_callbacks)
    client = admin_a.web()
    listing = client.get(admin_a.url("thong-bao-cong-dan/loi/"))
    assert listing.status_code == 200
    assert f'data-message="{message.pk}"' in listing.content.decode()
    with smtp_server() as inbox:
        use_smtp(settings, inbox)
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(admin_a.url(f"thong-bao-cong-dan/{message.pk}/gui-lai/"))
        assert done.status_code == 302
    assert [m.rcpt_tos for m in inbox.received] == [["an.nguyen@example.vn"]]
    with schema_context(unit_a.schema_name):
        message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (MessageState.SENT, 1, "")
    # Sent now: a second press is refused with 409, not sent twice.
    again = client.post(admin_a.url(f"thong-bao-cong-dan/{message.pk}/gui-lai/"))
    assert again.status_code == 409


def test_failed_messages_are_the_unit_admins_only(officer_a):
    assert officer_a.web().get(officer_a.url("thong-bao-cong-dan/loi/")).status_code == 403


def test_unit_b_never_sees_nor_retries_unit_a_messages(
    register, unit_a, unit_b, make_member, settings, django_capture_on_commit_callbacks
):
    petition = register()
    message = _failed_message(unit_a, petition, settings, django_capture_on_commit_callbacks)
    admin_b = make_member(unit_b, roles=("unit_admin",), username="quan_tri_b")
    client = admin_b.web()
    listing = client.get(admin_b.url("thong-bao-cong-dan/loi/"))
    assert listing.status_code == 200
    assert f'data-message="{message.pk}"' not in listing.content.decode()
    assert "ConnectionRefusedError" not in listing.content.decode()
    assert client.post(admin_b.url(f"thong-bao-cong-dan/{message.pk}/gui-lai/")).status_code == 404
    assert client.post(admin_b.url(f"thong-bao-cong-dan/don/{petition.pk}/lien-he/"), {}).status_code == 404
    with schema_context(unit_a.schema_name):
        message.refresh_from_db()
    assert message.state == MessageState.FAILED
