"""The results notice of a leader's reception session (thông báo kết quả và ý kiến chỉ đạo giải
quyết, NĐ 154/2026 Art. 25(2); earlier TT 04/2021 Art. 9(2)) as DOCX, and PDF where LibreOffice
is installed.

Laid out like the petitions' form letters (core.petitions.documents, NĐ 30/2020): issuing body and
national motto, number and place-date line, title, body, recipients, signature. It lists each
matter raised at the session and the leader's instruction on it (responsible body, due date). A
denouncer is never named: visits about a denunciation store no citizen, and the notice says so.
What people typed goes through ``strip_controls`` (core.common.documents says why).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from core.catalogue.selectors import field_choices
from core.common.documents import issuing_unit, letter_bytes, letter_header, letter_new, letter_title
from core.common.text import strip_controls
from core.petitions.choices import PetitionType
from core.petitions.issuing.common import SEALED_SENDER

from .choices import SessionKind
from .models import Instruction, ReceptionSession, UnitProfile, Visit, VisitCitizen

TITLE = "THÔNG BÁO KẾT QUẢ VÀ Ý KIẾN CHỈ ĐẠO GIẢI QUYẾT"
KIND = {
    SessionKind.PERIODIC: "định kỳ",
    SessionKind.AD_HOC: "đột xuất",
    SessionKind.ONLINE: "trực tuyến",
}
#: NĐ 154/2026 replaces TT 04/2021 from 1/7/2026 (domain.md §5.7).
DECREE_154 = date(2026, 7, 1)


def notice_filename(session: ReceptionSession) -> str:
    return f"thong-bao-ket-qua-tiep-cong-dan-{session.date:%Y-%m-%d}-{session.pk}"


def visitor_line(visit: Visit) -> str:
    """Who raised the matter, for the notice: never a denouncer's name (Denunciations Law Art. 47)."""
    if visit.petition_type == PetitionType.DENUNCIATION or (visit.petition_id and visit.petition.is_confidential):
        return SEALED_SENDER
    links = list(visit.visitcitizen_set.all())  # prefetched by notice_docx
    representatives = [link.citizen.full_name for link in links if link.is_representative]
    if visit.is_crowd:
        names = ", ".join(representatives) or "—"
        return f"Đoàn {visit.headcount} người, đại diện: {names}"
    names = ", ".join(link.citizen.full_name for link in links)
    if visit.headcount > max(len(links), 1):
        return f"{names} ({visit.headcount} người)"
    return names or "—"


def _basis(session: ReceptionSession) -> str:
    if session.date >= DECREE_154:
        return "khoản 2 Điều 25 Nghị định số 154/2026/NĐ-CP"
    return "khoản 2 Điều 9 Thông tư số 04/2021/TT-TTCP"


def _instruction_lines(doc: Document, instructions: list[Instruction]) -> None:
    for instruction in instructions:
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run("Ý kiến chỉ đạo: ").bold = True
        paragraph.add_run(strip_controls(instruction.text))
        responsible = instruction.assignee_body
        if instruction.assignee_id:
            responsible += f" (cán bộ phụ trách: {instruction.assignee.display_name})"
        doc.add_paragraph(
            strip_controls(f"Giao: {responsible}; thời hạn: {instruction.due_date:%d/%m/%Y}."), style="List Continue"
        )


def notice_docx(session: ReceptionSession) -> bytes:
    """The notice of ``session`` (number and date already set on it)."""
    with translation.override("vi"):
        return _notice(session)


