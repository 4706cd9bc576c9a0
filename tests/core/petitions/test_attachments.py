import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from core.petitions.models import SealedIdentityAccess

pytestmark = pytest.mark.django_db


def _upload(member, petition, name="don.pdf", content=b"%PDF-1.4 scan"):
    return member.api().post(
        member.url(f"api/v1/petitions/{petition.pk}/attachments/"),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        format="multipart",
    )


def test_attachments_are_stored_per_unit_and_downloaded(register, officer_a, unit_b, make_member, media_root):
    petition = register()
    created = _upload(officer_a, petition)
    assert created.status_code == 201, created.content
    listing = officer_a.api().get(officer_a.url(f"api/v1/petitions/{petition.pk}/attachments/")).json()
    assert [a["name"] for a in listing] == ["don.pdf"]
    download = officer_a.api().get(officer_a.url(f"api/v1/petitions/{petition.pk}/attachments/{listing[0]['id']}/"))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 scan"
    assert list((media_root / officer_a.unit.schema_name).rglob("don*.pdf"))  # under the unit's own folder
    officer_b = make_member(unit_b, roles=("processing_officer",), username="b")
    assert officer_b.api().get(officer_b.url(f"api/v1/petitions/{petition.pk}/attachments/")).status_code == 404


def test_bad_files_are_refused(register, officer_a, media_root):
    petition = register()
    assert _upload(officer_a, petition, name="virus.exe").status_code == 400
    assert (
        officer_a.api()
        .post(officer_a.url(f"api/v1/petitions/{petition.pk}/attachments/"), {}, format="multipart")
        .status_code
        == 400
    )


def test_scans_of_a_sealed_denunciation_are_sealed(register, officer_a, unit_a, make_member, media_root):
    petition = register(petition_type="denunciation")
    assert _upload(officer_a, petition, name="to-cao.pdf").status_code == 201
    url = officer_a.url(f"api/v1/petitions/{petition.pk}/attachments/")
    assert officer_a.api().get(url).json() == []  # not even the file names
    with schema_context(unit_a.schema_name):
        attachment_id = petition.attachments.get().pk
    assert officer_a.api().get(f"{url}{attachment_id}/").status_code == 403
    cleared = make_member(unit_a, roles=("sealed_reader",), username="mat")
    assert cleared.api().get(f"{url}{attachment_id}/").status_code == 400  # no reason given
    assert cleared.api().get(f"{url}{attachment_id}/", {"reason": "Đối chiếu chữ ký người tố cáo"}).status_code == 200
    with schema_context(unit_a.schema_name):
        assert SealedIdentityAccess.objects.filter(petition=petition, user=cleared.user).count() == 1
