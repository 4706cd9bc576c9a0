"""The petition's files on its page and on the visit's page; the sealed scans and the sealed
identity read with a reason (POST only, audited).

Assertions are on data, status codes and file names, not on the wording of the pages.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_tenants.utils import schema_context

from core.petitions.models import Attachment, PetitionEvent, SealedIdentityAccess
from core.petitions.services.petitions import petition_register
from tests.core.reception.helpers import log

pytestmark = pytest.mark.django_db
REASON = "Đối chiếu chữ ký người tố cáo với đơn trước"
DENOUNCER = {"full_name": "Lò Văn Tố", "id_kind": "cccd", "id_number": "020090004321", "phone": "0987654321"}


@pytest.fixture(autouse=True)
def media(media_root):
    return media_root


@pytest.fixture
def cleared_a(unit_a, make_member):
    return make_member(unit_a, roles=("sealed_reader",), username="bi_mat_a", full_name="Hà Văn Kín")


def _pdf(name="don.pdf", content=b"%PDF-1.4 scan"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _upload(client, member, petition, *files, **data):
    return client.post(member.url(f"don-thu/{petition.pk}/tai-lieu/"), {"uploaded_files": list(files), **data})


def _docx() -> bytes:
    import io

    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def _attachments(member, petition) -> list[Attachment]:
    with schema_context(member.unit.schema_name):
        return list(Attachment.objects.filter(petition=petition).order_by("id"))


def _reads(member, petition) -> list[SealedIdentityAccess]:
    with schema_context(member.unit.schema_name):
        return list(SealedIdentityAccess.objects.filter(petition=petition))


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_several_files_in_one_post_are_listed_and_opened(register, officer_a, media):
    petition = register()
    client = officer_a.web()
    files = [
        _pdf(),
        SimpleUploadedFile("anh-chup.jpg", b"\xff\xd8\xff jpeg"),
        SimpleUploadedFile("bien-ban.docx", _docx()),  # checked by content: a real word-processor file
    ]
    response = _upload(client, officer_a, petition, *files)
    assert response.status_code == 302
    assert response.url == officer_a.url(f"don-thu/{petition.pk}/") + "#attachments"
    stored = _attachments(officer_a, petition)
    assert [a.name for a in stored] == ["don.pdf", "anh-chup.jpg", "bien-ban.docx"]
    assert all(a.uploaded_by_id == officer_a.user.pk for a in stored)
    assert len(list(media.joinpath(officer_a.unit.schema_name).rglob("*.*"))) == 3  # under the unit's own folder
    with schema_context(officer_a.unit.schema_name):
        assert PetitionEvent.objects.filter(petition=petition, kind="attachment_added").count() == 3

    page = client.get(officer_a.url(f"don-thu/{petition.pk}/")).content.decode()
    for attachment in stored:
        assert attachment.name in page
        assert officer_a.url(f"don-thu/{petition.pk}/tai-lieu/{attachment.pk}/") in page
    assert "petitions/attachments.js" in page
    assert "<script>" not in page

    pdf, jpg, docx = (client.get(officer_a.url(f"don-thu/{petition.pk}/tai-lieu/{a.pk}/")) for a in stored)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'inline; filename="don.pdf"'
    assert _body(pdf) == b"%PDF-1.4 scan"
    assert jpg["Content-Type"] == "image/jpeg"
    assert docx["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert docx["Content-Disposition"] == 'attachment; filename="bien-ban.docx"'


def test_a_wrong_type_refuses_the_whole_upload_with_a_message(register, officer_a, media):
    petition = register()
    client = officer_a.web()
    response = _upload(client, officer_a, petition, _pdf(), SimpleUploadedFile("chuong-trinh.exe", b"MZ"))
    assert response.status_code == 400
    with translation.override("vi"):
        expected = translation.gettext(
            "“%(name)s” was not attached: attach PDF, image or word-processor files only."
        ) % {"name": "chuong-trinh.exe"}
    assert response.context["upload_form"].non_field_errors() == [expected]
    assert "chuong-trinh.exe" in response.content.decode()
    assert _attachments(officer_a, petition) == []  # all or none
    assert not list(media.rglob("*.*"))

    assert _upload(client, officer_a, petition).status_code == 400  # nothing chosen
    assert client.post(officer_a.url(f"don-thu/{petition.pk}/tai-lieu/"), {}).status_code == 400


def test_only_registrars_upload(register, officer_a, unit_a, make_member):
    petition = register()
    leader_only = make_member(unit_a, roles=("sealed_reader",), username="chi_doc")
    client = leader_only.web()
    assert "uploaded_files" not in client.get(leader_only.url(f"don-thu/{petition.pk}/")).content.decode()
    assert _upload(client, leader_only, petition, _pdf()).status_code == 403
    assert _attachments(officer_a, petition) == []


def test_a_sealed_scan_opens_only_by_post_with_a_reason_for_a_cleared_officer(register, officer_a, cleared_a):
    petition = register(petition_type="denunciation", signers=[DENOUNCER])
    assert petition.is_confidential
    clerk = officer_a.web()
    assert _upload(clerk, officer_a, petition, _pdf("to-cao-Lo-Van-To.pdf")).status_code == 302
    [scan] = _attachments(officer_a, petition)
    # Stored under a neutral name: the file's path (in storage, backups, a transfer) names no one.
    assert "Lo-Van-To" not in scan.file.name
    assert scan.name == "to-cao-Lo-Van-To.pdf"
    url = officer_a.url(f"don-thu/{petition.pk}/tai-lieu/{scan.pk}/")

    page = clerk.get(officer_a.url(f"don-thu/{petition.pk}/")).content.decode()
    assert scan.name not in page
    assert url not in page
    assert clerk.get(url).status_code == 403
    assert clerk.post(url, {"reason": REASON}).status_code == 403

    client = cleared_a.web()
    page = client.get(officer_a.url(f"don-thu/{petition.pk}/")).content.decode()
    assert scan.name in page
    assert url in page
    refused = client.get(url, {"reason": REASON})  # never through a query string
    assert refused.status_code == 405
    assert refused["Allow"] == "POST"
    assert client.post(url).status_code == 400
    assert client.post(url, {"reason": "xem"}).status_code == 400
    assert _reads(officer_a, petition) == []

    opened = client.post(url, {"reason": REASON})
    assert opened.status_code == 200
    assert _body(opened) == b"%PDF-1.4 scan"
    assert "no-store" in opened["Cache-Control"]
    [read] = _reads(officer_a, petition)
    assert read.user_id == cleared_a.user.pk
    assert REASON in read.reason


def test_the_sealed_identity_is_read_from_the_petition_page_with_a_reason(register, officer_a, cleared_a):
    petition = register(petition_type="denunciation", signers=[DENOUNCER])
    detail, url = officer_a.url(f"don-thu/{petition.pk}/"), officer_a.url(f"don-thu/{petition.pk}/danh-tinh/")

    clerk = officer_a.web()
    assert url not in clerk.get(detail).content.decode()  # others see nothing of the form
    assert clerk.post(url, {"reason": REASON}).status_code == 403

    client = cleared_a.web()
    assert url in client.get(detail).content.decode()
    assert client.get(url, {"reason": REASON}).status_code == 405
    short = client.post(url, {"reason": "xem"})
    assert short.status_code == 400
    assert DENOUNCER["full_name"] not in short.content.decode()
    assert _reads(officer_a, petition) == []

    shown = client.post(url, {"reason": REASON})
    assert shown.status_code == 200
    html = shown.content.decode()
    assert DENOUNCER["full_name"] in html
    assert DENOUNCER["id_number"] in html
    assert DENOUNCER["phone"] in html
    assert "no-store" in shown["Cache-Control"]
    assert not [v for v in client.session.values() if DENOUNCER["full_name"] in str(v)]  # not kept in the session
    [read] = _reads(officer_a, petition)
    assert (read.user_id, read.reason) == (cleared_a.user.pk, REASON)
    assert DENOUNCER["full_name"] not in client.get(detail).content.decode()  # only on the response page


def test_the_visit_page_shows_and_takes_the_scans_of_its_petition(unit_a, make_member):
    receptionist = make_member(unit_a, roles=("reception_officer",), username="tiep_dan_a")
    visit = log(receptionist)
    guided = log(receptionist, outcome="guided", referred_to="Tòa án nhân dân huyện")
    client = receptionist.web()
    page = client.get(receptionist.url(f"tiep-dan/so-tiep-cong-dan/{visit.pk}/")).content.decode()
    upload_url = receptionist.url(f"don-thu/{visit.petition_id}/tai-lieu/")
    assert upload_url in page

    response = _upload(client, receptionist, visit.petition, _pdf("giay-to-nop.pdf"), back="visit")
    assert response.status_code == 302
    assert response.url == receptionist.url(f"tiep-dan/so-tiep-cong-dan/{visit.pk}/") + "#attachments"
    assert [a.name for a in _attachments(receptionist, visit.petition)] == ["giay-to-nop.pdf"]
    assert "giay-to-nop.pdf" in client.get(receptionist.url(f"tiep-dan/so-tiep-cong-dan/{visit.pk}/")).content.decode()

    without_petition = client.get(receptionist.url(f"tiep-dan/so-tiep-cong-dan/{guided.pk}/"))
    assert without_petition.status_code == 200
    assert 'id="attachments"' not in without_petition.content.decode()


def test_another_units_files_do_not_exist_here(register, officer_a, cleared_a, unit_b, make_member):
    petition = register(petition_type="denunciation", signers=[DENOUNCER])
    plain = register()
    _upload(officer_a.web(), officer_a, petition, _pdf("to-cao.pdf"))
    _upload(officer_a.web(), officer_a, plain, _pdf("don-a.pdf"))
    [scan], [file_a] = _attachments(officer_a, petition), _attachments(officer_a, plain)

    officer_b = make_member(unit_b, roles=("processing_officer", "sealed_reader"), username="xu_ly_b")
    client = officer_b.web()
    for path in (f"don-thu/{petition.pk}/tai-lieu/", f"don-thu/{plain.pk}/tai-lieu/{file_a.pk}/"):
        response = client.get(officer_b.url(path))
        assert response.status_code == 404
        assert b"don-a.pdf" not in response.content
    assert (
        client.post(officer_b.url(f"don-thu/{petition.pk}/tai-lieu/{scan.pk}/"), {"reason": REASON}).status_code == 404
    )
    assert client.post(officer_b.url(f"don-thu/{petition.pk}/danh-tinh/"), {"reason": REASON}).status_code == 404
    assert _upload(client, officer_b, plain, _pdf()).status_code == 404
    assert len(_attachments(officer_a, plain)) == 1
    assert _reads(officer_a, petition) == []

    # B's own petition with A's attachment id, and in A a file asked for under another petition.
    with schema_context(unit_b.schema_name):
        own = petition_register(
            actor=officer_b.user,
            channel="post",
            received_date=plain.received_date,
            petition_type="feedback",
            field_code="dat-dai",
            subject="Đèn đường hỏng",
            summary="Phản ánh đèn đường hỏng.",
            signer_kind="anonymous",
        )
    assert client.get(officer_b.url(f"don-thu/{own.pk}/tai-lieu/{file_a.pk}/")).status_code == 404
    other = officer_a.web().post(officer_a.url(f"don-thu/{plain.pk}/tai-lieu/{scan.pk}/"), {"reason": REASON})
    assert other.status_code == 404
    assert cleared_a.web().post(officer_a.url(f"don-thu/{plain.pk}/tai-lieu/{scan.pk}/")).status_code == 404