def _notice(session: ReceptionSession) -> bytes:
    unit = issuing_unit()
    profile = UnitProfile.objects.first()
    head_title = profile.head_title if profile and profile.head_title else "Thủ trưởng cơ quan"
    presiding = session.presiding
    citizens = Prefetch("visitcitizen_set", queryset=VisitCitizen.objects.select_related("citizen").order_by("pk"))
    visits = list(session.visits.select_related("petition").prefetch_related(citizens).order_by("visited_at", "id"))
    fields = dict(field_choices())
    instructions = list(session.instructions.select_related("assignee", "visit").order_by("id"))
    by_visit: dict[int | None, list[Instruction]] = {}
    for instruction in instructions:
        by_visit.setdefault(instruction.visit_id, []).append(instruction)
    types = dict(PetitionType.choices)

    doc = letter_new()
    letter_header(doc, unit, "Thông báo", session.notice_number, session.notice_date or session.date)
    letter_title(doc, TITLE)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(f"tại buổi tiếp công dân {KIND.get(session.kind, '')} ngày {session.date:%d/%m/%Y}").italic = True

    who = f"{presiding.display_name}" + (f", {presiding.position}" if presiding.position else "")
    opening = (
        f"Ngày {session.date:%d/%m/%Y}, từ {session.start_time:%H giờ %M}, tại {session.place}, "
        f"đồng chí {who} đã chủ trì buổi tiếp công dân {KIND.get(session.kind, '')}"
    )
    if session.is_substitution:
        opening += f" thay {head_title} (lý do: {session.substitution_reason})"
    doc.add_paragraph(strip_controls(opening + "."))
    if session.attendees:
        doc.add_paragraph(strip_controls(f"Tham dự: {session.attendees}"))
    people = sum(visit.headcount for visit in visits)
    doc.add_paragraph(
        f"Tại buổi tiếp, đã tiếp {len(visits)} lượt với {people} người; nội dung và ý kiến chỉ đạo giải quyết như sau:"
    )

    for number, visit in enumerate(visits, start=1):
        matter = doc.add_paragraph()
        matter.add_run(strip_controls(f"{number}. {visitor_line(visit)}")).bold = True
        doc.add_paragraph(
            f"Loại: {types.get(visit.petition_type, visit.petition_type)}; "
            f"lĩnh vực: {fields.get(visit.field_code, visit.field_code)}; sổ tiếp công dân số {visit.number}."
        )
        doc.add_paragraph(strip_controls(f"Nội dung: {visit.content}"))
        if visit.petition_id:
            doc.add_paragraph(f"Đơn đã vào sổ số {visit.petition.registry_number}.")
        _instruction_lines(doc, by_visit.get(visit.pk, []))
        if not by_visit.get(visit.pk):
            doc.add_paragraph("Ý kiến chỉ đạo: đã trả lời, giải thích trực tiếp tại buổi tiếp.", style="List Bullet")
    general = by_visit.get(None, [])
    if general:
        doc.add_paragraph().add_run(f"{len(visits) + 1}. Ý kiến chỉ đạo chung").bold = True
        _instruction_lines(doc, general)

    doc.add_paragraph(
        strip_controls(
            "Các cơ quan, đơn vị, cá nhân được giao có trách nhiệm tổ chức thực hiện, thông báo kết quả giải quyết "
            f"cho công dân và báo cáo {head_title} theo thời hạn nêu trên (theo {_basis(session)})."
        )
    )
    doc.add_paragraph(
        strip_controls(f"{unit.name} thông báo để các cơ quan, đơn vị, cá nhân có liên quan biết, thực hiện.")
    )
    table = doc.add_table(rows=1, cols=2)
    recipients, signature = table.rows[0].cells
    recipients.paragraphs[0].add_run("Nơi nhận:").bold = True
    bodies = list(dict.fromkeys(instruction.assignee_body for instruction in instructions))
    for body in [*bodies, "Công dân có liên quan", "Lưu: VT"]:
        recipients.add_paragraph(strip_controls(f"- {body};"))
    signature.paragraphs[0].add_run("NGƯỜI CHỦ TRÌ").bold = True
    signature.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    note = signature.add_paragraph("(Ký, ghi rõ họ tên)")
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name = signature.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name.add_run(strip_controls(f"\n\n{presiding.display_name}")).bold = True
    return letter_bytes(doc)
