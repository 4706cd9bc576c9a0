"""A person's view: headless Chromium walks a complaint and a denunciation from registration to their
end entirely on the pages an officer uses (the registration form, then each step's form on the
petition page), then downloads every document the steps issued from the petition page's list, as
files, and reads each DOCX back.

The complaint is a second-level one at the provincial People's Committee, so its decision must be
published; the denunciation's denouncer is sealed, so only the notices addressed to them name them,
and an officer not cleared for sealed identities neither sees nor downloads those.

Runs against committed data (the live server has its own connection; Celery runs eagerly, so each
step's PDFs are made by LibreOffice before the step's page comes back) and removes what it created:
the petitions with their documents and register numbers, the audit rows of the seal, the accounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connections
from django.db.models import Q
from django_tenants.utils import schema_context
from docx import Document

from tests.browser.test_login import ARTIFACTS, browser, live_url  # noqa: F401  (fixtures)
from tests.conftest import totp_now

pytestmark = pytest.mark.browser
PASSWORD = "Mat-khau-2026!"
PROVINCE = "20-UBND"  # competent for second-level complaints
COMMUNE = "06316"  # Xã Tân Đoàn
COMPLAINANT = "Nguyễn Văn Khiếu"
DENOUNCER = {"name": "Đinh Thị Tố Giác", "id_number": "020185004321", "phone": "0987654321"}
ACCUSED = "Ông Lê Văn Bị, công chức Địa chính - Xây dựng xã Tân Đoàn"
#: What each document shows as its title (the form's heading and, where it has one, its subtitle).
#: (The acceptance proposal's subtitle names the type of the petition: ``_titles``.)
TITLES = {
    "complaint.acceptance_notice": ("THÔNG BÁO", "Về việc thụ lý giải quyết khiếu nại lần hai"),
    "complaint.verification_decision": ("QUYẾT ĐỊNH", "Về việc giao nhiệm vụ xác minh nội dung khiếu nại"),
    "complaint.dialogue_minutes": ("BIÊN BẢN ĐỐI THOẠI VỚI NGƯỜI KHIẾU NẠI",),
    "complaint.resolution_decision": ("QUYẾT ĐỊNH", f"Về việc giải quyết khiếu nại của {COMPLAINANT} (lần hai)"),
    "complaint.publication_minutes": ("BIÊN BẢN", "Công khai quyết định giải quyết khiếu nại"),
    "denunciation.acceptance_decision": ("QUYẾT ĐỊNH", "Về việc thụ lý tố cáo"),
    "denunciation.acceptance_notice": ("THÔNG BÁO", "Về việc thụ lý tố cáo"),
    "denunciation.content_notice": ("THÔNG BÁO", "Về nội dung tố cáo"),
    "denunciation.extension_decision": ("QUYẾT ĐỊNH", "Về việc gia hạn giải quyết tố cáo"),
    "denunciation.conclusion": ("KẾT LUẬN", "Nội dung tố cáo"),
    "denunciation.result_notice": ("THÔNG BÁO", "Kết luận nội dung tố cáo"),
    "denunciation.handling_decision": ("QUYẾT ĐỊNH", "Về việc xử lý kết luận nội dung tố cáo"),
}


def _titles(type_text: str) -> dict[str, tuple[str, ...]]:
    return {**TITLES, "petition.acceptance_proposal": ("PHIẾU ĐỀ XUẤT THỤ LÝ", f"Đơn {type_text}")}


@dataclass(frozen=True)
class Officer:
    unit: object
    user: object
    #: Recovery codes of the authenticator the officer enrolled, when their role needs a second factor.
    codes: tuple[str, ...] = ()


@pytest.fixture
def staff(committed, settings, tmp_path):
    """Makes officers of the demo units; afterwards removes the petitions they registered, with
    everything the steps left behind, and the officers."""
    from core.accounts.models import User
    from core.accounts.second_factor import second_factor_required, totp_enrolment_confirm, totp_enrolment_start
    from core.accounts.services import user_create
    from core.caseindex.models import CaseIndexEntry
    from core.documents.models import IssuedDocument
    from core.documents.models import RegisterCounter as DocumentCounter
    from core.petitions.models import Citizen, Petition, RegistryCounter, SealedIdentityAccess
    from tenants.models import Unit

    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"  # django-tenants' storage forgets MEDIA_ROOT changes otherwise
    made: list[Officer] = []
    counters: dict[str, tuple[dict, dict]] = {}

    def make(code: str, username: str, full_name: str, roles: list[str]) -> Officer:
        unit = Unit.objects.get(code=code)
        with schema_context(unit.schema_name):
            counters.setdefault(
                unit.schema_name,
                (
                    dict(RegistryCounter.objects.values_list("year", "last_number")),
                    {(c.year, c.symbol): c.last_number for c in DocumentCounter.objects.all()},
                ),
            )
            user = user_create(unit=unit, username=username, password=PASSWORD, full_name=full_name, roles=roles)
            codes: list[str] = []
            if second_factor_required(user):  # a cleared officer: enrolled with an authenticator beforehand
                device = totp_enrolment_start(user=user)
                _device, codes = totp_enrolment_confirm(user=user, device_id=device.pk, token=totp_now(device))
        made.append(Officer(unit, user, tuple(codes)))
        return made[-1]

    try:
        yield make
    finally:
        case_ids = []
        for unit in {officer.unit.schema_name: officer.unit for officer in made}.values():
            registry, register = counters[unit.schema_name]
            users = [officer.user.pk for officer in made if officer.unit.pk == unit.pk]
            with schema_context(unit.schema_name):
                petitions = Petition.objects.filter(registered_by__in=users)
                case_ids += list(petitions.values_list("case_id", flat=True))
                IssuedDocument.objects.filter(
                    subject_type="petitions.petition", subject_id__in=petitions.values("pk")
                ).delete()
                for counter in DocumentCounter.objects.all():
                    if (counter.year, counter.symbol) in register:
                        counter.last_number = register[(counter.year, counter.symbol)]
                        counter.save(update_fields=["last_number"])
                    else:
                        counter.delete()
                SealedIdentityAccess.objects.filter(Q(petition__in=petitions) | Q(user_id__in=users)).delete()
                citizens = list(Citizen.objects.filter(petitions__in=petitions).values_list("pk", flat=True))
                petitions.delete()  # with their signers, sealed identities, events and deadlines
                Citizen.objects.filter(pk__in=citizens).delete()
                for counter in RegistryCounter.objects.all():
                    if counter.year in registry:
                        RegistryCounter.objects.filter(pk=counter.pk).update(last_number=registry[counter.year])
                    else:
                        counter.delete()
                User.objects.filter(pk__in=users).delete()
        CaseIndexEntry.objects.filter(case_id__in=case_ids).delete()
        connections.close_all()


#
# What an officer does on the pages
#
def _log_in(browser, live_url: str, officer: Officer, path: str):  # noqa: F811
    """A fresh browser session of ``officer``, on ``path`` of their unit (the login page comes first)."""
    page = browser.new_context(locale="vi-VN", accept_downloads=True).new_page()
    url = f"{live_url}/u/{officer.unit.code}/{path}"
    page.goto(url)
    page.fill("#id_username", officer.user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    if officer.codes:
        # The authenticator's code of this half-minute was spent enrolling: a recovery code, as after a lost phone.
        page.wait_for_url(re.compile(r"/tai-khoan/xac-thuc/"))
        page.fill("#id_token", officer.codes[0])
        page.click("form:has(#id_token) button[type=submit]")
    page.wait_for_url(url)
    return page


def _submit(page, form: str) -> None:
    """Send ``form`` and land on the page it leads to, which must show no refusal."""
    with page.expect_navigation():
        page.click(f"{form} button.primary")
    errors = page.locator(".error, .errorlist, .messages .error")
    assert errors.count() == 0, (form, errors.all_inner_texts())


def _fill(page, prefix: str, fields: dict[str, str]) -> None:
    for name, value in fields.items():
        field = page.locator(f"#{prefix}{name}")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def _register(page, live_url: str, officer: Officer, fields: dict[str, str], sender: dict[str, str]) -> int:  # noqa: F811
    page.goto(f"{live_url}/u/{officer.unit.code}/don-thu/moi/")
    _fill(page, "id_", {"signer_kind": "one", **fields})  # the date received defaults to today
    _fill(page, "id_signers-0-", sender)
    with page.expect_navigation():
        page.click("main button.primary")
    match = re.search(r"/don-thu/(\d+)/$", page.url)
    assert match, (page.url, page.locator(".error, .errorlist").all_inner_texts())
    assert page.locator("#status").get_attribute("data-status") == "registered"
    return int(match.group(1))


def _process(page) -> None:
    """Classify (processable, within our jurisdiction) and propose acceptance: TT 05/2021 Art. 6."""
    page.check("#action-classify input[name=is_processable][value='1']")
    page.check("#action-classify input[name=within_jurisdiction][value='1']")
    _submit(page, "#action-classify")
    assert page.locator("#status").get_attribute("data-status") == "classified"
    page.check("#action-outcome input[name=outcome][value=accept]")
    _submit(page, "#action-outcome")
    assert page.locator("#status").get_attribute("data-status") == "acceptance_proposed"


def _step(page, name: str, fields: dict[str, str], status: str) -> None:
    """Open the step's form on the petition page, fill it in, send it; the petition is then at ``status``."""
    action = f"#action-{name.replace('.', '')}"
    page.click(f"{action} summary")
    _fill(page, f"id_{name.replace('.', '_')}_", fields)
    _submit(page, action)
    assert page.locator("#status").get_attribute("data-status") == status, name


