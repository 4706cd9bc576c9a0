"""The online form, its receipt and the province's entry, through Django's test client."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from core.intake.limits import SUBMISSION_LIMIT
from tests.core.intake.conftest import HTML, NAME, PDF, pdf
from tests.web.intake.conftest import challenge_of, form_url

pytestmark = pytest.mark.django_db


def _petitions(unit):
    from core.petitions.models import Petition

    with schema_context(unit.schema_name):
        return list(Petition.objects.all())


def test_the_form_is_open_to_anyone_without_inline_script(client, unit_a):
    page = client.get(form_url(unit_a))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert challenge_of(page)
    assert 'name="website"' in html  # the honeypot
    assert "<script>" not in html
    assert " on" + "click=" not in html
    assert 'enctype="multipart/form-data"' in html
    preselected = client.get(form_url(unit_a), {"linh-vuc": "dat-dai"})
    assert '<option value="dat-dai" selected>' in preselected.content.decode()


def test_a_citizen_sends_a_complaint_gets_the_receipt_and_downloads_it(send, quick, unit_a):
    browser = Client()
    sent = send(unit_a, client=browser, attachments=[pdf()])
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert sent.url == f"/u/{unit_a.code}/gui-don/bien-nhan/"
    [petition] = _petitions(unit_a)
    assert petition.channel == "online"
    receipt = browser.get(sent.url)
    assert receipt.status_code == 200
    html = receipt.content.decode()
    assert petition.receipt_code in html
    assert petition.registry_number in html
    assert petition.received_date.strftime("%d/%m/%Y") in html
    assert "<svg" in html  # the lookup's QR code
    assert f"/u/{unit_a.code}/tra-cuu/#{petition.receipt_code}" in html
    assert petition.receipt_code not in sent.url
    download = browser.get(f"/u/{unit_a.code}/gui-don/bien-nhan/tai-ve/")
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert body[:2] == b"PK" or body[:4] == b"%PDF"
    assert "no-store" in download["Cache-Control"]

    # Another browser (no session) reaches neither the receipt nor its document.
    stranger = Client()
    assert stranger.get(sent.url).status_code == 404
    assert stranger.get(f"/u/{unit_a.code}/gui-don/bien-nhan/tai-ve/").status_code == 404


def test_the_challenge_refuses_a_quick_post_a_reused_token_and_a_forged_one(send, unit_a, settings):
    settings.TIEPDAN_INTAKE_MIN_SECONDS = 60
    assert send(unit_a).status_code == 400  # a script posts at once
    assert _petitions(unit_a) == []
    settings.TIEPDAN_INTAKE_MIN_SECONDS = 0
    client = Client()
    token = challenge_of(client.get(form_url(unit_a)))
    assert send(unit_a, client=client, challenge=token).status_code == 302
    again = send(unit_a, client=client, challenge=token, subject="Một việc khác")
    assert again.status_code == 400  # single use
    assert send(unit_a, challenge=token[:-2] + "xx", subject="Việc thứ ba").status_code == 400
    assert send(unit_a, challenge="", subject="Việc thứ tư").status_code == 400
    assert len(_petitions(unit_a)) == 1


def test_an_expired_or_another_units_token_is_refused(send, quick, unit_a, unit_b):
    import time

    from django.core import signing

    from web.intake.challenge import CHALLENGE_MAX_AGE, SALT

    class Old(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - CHALLENGE_MAX_AGE - 10)

    expired = Old(salt=SALT).sign(f"{unit_a.schema_name}:nonce-1")
    assert send(unit_a, challenge=expired).status_code == 400
    other = challenge_of(Client().get(form_url(unit_b)))
    assert send(unit_a, challenge=other).status_code == 400
    assert _petitions(unit_a) == []


def test_the_honeypot_refuses_a_robot(send, quick, unit_a):
    response = send(unit_a, website="http://spam.example")
    assert response.status_code == 400
    assert _petitions(unit_a) == []


def test_the_eleventh_submission_from_one_address_is_refused_with_a_message(send, quick, unit_a, unit_b):
    for number in range(SUBMISSION_LIMIT):
        unit = unit_a if number % 2 else unit_b
        assert send(unit, subject=f"Việc số {number}", address="203.0.113.9").status_code == 302
    refused = send(unit_a, subject="Việc số mười một", address="203.0.113.9")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert refused.context["form"].non_field_errors()
    assert send(unit_a, subject="Người khác", address="203.0.113.10").status_code == 302
    assert len(_petitions(unit_a)) + len(_petitions(unit_b)) == SUBMISSION_LIMIT + 1


def test_html_named_pdf_is_refused_with_a_message_on_the_files(send, quick, unit_a):
    refused = send(unit_a, attachments=[pdf(), pdf("quyet-dinh.pdf", HTML)])
    assert refused.status_code == 400
    errors = refused.context["form"].errors["attachments"]
    assert any("quyet-dinh.pdf" in error for error in errors)
    assert _petitions(unit_a) == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"content": "\x00\x01\x02"},  # only control characters: stripped at the edge, then empty
        {"id_number": "12345"},
        {"petition_type": "khac"},
        {"field_code": "khong-co"},
        {"email": "", "phone": ""},  # consent without a way to be reached
        {"email": "khong-phai-email"},
        {"subject": "x" * 600},
        {"full_name": ""},
    ],
)
def test_bad_input_is_a_400_with_the_form_not_a_500(send, quick, unit_a, overrides):
    response = send(unit_a, **overrides)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert _petitions(unit_a) == []


def test_the_same_letter_again_shows_the_first_receipt(send, quick, unit_a):
    first = Client()
    assert send(unit_a, client=first).status_code == 302
    second = Client()
    again = send(unit_a, client=second)
    assert again.status_code == 302
    [petition] = _petitions(unit_a)
    page = second.get(again.url)
    assert petition.receipt_code in page.content.decode()
    assert 'id="intake-duplicate"' in page.content.decode()


def test_province_entry_sends_the_citizen_to_the_units_form_with_the_field(client, unit_a):
    page = client.get("/gui-don/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{unit_a.code}">' in html
    assert "<optgroup" in html
    assert "intake/entry.js" in html
    chosen = client.get("/gui-don/", {"unit": unit_a.code, "field": "dat-dai"})
    assert chosen.status_code == 302
    assert chosen.url == f"/u/{unit_a.code}/gui-don/?linh-vuc=dat-dai"
    assert client.get("/gui-don/", {"unit": "99999"}).status_code == 400
    assert client.get("/gui-don/", {"unit": ""}).status_code == 400


def test_not_sure_goes_to_the_provinces_reception_office(client, unit_a):
    from tenants.catalogue import unit_spec
    from tenants.provisioning import unit_provision

    assert client.get("/gui-don/", {"unsure": "on", "province": "20"}).status_code == 400  # not on the platform yet
    unit_provision(spec=unit_spec("20-BTCD"))
    chosen = client.get("/gui-don/", {"unsure": "on", "province": "20", "field": "dat-dai"})
    assert chosen.status_code == 302
    assert chosen.url == "/u/20-BTCD/gui-don/?linh-vuc=dat-dai"


def test_officers_see_online_petitions_in_the_list_and_filter_by_channel(send, quick, unit_a, make_member):
    assert send(unit_a, attachments=[pdf("don.pdf", PDF)]).status_code == 302
    officer = make_member(unit_a, roles=("processing_officer",), username="xl_online")
    client = officer.web()
    listed = client.get(officer.url("don-thu/"), {"channel": "online"})
    assert listed.status_code == 200
    [petition] = _petitions(unit_a)
    assert petition.registry_number in listed.content.decode()
    assert NAME in listed.content.decode()
    assert 'name="channel"' in listed.content.decode()
    posted = client.get(officer.url("don-thu/"), {"channel": "post"})
    assert petition.registry_number not in posted.content.decode()


def test_a_citizen_landing_on_the_units_address_finds_the_form_and_the_lookup(client, unit_a):
    """Review 12: the unit's address (``/u/<code>/``) shows the staff login, which linked to none of
    the citizen's pages."""
    landing = client.get(f"/u/{unit_a.code}/", follow=True)
    assert landing.status_code == 200
    html = landing.content.decode()
    assert 'name="password"' in html  # the staff login, as before
    assert f'href="/u/{unit_a.code}/gui-don/"' in html
    assert f'href="/u/{unit_a.code}/tra-cuu/"' in html
    assert f'href="/u/{unit_a.code}/xac-minh-chu-ky/"' in html
    # The platform's own login (no unit) has no unit pages to link to, and still opens.
    assert client.get("/admin/login/").status_code == 200


def test_the_subject_and_the_content_are_not_both_called_content():
    """Review 12: the subject was labelled "Nội dung đơn" just above "Nội dung": a citizen could not
    tell which box wanted what."""
    from django.utils import translation

    from web.intake.forms import SubmissionForm

    with translation.override("vi"):
        form = SubmissionForm()
        subject, content = str(form.fields["subject"].label), str(form.fields["content"].label)
    assert subject.casefold() != content.casefold()
    assert not subject.casefold().startswith(content.casefold())


def test_the_portal_account_is_no_one_on_the_staff_page_nor_in_the_api(admin_a):
    from core.intake.services import portal_account

    with schema_context(admin_a.unit.schema_name):
        portal = portal_account()
    page = admin_a.web().get(admin_a.url("can-bo/"))
    assert page.status_code == 200
    assert admin_a.user.username in page.content.decode()
    assert portal.user.username not in page.content.decode()
    listed = admin_a.api().get(admin_a.url("api/v1/users/"), {"page_size": 100})
    assert listed.status_code == 200
    usernames = [row["username"] for row in listed.json()["results"]]
    assert admin_a.user.username in usernames
    assert portal.user.username not in usernames
