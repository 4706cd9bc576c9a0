"""A denouncer's identity: sealed, need-to-know, audited, and absent everywhere else."""

import io
import logging
from datetime import date

import pytest
from django_tenants.utils import schema_context
from docx import Document

from core.caseindex.models import CaseIndexEntry
from core.documents.models import IssuedDocument
from core.documents.rendering import docx_text
from core.petitions.models import Citizen, SealedIdentity, SealedIdentityAccess

pytestmark = pytest.mark.django_db
NAME, ID_NUMBER, PHONE = "Lò Văn Tố", "020090004321", "0987654321"


@pytest.fixture
def denunciation(register):
    return register(
        petition_type="denunciation",
        subject="Cán bộ địa chính xã nhận tiền",
        summary="Tố cáo cán bộ địa chính nhận tiền khi làm thủ tục cấp giấy chứng nhận.",
        signers=[{"full_name": NAME, "id_kind": "cccd", "id_number": ID_NUMBER, "phone": PHONE}],
    )


@pytest.fixture
def cleared(unit_a, make_member):
    return make_member(unit_a, roles=("sealed_reader",), username="mat", full_name="Cán bộ được tiếp cận")


def _leaks(text: str) -> list[str]:
    return [secret for secret in (NAME, ID_NUMBER, PHONE, "Lò Văn") if secret in text]


def test_identity_is_stored_only_encrypted(denunciation, unit_a):
    with schema_context(unit_a.schema_name):
        sealed = SealedIdentity.objects.get(petition=denunciation)
        assert NAME.encode() not in bytes(sealed.ciphertext)
        assert ID_NUMBER.encode() not in bytes(sealed.ciphertext)
        assert not Citizen.objects.filter(full_name=NAME).exists()


def test_identity_appears_in_no_list_detail_search_export_or_index(denunciation, officer_a, caplog):
    caplog.set_level(logging.DEBUG)
    api = officer_a.api()
    pages = [
        api.get(officer_a.url("api/v1/petitions/")),
        api.get(officer_a.url(f"api/v1/petitions/{denunciation.pk}/")),
        api.get(officer_a.url("api/v1/petitions/"), {"q": "Lo Van To"}),
        api.get(officer_a.url(f"api/v1/petitions/{denunciation.pk}/timeline/")),
        api.get(officer_a.url(f"api/v1/petitions/{denunciation.pk}/receipt/")),
    ]
    assert all(page.status_code == 200 for page in pages)
    assert api.get(officer_a.url("api/v1/petitions/"), {"q": "Lo Van To"}).json()["count"] == 0
    detail = pages[1].json()
    assert detail["senders"] == []
    assert detail["sender"] == "Người tố cáo (được giữ bí mật)"
    for page in pages[:4]:
        assert _leaks(page.content.decode()) == []
    receipt = "\n".join(p.text for p in Document(io.BytesIO(pages[4].content)).paragraphs)
    assert _leaks(receipt) == []
    # The forwarding letter of a processing outcome does not name the denouncer either.
    api.post(
        officer_a.url(f"api/v1/petitions/{denunciation.pk}/classify/"),
        {"is_processable": True, "within_jurisdiction": False},
        format="json",
    )
    api.post(
        officer_a.url(f"api/v1/petitions/{denunciation.pk}/outcome/"),
        {"outcome": "forward", "competent_body": "Thanh tra tỉnh Lạng Sơn"},
        format="json",
    )
    with schema_context(officer_a.unit.schema_name):
        letter = IssuedDocument.objects.get(subject_id=denunciation.pk, kind="petition.denunciation_forwarding")
        text = docx_text(letter.docx.read())
        # The notice to the denouncer names them in its file alone, never in what is stored or listed.
        notice = IssuedDocument.objects.get(subject_id=denunciation.pk, kind="petition.denunciation_forwarding_notice")
        stored = str([notice.kinh_gui, notice.recipients, notice.context, notice.title])
    assert "PHIẾU CHUYỂN ĐƠN TỐ CÁO" in text
    assert _leaks(text) == []
    assert _leaks(stored) == []
    row = CaseIndexEntry.objects.get(case_id=denunciation.case_id)
    assert _leaks(str([getattr(row, f.attname) for f in CaseIndexEntry._meta.fields])) == []
    assert _leaks(caplog.text) == []


def test_cleared_officer_reads_it_with_a_reason_and_every_read_is_audited(denunciation, cleared, officer_a):
    url = cleared.url(f"api/v1/petitions/{denunciation.pk}/sealed-identity/")
    assert (
        officer_a.api()
        .post(
            officer_a.url(f"api/v1/petitions/{denunciation.pk}/sealed-identity/"),
            {"reason": "Cần xác minh người tố cáo"},
            format="json",
        )
        .status_code
        == 403
    )
    assert cleared.api().post(url, {"reason": "xem"}, format="json").status_code == 400  # too short a reason
    response = cleared.api().post(url, {"reason": "Xác minh nhân thân trước khi thụ lý"}, format="json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.json()["signers"][0]["full_name"] == NAME
    assert response.json()["signers"][0]["id_number"] == ID_NUMBER
    with schema_context(cleared.unit.schema_name):
        reads = list(SealedIdentityAccess.objects.filter(petition=denunciation))
    assert [(r.user_id, r.reason) for r in reads] == [(cleared.user.pk, "Xác minh nhân thân trước khi thụ lý")]


def test_sealed_identity_cannot_be_opened_in_another_unit(denunciation, unit_a, unit_b):
    from core.petitions import sealing

    with schema_context(unit_a.schema_name):
        ciphertext = bytes(SealedIdentity.objects.get(petition=denunciation).ciphertext)
        assert sealing.unseal(ciphertext)["signers"][0]["full_name"] == NAME
    with schema_context(unit_b.schema_name), pytest.raises(PermissionError):
        sealing.unseal(ciphertext)


def test_complaints_are_not_sealed(register, officer_a):
    complaint = register(received_date=date(2026, 11, 2))
    detail = officer_a.api().get(officer_a.url(f"api/v1/petitions/{complaint.pk}/")).json()
    assert detail["senders"][0]["full_name"] == "Nguyễn Văn An"
    assert detail["is_confidential"] is False