@dataclass
class Listed:
    """One row of the petition page's list of documents."""

    pk: int
    number: str
    title: str
    pdf_state: str
    docx: object  # the link, or None when the officer may not open the document
    pdf: object


def _listed(page) -> list[Listed]:
    rows = page.locator("#documents tbody tr")
    listed = []
    for index in range(rows.count()):
        row = rows.nth(index)
        number = row.locator("td.number a")
        docx, pdf = row.locator("a[href*='/tai-xuong/docx/']"), row.locator("a[href*='/tai-xuong/pdf/']")
        listed.append(
            Listed(
                pk=int(re.search(r"/van-ban/(\d+)/", number.get_attribute("href")).group(1)),
                number=number.inner_text(),
                title=row.locator("td").nth(3).inner_text(),
                pdf_state=row.locator("td").nth(5).inner_text(),
                docx=docx if docx.count() else None,
                pdf=pdf if pdf.count() else None,
            )
        )
    return listed


def _download(page, link, suffix: str) -> bytes:
    """Click the link as the officer does; the browser saves the file it is given."""
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(suffix), download.value.suggested_filename
    assert download.value.failure() is None
    return Path(download.value.path()).read_bytes()


def _text(body: bytes) -> str:
    doc = Document(BytesIO(body))
    lines = [paragraph.text for paragraph in doc.paragraphs]
    for table in doc.tables:
        for cell in table._cells:
            lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


