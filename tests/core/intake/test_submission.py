"""``submission_receive``: a citizen's online petition registered in channel "online", with its
receipt, contact and files; refusals leave nothing behind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from core.common.errors import ApplicationError
from core.documents.qr import lookup_url
from core.intake.limits import SUBMISSION_LIMIT, TooManySubmissions
from core.intake.services import PORTAL_USERNAME, portal_account
from tests.core.intake.conftest import CCCD, EMAIL, HTML, NAME, docx_bytes, pdf
from tests.qr import docx_qr_images, qr_decode

pytestmark = pytest.mark.django_db


def test_a_complaint_lands_in_channel_online_with_its_receipt_contact_and_files(receive, unit_a):
    from core.documents.models import IssuedDocument
    from core.intake.models import Submission
    from core.notifications.models import CitizenContact
    from core.petitions import deadlines
    from core.petitions.models import Attachment, Citizen

    received = receive(unit_a, attachments=[pdf(), pdf("bien-ban.docx", docx_bytes())])
    assert not received.duplicate
    with schema_context(unit_a.schema_name):
        petition = received.petition
        assert petition.channel == "online"
        assert petition.received_date == deadlines.today()
        assert petition.status == "registered"
        assert not petition.is_confidential
        assert petition.registered_by.username == PORTAL_USERNAME
        citizen = Citizen.objects.get(petitions=petition)
        assert (citizen.full_name, citizen.id_kind, citizen.id_number) == (NAME, "cccd", CCCD)
        assert sorted(Attachment.objects.filter(petition=petition).values_list("name", flat=True)) == [
            "bien-ban.docx",
            "don-khieu-nai.pdf",
        ]
        assert CitizenContact.objects.filter(petition=petition, has_email=True, has_phone=True).exists()
        document = IssuedDocument.objects.get(pk=received.receipt.pk)
        assert document.kind == "petition.online_receipt"
        assert (document.subject_type, document.subject_id) == ("petitions.petition", petition.pk)
        assert document.context["receipt_code"] == petition.receipt_code
        assert document.context["sender"] == NAME
        [picture] = docx_qr_images(document.docx.read())  # the receipt carries the lookup's QR code
        assert qr_decode(picture) == lookup_url(unit_a.code, petition.receipt_code)
        stored = Submission.objects.get(petition=petition)
        assert (stored.source, stored.receipt_document_id) == ("web", document.pk)
        assert len(stored.fingerprint) == 64
        assert "thu hồi" not in stored.fingerprint


def test_the_portal_account_is_inactive_cannot_log_in_and_only_registers(receive, unit_a):
    receive(unit_a)
    receive(unit_a, subject="Một việc khác")
    with schema_context(unit_a.schema_name):
        from core.intake.models import PortalAccount

        assert PortalAccount.objects.count() == 1  # created once
        user = portal_account().user
        assert not user.is_active
        assert not user.has_usable_password()
        assert user.has_perm("petitions.register_petition")
        for perm in ("petitions.view_petition", "petitions.process_petition", "petitions.read_sealed_identity"):
            assert not user.has_perm(perm)
        user.is_active = True  # switched on by hand on the staff page
        user.save(update_fields=["is_active"])
    receive(unit_a, subject="Việc thứ ba")  # still registers: the portal switched it off again
    with schema_context(unit_a.schema_name):
        assert not portal_account().user.is_active
    login = Client().post(f"/u/{unit_a.code}/dang-nhap/", {"username": PORTAL_USERNAME, "password": "x" * 12})
    assert login.status_code != 302


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "020190004"}, "id_number"),  # not 12 digits
        ({"id_number": "999190004321"}, "id_number"),  # no such province code
        ({"full_name": "  "}, "full_name"),
        ({"content": ""}, "content"),
        ({"petition_type": "x"}, "petition_type"),
        ({"field_code": "khong-co"}, "field_code"),
        ({"email": "khong-phai-email"}, "email"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(receive, unit_a, overrides, field):
    from core.petitions.models import Citizen, Petition

    with pytest.raises(ApplicationError) as refused:
        receive(unit_a, **overrides)
    assert refused.value.extra.get("field") == field
    with schema_context(unit_a.schema_name):
        assert not Petition.objects.exists()
        assert not Citizen.objects.exists()


def test_html_named_pdf_is_refused_and_nothing_is_written(receive, unit_a, media_root):
    from core.petitions.models import Petition

    with pytest.raises(ApplicationError) as refused:
        receive(unit_a, attachments=[pdf(), pdf("quyet-dinh.pdf", HTML)])
    assert "quyet-dinh.pdf" in refused.value.message
    assert refused.value.extra["field"] == "attachments"
    with schema_context(unit_a.schema_name):
        assert not Petition.objects.exists()
    assert not list(media_root.rglob("*.*"))


def test_the_same_letter_again_within_24_hours_returns_the_first_receipt(receive, unit_a, unit_b):
    from core.intake.models import Submission
    from core.petitions.models import Petition

    first = receive(unit_a)
    again = receive(unit_a, content="  Tôi khiếu nại  mức bồi thường khi thu hồi đất nông nghiệp tại thôn Bản Cầu. ")
    assert again.duplicate
    assert again.petition.pk == first.petition.pk
    assert again.receipt.pk == first.receipt.pk
    other = receive(unit_a, petition_type="recommendation")  # another type is another letter
    assert not other.duplicate
    elsewhere = receive(unit_b)  # another unit keeps its own book
    assert not elsewhere.duplicate
    with schema_context(unit_a.schema_name):
        assert Petition.objects.count() == 2
        Submission.objects.filter(petition=first.petition).update(
            submitted_at=first.petition.created_at - timedelta(hours=25)
        )
    later = receive(unit_a)
    assert not later.duplicate
    assert later.petition.pk != first.petition.pk


def test_a_denunciation_is_sealed_and_its_files_and_receipt_name_no_one(receive, unit_a):
    from core.documents.models import IssuedDocument
    from core.notifications.models import CitizenContact
    from core.petitions.issuing.common import SEALED_SENDER
    from core.petitions.models import Attachment, Citizen, SealedIdentity

    received = receive(
        unit_a,
        petition_type="denunciation",
        subject="Hành vi nhận tiền của cán bộ địa chính xã",
        content="Cán bộ địa chính xã nhận tiền để xác nhận hồ sơ đất.",
        attachments=[pdf(f"to-cao-{NAME}.pdf")],
    )
    with schema_context(unit_a.schema_name):
        petition = received.petition
        assert petition.is_confidential
        assert petition.senders_text == ""
        assert not Citizen.objects.exists()
        assert SealedIdentity.objects.filter(petition=petition).exists()
        assert list(Attachment.objects.filter(petition=petition).values_list("name", flat=True)) == ["tai-lieu-01.pdf"]
        contact = CitizenContact.objects.get(petition=petition)
        assert EMAIL.encode() not in bytes(contact.ciphertext)
        document = IssuedDocument.objects.get(pk=received.receipt.pk)
        assert document.context["sender"] == SEALED_SENDER
        assert document.subject_sealed
        assert not document.names_denouncer
        assert NAME not in str(document.context)


def test_the_limit_counts_one_address_across_every_unit(receive, unit_a, unit_b):
    for number in range(SUBMISSION_LIMIT):
        unit = unit_a if number % 2 else unit_b
        receive(unit, subject=f"Việc số {number}", client_address="203.0.113.7")
    with pytest.raises(TooManySubmissions) as refused:
        receive(unit_a, subject="Việc thứ mười một", client_address="203.0.113.7")
    assert refused.value.status_code == 429
    receive(unit_a, subject="Việc của người khác", client_address="203.0.113.8")  # another address


def test_staff_uploads_are_checked_by_content_too(unit_a, make_member, media_root):
    from django.utils import timezone

    from core.petitions.services.attachments import attachments_add, content_kind
    from core.petitions.services.petitions import petition_register

    officer = make_member(unit_a, roles=("processing_officer",), username="xl")
    with schema_context(unit_a.schema_name):
        petition = petition_register(
            actor=officer.user,
            channel="post",
            received_date=timezone.localdate(),
            petition_type="feedback",
            field_code="dat-dai",
            subject="Đường thôn",
            summary="Đường thôn bị sạt lở.",
            signer_kind="anonymous",
        )
        with pytest.raises(ApplicationError) as refused:
            attachments_add(petition=petition, actor=officer.user, uploaded_files=[pdf("anh.png", b"GIF89a....")])
        assert "anh.png" in refused.value.message
        assert attachments_add(
            petition=petition, actor=officer.user, uploaded_files=[pdf("van-ban.docx", docx_bytes())]
        )
    assert content_kind(pdf("x.pdf", HTML)) == ""
    assert content_kind(pdf("x.odt", _odt())) == "odt"


def _odt() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")  # not first: filetype alone sees a plain ZIP
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    return buffer.getvalue()


def test_an_open311_report_needs_a_name_but_no_identity_document(receive, unit_a):
    from core.petitions.models import Citizen

    received = receive(unit_a, petition_type="feedback", id_kind="none", id_number="", source="open311")
    with schema_context(unit_a.schema_name):
        petition = received.petition
        assert petition.online_submission.source == "open311"
        assert Citizen.objects.get(petitions=petition).id_number == ""
    with pytest.raises(ApplicationError) as refused:
        receive(unit_a, petition_type="feedback", id_kind="none", id_number="", subject="Việc khác")  # the form
    assert refused.value.extra["field"] == "id_kind"


def test_two_people_without_a_document_reporting_the_same_thing_are_two_petitions(receive, unit_a):
    """Without an identity document the sender's name tells one letter from another's: the second
    reporter of the same pothole is not handed the first one's petition and receipt."""
    report = {"petition_type": "feedback", "id_kind": "none", "id_number": "", "source": "open311"}
    first = receive(unit_a, **report)
    other = receive(unit_a, full_name="Vàng A Sử", **report)
    assert not other.duplicate
    assert other.petition.pk != first.petition.pk
    again = receive(unit_a, full_name=f"  {NAME.upper()} ", **report)
    assert again.duplicate
    assert again.petition.pk == first.petition.pk


