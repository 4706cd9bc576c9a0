"""The transfer pages and API of both sides, the forward outcome's form, the citizen's lookup and
the inspectorate's list; isolation: a third unit sees nothing, the receiver only the package."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import schema_context

from core.petitions.models import Attachment, Petition
from core.petitions.services.attachments import attachment_add
from core.petitions.services.petitions import petition_classify, petition_register
from core.transfers.choices import Direction, TransferState
from core.transfers.models import Transfer
from tenants.models import Unit

from .conftest import ID_NUMBER, NAME, RECEIVED, flush, inbound

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_c(make_member):
    return make_member(Unit.objects.get(code="20-UBND"), roles=("processing_officer", "leader"), username="xu_ly_c")


@pytest.fixture
def inspector(inspectorate, make_member):
    return make_member(inspectorate, roles=("inspector",), username="thanh_tra")


def test_api_inbox_outbox_and_isolation(forward, unit_a, unit_b, officer_a, officer_b, officer_c):
    _petition, transfer = forward()
    flush(unit_a, transfer.reference)
    api_b = officer_b.api()
    listing = api_b.get(officer_b.url("api/v1/transfers/"), {"direction": "in"})
    assert listing.status_code == 200
    body = json.dumps(listing.json(), ensure_ascii=False)
    assert transfer.reference in body
    assert NAME not in body
    assert ID_NUMBER not in body
    (item,) = listing.json()["results"]
    assert item["has_sealed_identity"] is True
    assert "sealed_identity" not in item
    refused = api_b.post(officer_b.url(f"api/v1/transfers/{item['id']}/return/"), {"reason": "x"}, format="json")
    assert refused.status_code == 400
    done = api_b.post(officer_b.url(f"api/v1/transfers/{item['id']}/acknowledge/"), {}, format="json")
    assert done.status_code == 200
    assert done.json()["state"] == TransferState.ACKNOWLEDGED
    again = api_b.post(officer_b.url(f"api/v1/transfers/{item['id']}/acknowledge/"), {}, format="json")
    assert again.status_code == 409
    history = api_b.get(officer_b.url(f"api/v1/transfers/{item['id']}/history/"))
    assert [line["kind"] for line in history.json()] == ["package", "acknowledged"]
    # C, neither sender nor receiver: nothing, by list or by number.
    api_c = officer_c.api()
    assert api_c.get(officer_c.url("api/v1/transfers/"), {"direction": "in"}).json()["results"] == []
    assert api_c.get(officer_c.url(f"api/v1/transfers/{item['id']}/")).status_code == 404
    # A's token means nothing at B.
    assert officer_a.api().get(officer_b.url("api/v1/transfers/")).status_code in (401, 403)
    schema = api_b.get(officer_b.url("api/v1/schema/"), HTTP_ACCEPT="application/json")
    assert "/transfers/{id}/acknowledge/" in schema.content.decode()


def test_units_search_by_name_or_code(officer_a, unit_b):
    api = officer_a.api()
    by_code = api.get(officer_a.url("api/v1/transfers/units/"), {"q": unit_b.code}).json()
    assert [u["code"] for u in by_code] == [unit_b.code]
    by_name = api.get(officer_a.url("api/v1/transfers/units/"), {"q": "luong van tri"}).json()
    assert unit_b.code in [u["code"] for u in by_name]
    assert officer_a.unit.code not in [u["code"] for u in api.get(officer_a.url("api/v1/transfers/units/")).json()]


def test_outcome_form_forwards_to_a_unit_of_the_platform(officer_a, unit_b):
    with schema_context(officer_a.unit.schema_name):
        petition = petition_register(
            actor=officer_a.user, channel="post", received_date=RECEIVED, petition_type="recommendation",
            field_code="dat-dai", subject="Đường liên thôn xuống cấp", summary="Kiến nghị sửa đường liên thôn.",
            signer_kind="one", signers=[{"full_name": "Vi Văn Sáng"}],
        )  # fmt: skip
        petition_classify(petition=petition, actor=officer_a.user, is_processable=True, within_jurisdiction=False)
    web = officer_a.web()
    page = web.get(officer_a.url(f"don-thu/{petition.pk}/"))
    assert f'value="{unit_b.code}"' in page.content.decode()  # the unit list of the form
    url = officer_a.url(f"don-thu/{petition.pk}/ket-qua-xu-ly/")
    bad = web.post(url, {"outcome": "forward", "receiving_unit": "99999"})
    assert bad.status_code == 400
    assert "99999" in bad.content.decode()
    ok = web.post(url, {"outcome": "forward", "receiving_unit": unit_b.code, "legal_ground": "Điều 28 Luật TCD"})
    assert ok.status_code == 302
    with schema_context(officer_a.unit.schema_name):
        transfer = Transfer.objects.get(petition=petition, direction=Direction.OUT)
        assert Petition.objects.get(pk=petition.pk).competent_body == unit_b.name
    outbox = web.get(officer_a.url("chuyen-don/da-chuyen/"))
    assert transfer.reference in outbox.content.decode()


def test_pages_answer_and_citizen_lookup(forward, unit_a, unit_b, officer_b):
    petition, transfer = forward(petition_type="feedback", signers=[{"full_name": "Lăng Thị Mai"}])
    flush(unit_a, transfer.reference)
    received = inbound(unit_b, transfer.reference)
    web = officer_b.web()
    inbox = web.get(officer_b.url("chuyen-don/"))
    assert inbox.status_code == 200
    assert transfer.reference in inbox.content.decode()
    detail = web.get(officer_b.url(f"chuyen-don/{received.pk}/"))
    assert "Lăng Thị Mai" in detail.content.decode()
    assert web.post(officer_b.url(f"chuyen-don/{received.pk}/thu-ly/"), {}).status_code == 302
    assert web.post(officer_b.url(f"chuyen-don/{received.pk}/thu-ly/"), {}).status_code == 409
    assert web.post(officer_b.url(f"chuyen-don/{received.pk}/khong-co/"), {}).status_code == 404
    flush(unit_b, transfer.reference)
    lookup = Client().post(f"/u/{unit_a.code}/tra-cuu/", {"code": petition.receipt_code})
    text = lookup.content.decode()
    assert lookup.status_code == 200
    assert unit_b.name in text
    assert "04/11/2026" in text
    assert "Lăng Thị Mai" not in text


def test_attachments_are_copied_to_the_receiver(unit_a, unit_b, officer_a, officer_b, media_root):
    with schema_context(unit_a.schema_name):
        fresh = petition_register(
            actor=officer_a.user, channel="post", received_date=RECEIVED, petition_type="recommendation",
            field_code="dat-dai", subject="Cống thoát nước", summary="Kiến nghị làm cống.", signer_kind="one",
            signers=[{"full_name": "Hà Văn Tư"}],
        )  # fmt: skip
        attachment_add(petition=fresh, actor=officer_a.user, uploaded_file=SimpleUploadedFile("don.pdf", b"%PDF-1.4 x"))
        petition_classify(petition=fresh, actor=officer_a.user, is_processable=True, within_jurisdiction=False)
        from core.petitions.services.petitions import petition_decide_outcome

        petition_decide_outcome(petition=fresh, actor=officer_a.user, outcome="forward", receiving_unit=unit_b.code)
        sent = Transfer.objects.get(petition=fresh)
    flush(unit_a, sent.reference)
    received = inbound(unit_b, sent.reference)
    (item,) = received.package["attachments"]
    assert item["name"] == "don.pdf"
    assert item["stored_as"]
    with schema_context(unit_b.schema_name):
        from core.transfers.services import inbound_accept

        accepted = inbound_accept(transfer=received, actor=officer_b.user)
        copy = Attachment.objects.get(petition_id=accepted.petition_id)
        with copy.file.open("rb") as handle:
            assert handle.read() == b"%PDF-1.4 x"
    assert (media_root / unit_b.schema_name).exists()


def test_inspectorate_sees_stuck_transfers(forward, unit_a, inspector):
    _petition, transfer = forward()
    flush(unit_a, transfer.reference)
    from core.transfers.tracking.models import TransferTrack

    TransferTrack.objects.filter(reference=transfer.reference).update(due_date=transfer.sent_on)
    page = inspector.web().get(inspector.url("chuyen-don/ton-dong/"))
    assert page.status_code == 200
    assert transfer.reference in page.content.decode()
    assert NAME not in page.content.decode()


def test_api_outcome_forwards_to_a_unit_of_the_platform(officer_a, unit_b):
    with schema_context(officer_a.unit.schema_name):
        petition = petition_register(
            actor=officer_a.user, channel="post", received_date=RECEIVED, petition_type="feedback",
            field_code="dat-dai", subject="Đèn đường hỏng", summary="Phản ánh đèn đường hỏng.",
            signer_kind="one", signers=[{"full_name": "Nông Thị Ba"}],
        )  # fmt: skip
        petition_classify(petition=petition, actor=officer_a.user, is_processable=True, within_jurisdiction=False)
    api = officer_a.api()
    url = officer_a.url(f"api/v1/petitions/{petition.pk}/outcome/")
    unknown = api.post(url, {"outcome": "forward", "receiving_unit": "99999"}, format="json")
    assert unknown.status_code == 400
    assert "99999" in str(unknown.json())
    done = api.post(url, {"outcome": "forward", "receiving_unit": unit_b.code}, format="json")
    assert done.status_code == 200
    assert done.json()["competent_body"] == unit_b.name
    with schema_context(officer_a.unit.schema_name):
        assert Transfer.objects.filter(petition=petition, counterpart_code=unit_b.code).exists()


def _sealed_with_scan(officer, file_name: str):
    """A denunciation by post whose scan's file name carries the denouncer's name (in the unit's schema)."""
    sealed = petition_register(
        actor=officer.user, channel="post", received_date=RECEIVED, petition_type="denunciation",
        field_code="dat-dai", subject="Cán bộ địa chính", summary="Tố cáo.", signer_kind="one",
        signers=[{"full_name": "Lăng Thị Mai", "id_kind": "cccd", "id_number": "020190001234"}],
    )  # fmt: skip
    attachment_add(petition=sealed, actor=officer.user, uploaded_file=SimpleUploadedFile(file_name, b"%PDF-1.4 x"))
    return sealed


def test_a_sealed_petition_s_scans_travel_under_neutral_names(unit_a, officer_a, media_root):
    """A scan's file name often carries the denouncer's name: the package never does."""
    from core.transfers.package import package_build

    with schema_context(unit_a.schema_name):
        sealed = _sealed_with_scan(officer_a, "don-to-cao-lang-thi-mai.PDF")
        package = package_build(sealed)
    assert [item["name"] for item in package["attachments"]] == ["tai-lieu-01.pdf"]
    assert "lang-thi-mai" not in str({key: value for key, value in package.items() if key != "attachments"})


def test_a_sealed_petition_s_scan_paths_stay_with_the_sender(unit_a, unit_b, officer_a, media_root):
    """The storage path keeps the scan's original file name: the receiver's copy of the message never has it."""
    from core.petitions.services.petitions import petition_decide_outcome
    from core.transfers.models import InboxMessage

    with schema_context(unit_a.schema_name):
        sealed = _sealed_with_scan(officer_a, "don-to-cao-lang-thi-mai.pdf")
        petition_classify(petition=sealed, actor=officer_a.user, is_processable=True, within_jurisdiction=False)
        petition_decide_outcome(
            petition=sealed, actor=officer_a.user, outcome="forward", receiving_unit=unit_b.code,
            legal_ground="khoản 2 Điều 24 Luật Tố cáo",
        )  # fmt: skip
        sent = Transfer.objects.get(petition=sealed)
    flush(unit_a, sent.reference)
    received = inbound(unit_b, sent.reference)
    (item,) = received.package["attachments"]
    assert item["name"] == "tai-lieu-01.pdf"
    assert item["stored_as"]
    with schema_context(unit_b.schema_name):
        (inbox,) = InboxMessage.objects.filter(reference=sent.reference)
    assert "lang-thi-mai" not in json.dumps(inbox.payload) + json.dumps(received.package) + item["stored_as"]