def _kinds(unit, pk: int) -> dict[int, str]:
    """The register's documents about petition ``pk``: their kind by id."""
    from core.documents.models import IssuedDocument

    with schema_context(unit.schema_name):
        documents = IssuedDocument.objects.filter(subject_type="petitions.petition", subject_id=pk)
        return dict(documents.values_list("pk", "kind"))


def _read_every_document(page, listed: list[Listed], kinds: dict[int, str], titles: dict) -> dict[str, str]:
    """Download each listed document (DOCX, and the PDF the worker made) and check its title and
    number; the DOCX text by kind."""
    # A number and symbol is the issuing body's once a year (NĐ 30/2020 Art. 15), whatever the kind.
    assert len({row.number for row in listed}) == len(listed), [row.number for row in listed]
    texts = {}
    for row in listed:
        kind = kinds[row.pk]
        text = _text(_download(page, row.docx, ".docx"))
        assert f"Số: {row.number}" in text, kind
        for line in titles[kind]:
            assert line in text.splitlines(), (kind, line)
        # The page calls it what the document's heading says ("QUYẾT ĐỊNH" + "Về việc …": "Quyết định về việc …").
        assert row.title.lower() == " ".join(titles[kind]).lower(), (kind, row.title)
        # LibreOffice is installed where the tests run and Celery is eager: every PDF is made already.
        assert row.pdf_state == "Đã có PDF", (kind, row.pdf_state)
        assert row.pdf is not None, kind
        assert _download(page, row.pdf, ".pdf")[:5] == b"%PDF-", kind
        texts[kind] = text
    return texts


