"""A document issued by the engine, read back with python-docx: NĐ 30/2020's layout (Appendix I)."""

from __future__ import annotations

from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from core.documents.layout import HEADER_COLUMNS_MM, NATIONAL_NAME

from .conftest import COMPLAINT, all_text, read_docx

SIGNATURE = {"authority": "TM. Ủy ban nhân dân", "title": "Chủ tịch", "name": "Vi Văn Thành"}


def _lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def _run(cell_or_doc, text: str):
    for paragraph in cell_or_doc.paragraphs:
        for run in paragraph.runs:
            if run.text == text:
                return paragraph, run
    raise AssertionError(f"no run {text!r}")


def test_a_commune_notice_has_every_part_the_decree_lays_out(unit_a, leader_a, issue):
    document = issue(
        unit_a,
        leader_a.user,
        kinh_gui=["Ông Nguyễn Văn An"],
        recipients=["Như trên", "Thanh tra tỉnh Lạng Sơn;"],
        context={**COMPLAINT, "signature": SIGNATURE},
    )
    assert document.number_display == "01/TB-UBND"  # below 10 with a leading zero, kind and body
    doc = read_docx(unit_a, document)

    # A4, margins within the decree's ranges, Times New Roman 14.
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    assert normal.element.rPr.rFonts.get(qn("w:cs")) == "Times New Roman"

    # Header: a borderless two-column table.
    header = doc.tables[0]
    bodies, nation = header.rows[0].cells
    number, place = header.rows[1].cells
    assert header._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"
    # A commune's People's Committee: no superior line, its name on two bold lines.
    assert _lines(bodies) == ["ỦY BAN NHÂN DÂN", "XÃ TÂN ĐOÀN"]
    assert all(_run(bodies, line)[1].bold for line in _lines(bodies))
    assert number.text == "Số: 01/TB-UBND"
    assert _lines(nation) == [NATIONAL_NAME, "Độc lập - Tự do - Hạnh phúc"]
    _p, motto = _run(nation, "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold
    assert motto.underline
    # The motto never wraps: its column is wider than the national name set in 12 pt bold (88 mm).
    assert HEADER_COLUMNS_MM[1] >= 95
    assert _run(nation, NATIONAL_NAME)[1].font.size == Pt(12)
    assert round(nation.width.mm) == HEADER_COLUMNS_MM[1]
    _p, date_run = _run(place, "Tân Đoàn, ngày 02 tháng 12 năm 2026")
    assert date_run.italic

    # Title, summary line, addressee, legal bases, body.
    body = [p for p in doc.paragraphs if p.text]
    texts = [p.text for p in body]
    title = body[texts.index("THÔNG BÁO")]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].bold
    assert "Về việc thụ lý giải quyết khiếu nại lần đầu" in texts
    assert "Kính gửi: Ông Nguyễn Văn An" in texts
    bases = [p for p in body if p.text.startswith("Căn cứ")]
    assert len(bases) == 2
    assert all(run.italic for p in bases for run in p.runs)
    assert bases[0].text.startswith("Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011")
    assert "nhận được đơn khiếu nại của ông Nguyễn Văn An" in texts[texts.index(bases[-1].text) + 1]

    # Signature block and recipients side by side, kept with the last paragraph of the body.
    signature_table = doc.tables[-1]
    recipients, signer = signature_table.rows[0].cells
    assert signature_table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    assert body[-1].paragraph_format.keep_with_next
    assert _lines(signer) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Vi Văn Thành"]
    assert all(_run(signer, line)[1].bold for line in _lines(signer))
    assert all(p.paragraph_format.keep_with_next for p in signer.paragraphs[:-1])
    _p, heading = _run(recipients, "Nơi nhận:")
    assert heading.bold
    assert heading.italic
    assert heading.font.size == Pt(12)
    assert _lines(recipients) == ["Nơi nhận:", "- Như trên;", "- Thanh tra tỉnh Lạng Sơn;", "- Lưu: VT."]
    assert _run(recipients, "- Lưu: VT.")[1].font.size == Pt(11)

    # The file says which legal basis its form follows, and that it is not yet checked.
    assert doc.core_properties.subject == "Mẫu số 03 ban hành kèm theo Nghị định số 155/2026/NĐ-CP"
    assert doc.core_properties.comments == "chưa đối chiếu"
    assert "Mẫu số 03" in texts


def test_a_provincial_body_has_its_superior_above_and_the_province_as_place(inspectorate, make_member, issue):
    member = make_member(
        inspectorate,
        roles=("inspector",),
        username="thanh_tra",
        full_name="Trần Văn Bảo",
        position="Phó Chánh Thanh tra",
    )
    document = issue(inspectorate, member.user, kinh_gui=["Ông Nguyễn Văn An", "Bà Lê Thị Hoa"])
    doc = read_docx(inspectorate, document)
    bodies, _nation = doc.tables[0].rows[0].cells
    assert _lines(bodies) == ["UBND TỈNH LẠNG SƠN", "THANH TRA TỈNH"]
    assert not _run(bodies, "UBND TỈNH LẠNG SƠN")[1].bold
    assert _run(bodies, "THANH TRA TỈNH")[1].bold
    assert doc.tables[0].rows[1].cells[0].text == "Số: 01/TB-TTr"
    assert "Lạng Sơn, ngày 02 tháng 12 năm 2026" in all_text(doc)
    # Several addressees: "Kính gửi:" then one line each, punctuated.
    texts = [p.text for p in doc.paragraphs]
    assert texts[texts.index("Kính gửi:") + 1 : texts.index("Kính gửi:") + 3] == [
        "- Ông Nguyễn Văn An;",
        "- Bà Lê Thị Hoa.",
    ]
    # Without a signature in the context, the signer is the actor, with their position.
    signer = doc.tables[-1].rows[0].cells[1]
    assert _lines(signer) == ["PHÓ CHÁNH THANH TRA", "Trần Văn Bảo"]


def test_the_form_is_chosen_by_the_date_of_the_step(unit_a, leader_a, issue):
    session = {
        "session": {
            "date": "2026-06-30",
            "start_time": "08 giờ 00",
            "place": "Hội trường",
            "kind_label": "định kỳ",
            "presiding": "Vi Văn Thành",
            "substitution": "",
            "attendees": "",
        },
        "matters": [],
        "visit_count": 0,
        "people_count": 0,
        "head_title": "Chủ tịch",
    }
    before = issue(unit_a, leader_a.user, kind="reception.session_notice", on_date=date(2026, 6, 30), context=session)
    on = issue(unit_a, leader_a.user, kind="reception.session_notice", on_date=date(2026, 7, 1), context=session)
    assert (before.form_version, on.form_version) == ("tt04-2021", "nd154-2026")
    assert before.title.startswith("Thông báo kết quả và ý kiến chỉ đạo giải quyết")
    assert on.title == "Thông báo kết luận việc tiếp công dân định kỳ ngày 30/06/2026"
    assert "Kết luận việc tiếp công dân định kỳ ngày 30/06/2026" in all_text(read_docx(unit_a, on))
    # Both kinds share the register's numbers of their kind and year.
    assert (before.number, on.number) == (1, 2)


def test_text_people_typed_is_escaped_and_cleaned(unit_a, leader_a, issue):
    typed = {**COMPLAINT, "complaint_subject": 'Quyết định <số 15> & \x0cbiên bản\x00 "A"'}
    doc = read_docx(unit_a, issue(unit_a, leader_a.user, context=typed))
    assert 'khiếu nại Quyết định <số 15> & \nbiên bản "A".' in all_text(doc)
