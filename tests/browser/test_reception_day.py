"""A reception day in headless Chromium (issue 5's acceptance walk).

A reception officer logs a group visit of 7 citizens with 2 representatives and registers its
petition in the same step; the leader publishes and holds the scheduled session, gives an
instruction on the group's matter and issues the results notice (downloaded and read back); the
instruction appears as the officer's follow-up task; the public schedule shows the session; the
receipt-code lookup shows the petition's status and nothing personal.

Runs against committed data (the live server has its own connection) and removes everything it
created: accounts, session, visits, matters, citizens, petitions with their case-index rows and
events, the registry counter's increment, the documents it issued with the register's numbers they
took, and the unit profile if it made one.
"""

from __future__ import annotations

import io
import re
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone
from django_tenants.utils import schema_context
from docx import Document

from tests.browser.test_login import ARTIFACTS, browser, live_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
PASSWORD = "Mat-khau-2026!"
NAMES = [
    "Hoàng Văn An",
    "Lăng Thị Bích",
    "Nông Văn Cường",
    "Vi Thị Dung",
    "Hà Văn Hải",
    "Lộc Thị Khánh",
    "Triệu Văn Long",
]
CONTENT = "Đề nghị xem xét lại đơn giá bồi thường khi thu hồi đất mở rộng đường liên thôn Khòn Pát."
INSTRUCTION = "Giao Phòng Kinh tế rà soát đơn giá bồi thường, trả lời công dân bằng văn bản."


@pytest.fixture
def reception_day(committed):
    from core.accounts.models import User
    from core.accounts.services import user_create
    from core.caseindex.models import CaseEvent, CaseIndexEntry
    from core.documents.models import IssuedDocument, RegisterCounter
    from core.petitions.models import Citizen, Petition, RegistryCounter
    from core.reception.models import Matter, ReceptionSession, UnitProfile, Visit
    from core.reception.services.sessions import session_schedule
    from tenants.models import Unit

    unit = Unit.objects.get(code="06316")
    with schema_context(unit.schema_name):
        counters = dict(RegistryCounter.objects.values_list("year", "last_number"))
        registers = {(c.year, c.symbol): c.last_number for c in RegisterCounter.objects.all()}
        profile_existed = UnitProfile.objects.exists()
        officer = user_create(
            unit=unit,
            username="tiep_dan_ngay",
            password=PASSWORD,
            full_name="Lường Thị Hoa",
            roles=["reception_officer"],
        )
        leader = user_create(
            unit=unit,
            username="chu_tich_ngay",
            password=PASSWORD,
            full_name="Vi Văn Thành",
            position="Chủ tịch UBND xã",
            roles=["leader"],
        )
        if not profile_existed:
            UnitProfile.objects.create(head=leader, head_title="Chủ tịch UBND xã", reception_address="Trụ sở UBND xã")
        session = session_schedule(
            actor=leader,
            kind="periodic",
            date=timezone.localdate(),
            start_time=time(7, 30),
            end_time=time(17),
            place="Phòng tiếp công dân, trụ sở UBND xã Tân Đoàn",
            presiding=leader,
        )
    try:
        yield unit, officer, leader, session
    finally:
        with schema_context(unit.schema_name):
            session = ReceptionSession.objects.filter(pk=session.pk).first()
            if session is not None:
                session.instructions.all().delete()
            visits = Visit.objects.filter(received_by__in=[officer, leader])
            # The documents the walk issued, their files, and the register's numbers they took.
            issued = IssuedDocument.objects.filter(issued_by__in=[officer, leader])
            for document in issued:
                for file in (document.docx, document.pdf):
                    if file:
                        file.delete(save=False)
            issued.delete()
            for counter in RegisterCounter.objects.all():
                key = (counter.year, counter.symbol)
                if key in registers:
                    RegisterCounter.objects.filter(pk=counter.pk).update(last_number=registers[key])
                else:
                    counter.delete()
            petition_ids = list(visits.exclude(petition=None).values_list("petition_id", flat=True))
            petitions = Petition.objects.filter(pk__in=petition_ids) | Petition.objects.filter(
                registered_by__in=[officer, leader]
            )
            case_ids = list(petitions.values_list("case_id", flat=True))
            citizens = set(Citizen.objects.filter(visits__in=visits).values_list("pk", flat=True))
            citizens |= set(Citizen.objects.filter(petitions__in=petitions).values_list("pk", flat=True))
            matters = list(visits.values_list("matter_id", flat=True))
            visits.delete()  # with their citizen links
            Matter.objects.filter(pk__in=matters, visits__isnull=True).delete()
            ReceptionSession.objects.filter(presiding__in=[officer, leader]).delete()
            petitions.delete()  # with their signers, events, deadlines and documents
            Citizen.objects.filter(pk__in=citizens).delete()
            for counter in RegistryCounter.objects.all():
                if counter.year in counters:
                    RegistryCounter.objects.filter(pk=counter.pk).update(last_number=counters[counter.year])
                else:
                    counter.delete()
            if not profile_existed:
                UnitProfile.objects.all().delete()
            User.objects.filter(pk__in=[officer.pk, leader.pk]).delete()
        CaseEvent.objects.filter(case_id__in=case_ids).delete()
        CaseIndexEntry.objects.filter(case_id__in=case_ids).delete()
        connections.close_all()


def _login(page, live: str, unit, user, path: str) -> None:
    page.goto(f"{live}/u/{unit.code}/{path}")  # the login page first, then back here
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live}/u/{unit.code}/{path}")