#
# The walks
#
def test_a_second_level_complaint_is_walked_to_its_published_decision_and_every_document_downloaded(
    staff, live_url, browser  # noqa: F811
):  # fmt: skip
    officer = staff(PROVINCE, "giai_quyet_khieu_nai", "Hà Văn Quyết", ["processing_officer", "leader"])
    page = _log_in(browser, live_url, officer, "don-thu/moi/")
    pk = _register(
        page,
        live_url,
        officer,
        {
            "channel": "post",
            "petition_type": "complaint",
            "field_code": "dat-dai",
            "subject": "Quyết định giải quyết khiếu nại lần đầu số 15/QĐ-UBND ngày 10/11/2026",
            "summary": "Không đồng ý với mức bồi thường khi thu hồi đất; đề nghị giải quyết lần hai.",
        },
        {"full_name": COMPLAINANT, "id_kind": "none", "address_street": "thôn Bản Pàn"},
    )
    _process(page)
    _step(page, "complaint.accept", {"level": "2"}, "accepted")
    _step(page, "complaint.verify", {"verifier": "Thanh tra tỉnh", "verification_content": "Việc áp giá bồi thường."},
          "verifying")  # fmt: skip
    _step(
        page,
        "complaint.dialogue",
        {
            "dialogue_time": "14:30",
            "place": "Hội trường Ủy ban nhân dân tỉnh",
            "participants": f"Người chủ trì: Chánh Thanh tra tỉnh.\nNgười khiếu nại: Ông {COMPLAINANT} (có mặt).",
            "minutes": "Người khiếu nại đề nghị bồi thường theo giá thị trường.",
            "dialogue_result": "Thống nhất đo đạc lại diện tích.\nCòn ý kiến khác nhau về đơn giá bồi thường.",
        },
        "dialogue",
    )
    _step(page, "complaint.decide", {"decision": "Giữ nguyên Quyết định số 15/QĐ-UBND.", "result": "upheld"},
          "decided")  # fmt: skip
    # A second-level decision must be published (Complaints Law Art. 41): its clock runs until it is.
    publication = page.locator("#deadlines tr[data-code='complaint.decision_publication']")
    assert publication.locator("td").nth(5).inner_text() == "Đang tính"
    _step(page, "complaint.publish", {"channel": "Niêm yết tại trụ sở Ủy ban nhân dân tỉnh"}, "decided")
    assert publication.locator("td").nth(5).inner_text().startswith("Đã thực hiện")
    assert "Công khai quyết định giải quyết khiếu nại lần hai" in page.locator("#timeline").inner_text()

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "complaint-documents.png"), full_page=True)
    listed = _listed(page)
    kinds = _kinds(officer.unit, pk)
    assert sorted(kinds[row.pk] for row in listed) == sorted(kinds.values())  # the page lists them all
    assert set(kinds.values()) == {
        "petition.acceptance_proposal", "complaint.acceptance_notice", "complaint.verification_decision",
        "complaint.dialogue_minutes", "complaint.resolution_decision", "complaint.publication_minutes",
    }  # fmt: skip
    texts = _read_every_document(page, listed, kinds, _titles("khiếu nại"))
    numbers = {kinds[row.pk]: row.number for row in listed}
    # The decision is the one the verification and dialogue led to, and the one that was published.
    assert numbers["complaint.verification_decision"] in texts["complaint.resolution_decision"]
    assert "Công nhận và giữ nguyên Quyết định giải quyết khiếu nại lần đầu" in texts["complaint.resolution_decision"]
    published = texts["complaint.publication_minutes"]
    assert f"Quyết định số {numbers['complaint.resolution_decision']} ngày" in published
    assert "Hình thức công khai: Niêm yết tại trụ sở Ủy ban nhân dân tỉnh." in published
    assert "Còn ý kiến khác nhau về đơn giá bồi thường." in texts["complaint.dialogue_minutes"]
    assert f"Kính gửi: {COMPLAINANT}" in texts["complaint.acceptance_notice"]


NAMING = {"denunciation.acceptance_notice", "denunciation.result_notice"}  # addressed to the denouncer


