"""The register's pages and API: members list and download their unit's documents, never another
unit's; the unit administrator sets the symbols; leaders cancel with a reason; a document naming
the denouncer opens only for cleared officers."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from core.documents.models import IssuedDocument
from tests.core.documents.conftest import COMPLAINT, DENOUNCER, DENUNCIATION, media  # noqa: F401 - the fixture


@pytest.fixture
def leader_a(unit_a, make_member):
    return make_member(unit_a, roles=("leader",), username="chu_tich_a", full_name="Vi Văn Thành")


@pytest.fixture
def issue(media):  # noqa: F811 - the imported fixture
    from core.documents.services import document_issue

    def run(unit, actor, **kwargs):
        kwargs.setdefault("kind", "complaint.acceptance_notice")
        kwargs.setdefault("context", COMPLAINT)
        with schema_context(unit.schema_name):
            return document_issue(on_date=date(2026, 12, 2), actor=actor, **kwargs)

    return run


def test_the_register_lists_and_downloads_the_unit_s_documents(member_a, leader_a, issue):
    document = issue(member_a.unit, leader_a.user, kinh_gui=["Ông Nguyễn Văn An"])
    client = member_a.web()
    page = client.get(member_a.url("van-ban/"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "01/TB-UBND" in html
    assert "02/12/2026" in html
    assert document.title in html
    download = client.get(member_a.url(f"van-ban/{document.pk}/tai-xuong/docx/"))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert "Ông Nguyễn Văn An" in client.get(member_a.url(f"van-ban/{document.pk}/")).content.decode()
    # No PDF yet (the worker makes it after the commit): nothing to download.
    assert client.get(member_a.url(f"van-ban/{document.pk}/tai-xuong/pdf/")).status_code == 404


def test_another_unit_cannot_list_or_download(member_a, member_b, leader_a, issue):
    document = issue(member_a.unit, leader_a.user)
    mine = issue(member_b.unit, member_b.user)
    client_b = member_b.web()
    html = client_b.get(member_b.url("van-ban/")).content.decode()
    assert html.count("01/TB-UBND") == 1  # B's own first number, not A's
    assert mine.title in html
    # A's document's address under B's unit is B's own register: A's file is not there.
    other = document.pk if document.pk != mine.pk else document.pk + 1000
    assert client_b.get(member_b.url(f"van-ban/{other}/tai-xuong/docx/")).status_code == 404
    # B's session means nothing at A.
    response = client_b.get(member_a.url(f"van-ban/{document.pk}/tai-xuong/docx/"))
    assert response.status_code in (302, 403)
    assert response.status_code != 200
    api = member_b.api()
    assert api.get(member_a.url(f"api/v1/documents/{document.pk}/docx/")).status_code in (401, 403)
    listed = api.get(member_b.url("api/v1/documents/")).json()
    assert [row["number_display"] for row in listed["results"]] == ["01/TB-UBND"]
    assert [row["id"] for row in listed["results"]] == [mine.pk]


def test_a_leader_cancels_with_a_reason_and_an_officer_cannot(member_a, leader_a, issue):
    document = issue(member_a.unit, leader_a.user)
    url = member_a.url(f"van-ban/{document.pk}/huy/")
    assert member_a.web().post(url, {"reason": "Viết sai tên"}).status_code == 403
    client = leader_a.web()
    assert client.post(url, {"reason": "sai"}).status_code == 400
    response = client.post(url, {"reason": "Viết sai tên người nhận"})
    assert response.status_code == 302
    with schema_context(member_a.unit.schema_name):
        document.refresh_from_db()
    assert (document.status, document.number) == ("cancelled", 1)
    assert "Viết sai tên người nhận" in client.get(member_a.url(f"van-ban/{document.pk}/")).content.decode()


def test_the_unit_admin_sets_a_symbol_used_by_the_next_number(admin_a, member_a, leader_a, issue):
    client = admin_a.web()
    url = admin_a.url("van-ban/thiet-lap/")
    assert member_a.web().get(url).status_code == 403
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="TB-UBND"' in page.content.decode()
    form = {"show_superior": "on", "superior_body": "", "issuing_body": "", "place_name": "", "body_name": ""}
    refused = client.post(url, {**form, "symbol__complaint.acceptance_notice": "TB KN!"})
    assert refused.status_code == 400
    saved = client.post(url, {**form, "symbol__complaint.acceptance_notice": "TB-KN"})
    assert saved.status_code == 302
    assert issue(admin_a.unit, leader_a.user).number_display == "01/TB-KN"
    # The header's corrections reach the next document too.
    client.post(url, {**form, "place_name": "Xã Tân Đoàn mới"})
    with schema_context(admin_a.unit.schema_name):
        from core.documents.selectors import document_settings_get

        assert document_settings_get().place_name == "Xã Tân Đoàn mới"


def test_a_document_naming_the_denouncer_opens_for_cleared_officers_only(unit_a, make_member, leader_a, issue):
    document = issue(
        unit_a, leader_a.user, kind="denunciation.acceptance_notice", context=DENUNCIATION, denouncer=DENOUNCER
    )
    cleared = make_member(unit_a, roles=("sealed_reader",), username="bi_mat", full_name="Mật Văn Cán")
    url = f"van-ban/{document.pk}/tai-xuong/docx/"
    client = leader_a.web()
    assert client.get(leader_a.url(url)).status_code == 403
    register = client.get(leader_a.url("van-ban/")).content.decode()
    assert document.number_display in register  # listed: the register has no gaps
    assert url not in register
    assert "Tố Giác" not in client.get(leader_a.url(f"van-ban/{document.pk}/")).content.decode()
    assert (
        leader_a.api()
        .get(leader_a.url(f"api/v1/{url.replace('van-ban', 'documents').replace('tai-xuong/', '')}"))
        .status_code
        == 403
    )
    assert cleared.web().get(cleared.url(url)).status_code == 200


def test_the_api_lists_cancels_and_shows_versions(member_a, leader_a, issue):
    document = issue(member_a.unit, leader_a.user)
    api = leader_a.api()
    assert api.post(member_a.url(f"api/v1/documents/{document.pk}/cancel/"), {"reason": "x"}).status_code == 400
    done = api.post(member_a.url(f"api/v1/documents/{document.pk}/reissue/"), {"reason": "Sửa thời hạn"})
    assert done.status_code == 200
    assert (done.json()["version"], done.json()["number_display"]) == (2, "01/TB-UBND")
    versions = api.get(member_a.url(f"api/v1/documents/{done.json()['id']}/versions/")).json()
    assert [row["version"] for row in versions] == [1, 2]
    symbols = {row["kind"]: row["symbol"] for row in api.get(member_a.url("api/v1/documents/symbols/")).json()}
    assert symbols["denunciation.acceptance_decision"] == "QĐ-UBND"
    # Only the unit administrator sets them.
    refused = api.post(member_a.url("api/v1/documents/symbols/"), {"kind": "reception.receipt", "symbol": "BN"})
    assert refused.status_code == 403
    with schema_context(member_a.unit.schema_name):
        assert IssuedDocument.objects.count() == 2


def test_the_document_page_shows_the_pdf_state_and_its_reason(member_a, leader_a, issue, settings):
    from core.documents.services import document_pdf_make

    document = issue(member_a.unit, leader_a.user)
    client = leader_a.web()
    page = client.get(member_a.url(f"van-ban/{document.pk}/")).content.decode()
    assert "Đang chuyển đổi" in page
    settings.DOCUMENTS_OFFICE = "/nonexistent/soffice"
    with schema_context(member_a.unit.schema_name):
        document_pdf_make(document_id=document.pk)
    page = client.get(member_a.url(f"van-ban/{document.pk}/")).content.decode()
    assert "Lỗi tạo PDF" in page
    assert "Máy chủ chưa cài LibreOffice" in page
    assert "Tạo lại tệp PDF" in page  # a leader may try again
    assert client.post(member_a.url(f"van-ban/{document.pk}/pdf/")).status_code == 302
    with schema_context(member_a.unit.schema_name):
        document.refresh_from_db()
    assert document.pdf_state == "pending"


def test_the_document_page_names_the_form_in_vietnamese_and_downloads_carry_a_clean_name(member_a, leader_a, issue):
    document = issue(member_a.unit, leader_a.user)
    client = member_a.web()
    html = client.get(member_a.url(f"van-ban/{document.pk}/")).content.decode()
    facts = html.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    # The form by its number or title and its legal instrument, never the repository's codes.
    assert document.form_code not in facts
    assert document.form_version not in facts
    assert "Thông báo" in facts
    assert "Luật Khiếu nại" in facts or "Nghị định" in facts
    download = client.get(member_a.url(f"van-ban/{document.pk}/tai-xuong/docx/"))
    assert download.status_code == 200
    b"".join(download.streaming_content)
    assert 'filename="1-TB-UBND-2026.docx"' in download["Content-Disposition"]
    # The stored file keeps its own (random-suffixed) name.
    with schema_context(member_a.unit.schema_name):
        stored = IssuedDocument.objects.get(pk=document.pk).docx.name
    assert stored.endswith(".docx")
    assert stored.rsplit("/", 1)[-1] != "1-TB-UBND-2026.docx"