def test_a_reception_day(reception_day, live_url, browser):  # noqa: F811
    from core.reception.models import Instruction, Visit

    unit, officer, leader, session = reception_day
    base = f"{live_url}/u/{unit.code}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # 1. The reception officer logs a group of 7 with 2 representatives; the petition is registered with it.
    desk = browser.new_context(locale="en-US").new_page()
    _login(desk, live_url, unit, officer, "tiep-dan/so-tiep-cong-dan/moi/")
    desk.select_option("#id_session", str(session.pk))
    desk.fill("#id_place", "Phòng tiếp công dân, trụ sở UBND xã Tân Đoàn")
    desk.fill("#id_headcount", "7")
    for index, name in enumerate(NAMES):
        desk.fill(f"#id_citizens-{index}-full_name", name)
        desk.select_option(f"#id_citizens-{index}-id_kind", "none")
        if index < 2:
            desk.check(f"#id_citizens-{index}-is_representative")
    desk.select_option("#id_petition_type", "complaint")
    desk.select_option("#id_field_code", "dat-dai")
    desk.fill("#id_subject", "Đơn giá bồi thường đường liên thôn Khòn Pát")
    desk.fill("#id_content", CONTENT)
    desk.check("input[name=outcome][value=petition]")
    desk.click("#visit-form button.primary")
    desk.wait_for_url(re.compile(rf"{re.escape(base)}/tiep-dan/so-tiep-cong-dan/\d+/$"))
    receipt_code = desk.locator("#receipt-code").inner_text()
    desk.screenshot(path=str(ARTIFACTS / "reception-visit.png"), full_page=True)
    with schema_context(unit.schema_name):
        visit = Visit.objects.select_related("petition").get(received_by=officer)
        assert (visit.headcount, visit.is_crowd, visit.session_id) == (7, True, session.pk)
        assert visit.visitcitizen_set.filter(is_representative=True).count() == 2
        assert visit.petition.receipt_code == receipt_code
    assert "Hoàng Văn An" in desk.locator("#visitors").inner_text()

    # 2. The leader publishes the session (late: a warning, not a refusal); the public schedule shows it.
    chair = browser.new_context(locale="en-US").new_page()
    _login(chair, live_url, unit, leader, f"tiep-dan/lich-tiep/{session.pk}/")
    chair.click("#action-publish button.primary")
    chair.wait_for_selector("#publication-warning")
    public = browser.new_context(locale="en-US").new_page()
    public.goto(f"{base}/cong-khai/lich-tiep/")
    schedule = public.locator("main").inner_text()
    assert "Vi Văn Thành" in schedule
    assert "Phòng tiếp công dân, trụ sở UBND xã Tân Đoàn" in schedule
    assert f"{session.date:%d/%m/%Y}" in schedule
    public.screenshot(path=str(ARTIFACTS / "reception-public-schedule.png"), full_page=True)

    # 3. The leader holds it, gives an instruction on the group's matter and issues the results notice.
    chair.fill("#id_hold_attendees", "Công an xã; công chức địa chính")
    chair.fill("#id_hold_minutes", "Tiếp đoàn 7 công dân thôn Khòn Pát về bồi thường đất.")
    chair.check(f"input[name=visit_ids][value='{visit.pk}']")
    chair.click("#action-hold button.primary")
    chair.wait_for_selector("#status[data-status=held]")
    chair.select_option("#id_instruction_visit", str(visit.pk))
    chair.fill("#id_instruction_text", INSTRUCTION)
    chair.fill("#id_instruction_assignee_body", "Phòng Kinh tế")
    chair.select_option("#id_instruction_assignee", str(officer.pk))
    due = timezone.localdate() + timedelta(days=15)
    chair.fill("#id_instruction_due_date", f"{due:%d/%m/%Y}")
    chair.click("#action-instruction button.primary")
    chair.wait_for_selector("#instructions tr[data-instruction]")
    chair.click("#action-notice button.primary")
    chair.wait_for_selector("#notice-docx")
    chair.screenshot(path=str(ARTIFACTS / "reception-session.png"), full_page=True)
    with chair.expect_download() as download:
        chair.click("#notice-docx")
    document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kết luận việc tiếp công dân định kỳ" in text  # NĐ 154/2026 Art. 25(2)
    assert CONTENT in text
    assert INSTRUCTION in text
    assert "Đoàn 7 người, đại diện: Hoàng Văn An, Lăng Thị Bích" in text

    # 4. The instruction is the officer's follow-up task.
    desk.goto(f"{base}/tiep-dan/theo-doi/?mine=1")
    tasks = desk.locator("table.instructions").inner_text()
    assert INSTRUCTION in tasks
    assert "Phòng Kinh tế" in tasks
    assert f"{due:%d/%m/%Y}" in tasks
    with schema_context(unit.schema_name):
        assert Instruction.objects.get(session=session).assignee_id == officer.pk

    # 5. The public schedule lists the session held; the receipt-code lookup shows the status only.
    public.goto(f"{base}/cong-khai/lich-tiep/")
    assert f"{session.date:%d/%m/%Y}" in public.locator("main").inner_text()
    public.goto(f"{base}/tra-cuu/")
    public.fill("#id_code", receipt_code.lower())
    public.click("main button.primary")
    public.wait_for_selector("table.petition-status")
    shown = public.locator("main").inner_text()
    public.screenshot(path=str(ARTIFACTS / "reception-lookup.png"), full_page=True)
    assert visit.petition.registry_number in shown
    assert [secret for secret in (*NAMES, CONTENT, "Đơn giá bồi thường", "Khòn Pát") if secret in shown] == []
    assert public.get_attribute("html", "lang") == "vi"