def _zip_with_mimetype(content: bytes, *, repeat: int = 1, method: int | None = None, encrypted: bool = False) -> bytes:
    """``content`` written ``repeat`` times as the "mimetype" entry, streamed: the test never holds
    the inflated bytes itself."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", "<x/>")
        with archive.open("mimetype", "w", force_zip64=True) as entry:
            for _i in range(repeat):
                entry.write(content)
    data = bytearray(buffer.getvalue())
    local = data.index(b"PK\x03\x04", 1)  # the second entry's local header: "mimetype"
    central = data.rindex(b"PK\x01\x02")  # its central directory record
    if method is not None:
        data[local + 8 : local + 10] = method.to_bytes(2, "little")
        data[central + 10 : central + 12] = method.to_bytes(2, "little")
    if encrypted:
        data[local + 6] |= 1
        data[central + 8] |= 1
    return bytes(data)


def test_a_zip_bomb_or_an_unreadable_zip_named_odt_is_refused_without_inflating_it():
    """Review 12: the ODT check read the whole "mimetype" entry (300 KB inflated to 300 MB; 20 MB to
    20 GB), and an unknown compression method or an encrypted entry raised a 500."""
    import resource

    from core.petitions.services.attachments import content_kind

    bomb = pdf("bom.odt", _zip_with_mimetype(b"\x00" * 1024 * 1024, repeat=200))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert content_kind(bomb) == ""
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KB: far below 200 MB
    odt = b"application/vnd.oasis.opendocument.text"
    assert content_kind(pdf("la.odt", _zip_with_mimetype(odt, method=97))) == ""
    assert content_kind(pdf("ma-hoa.odt", _zip_with_mimetype(odt, encrypted=True))) == ""
    assert content_kind(pdf("that.odt", _zip_with_mimetype(odt))) == "odt"