def test_a_sealed_denunciation_is_walked_to_its_conclusion_and_only_the_notices_to_the_denouncer_name_them(
    staff, live_url, browser  # noqa: F811
):  # fmt: skip
    from core.petitions.models import SealedIdentityAccess

    cleared = staff(COMMUNE, "giai_quyet_to_cao", "Vi Văn Quyết", ["processing_officer", "leader", "sealed_reader"])
    colleague = staff(COMMUNE, "can_bo_xu_ly", "Nông Văn Thường", ["processing_officer", "leader"])
    page = _log_in(browser, live_url, cleared, "don-thu/moi/")
    pk = _register(
        page,
        live_url,
        cleared,
        {
            "channel": "post",
            "petition_type": "denunciation",
            "field_code": "tham-nhung",
            "subject": ACCUSED,
            "summary": "Nhận tiền của người dân khi hướng dẫn thủ tục cấp giấy chứng nhận quyền sử dụng đất.",
        },
        {
            "full_name": DENOUNCER["name"],
            "id_kind": "cccd",
            "id_number": DENOUNCER["id_number"],
            "address_street": "thôn Khau Slôm",
            "phone": DENOUNCER["phone"],
        },
    )
    _process(page)
    team = "Ông Hoàng Văn Xác, Phó Chủ tịch UBND xã - Tổ trưởng\nBà Lục Thị Minh, công chức Tư pháp - Thành viên"
    _step(page, "denunciation.accept", {"verification_team": team}, "accepted")
    _step(page, "denunciation.verify", {}, "verifying")
    _step(page, "denunciation.extend", {"complexity": "complex", "days": "20", "reason": "Cần xác minh tại nhiều nơi."},
          "verifying")  # fmt: skip
    _step(
        page,
        "denunciation.conclude",
        {"conclusion": "Có căn cứ xác định ông Lê Văn Bị đã nhận 5.000.000 đồng.", "result": "partly_right"},
        "concluded",
    )
    _step(page, "denunciation.handle", {"measures": "Tổ chức kiểm điểm, xem xét xử lý kỷ luật."}, "handling")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "denunciation-walk.png"), full_page=True)
    listed = _listed(page)
    kinds = _kinds(cleared.unit, pk)
    assert sorted(kinds[row.pk] for row in listed) == sorted(kinds.values())
    assert set(kinds.values()) == {
        "petition.acceptance_proposal", "denunciation.acceptance_decision", "denunciation.acceptance_notice",
        "denunciation.content_notice", "denunciation.extension_decision", "denunciation.conclusion",
        "denunciation.result_notice", "denunciation.handling_decision",
    }  # fmt: skip
    with schema_context(cleared.unit.schema_name):
        audited = SealedIdentityAccess.objects.filter(petition_id=pk, user=cleared.user).count()
    texts = _read_every_document(page, listed, kinds, _titles("tố cáo"))  # the cleared officer opens them all
    for kind, text in texts.items():
        # The identity is sealed (Denunciations Law Art. 47): only the notices to the denouncer carry the
        # name, and no document carries the ID number or the phone.
        assert (DENOUNCER["name"] in text) == (kind in NAMING), kind
        assert DENOUNCER["id_number"] not in text, kind
        assert DENOUNCER["phone"] not in text, kind
    assert f"Kính gửi: Ông/Bà {DENOUNCER['name']}" in texts["denunciation.result_notice"]
    assert "đúng một phần" in texts["denunciation.result_notice"]
    assert f"Kính gửi: {ACCUSED}" in texts["denunciation.content_notice"]
    assert "thời gian gia hạn là 20 ngày" in texts["denunciation.extension_decision"]
    with schema_context(cleared.unit.schema_name):
        # Each opening of a notice naming the denouncer (its DOCX and its PDF) is a read of the seal.
        assert SealedIdentityAccess.objects.filter(petition_id=pk, user=cleared.user).count() == audited + 2 * 2

    # A colleague who may handle the case but is not cleared for sealed identities.
    other = _log_in(browser, live_url, colleague, f"don-thu/{pk}/")
    assert DENOUNCER["name"] not in other.locator("main").inner_text()
    seen = _listed(other)
    assert {kinds[row.pk] for row in seen} == set(kinds.values())  # the register hides no number
    assert {kinds[row.pk] for row in seen if row.docx is None} == NAMING
    assert all(row.pdf is None for row in seen if row.docx is None)
    for row in seen:
        if row.docx is not None:
            assert DENOUNCER["name"] not in _text(_download(other, row.docx, ".docx")), kinds[row.pk]
    for row in seen:
        if row.docx is not None:
            continue
        # Typing the address of the file does not get it either.
        for fmt in ("docx", "pdf"):
            response = other.goto(f"{live_url}/u/{colleague.unit.code}/van-ban/{row.pk}/tai-xuong/{fmt}/")
            assert response.status == 403, (kinds[row.pk], fmt)
            refusal = other.locator("main").inner_text()
            assert "Chỉ cán bộ được phép tiếp cận mới được xem thông tin người tố cáo được giữ bí mật." in refusal
            assert DENOUNCER["name"] not in refusal
    with schema_context(colleague.unit.schema_name):
        assert not SealedIdentityAccess.objects.filter(petition_id=pk, user=colleague.user).exists()
