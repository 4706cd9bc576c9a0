"""The layouts of the periodic report forms, as data: one table per form version.

Each form lists its columns as ``Column(code, label, key, group)``: ``code`` is the column number
printed under the header, ``label`` the official Vietnamese wording, ``key`` the indicator that
``compute.py`` counts and ``group`` the merged header above consecutive columns. When a circular
changes a form, add a new version here (a data edit) and point the period rule's ``form_version``
at it; ``compute.py`` only needs a change for a new indicator key.

The wording follows the TT 02/2021 – TT 01/2024 forms as peers implemented them (domain.md §9 [P/U]):
check it against the TT 06/2025 appendix (official DOCX) before relying on it. Labels are the
forms' own Vietnamese text, so the workbooks are Vietnamese whatever the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.common.errors import ApplicationError


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    key: str
    group: str = ""


#: Marks where the fields (lĩnh vực) of the catalogue are expanded into one column each.
FIELD_COLUMNS = "field:*"


@dataclass(frozen=True)
class FormSpec:
    code: str
    title: str
    columns: tuple[Column, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def slug(self) -> str:
        return self.code.replace("/", "-")


FORM_CODES = ("01/TCD", "02/XLD", "03/GQKN", "04/GQTC")

PERIOD_LABELS_VI = {
    "q1": "Quý I",
    "q2": "Quý II",
    "q3": "Quý III",
    "q4": "Quý IV",
    "6m": "6 tháng",
    "9m": "9 tháng",
    "year": "Năm",
}

_TYPES = "Phân loại theo nội dung"
_ALL_RECEPTION = "Tổng số tiếp công dân"
_REGULAR = "Tiếp thường xuyên"
_HEAD = "Tiếp định kỳ, đột xuất: Thủ trưởng tiếp"
_DELEGATED = "Tiếp định kỳ, đột xuất: Ủy quyền tiếp"
_PETITIONS = "Đơn tiếp nhận qua tiếp công dân"
_RECEIVED = "Tổng số đơn"
_TO_RESOLVE = "Số vụ việc phải giải quyết"
_STOPPED = "Dừng giải quyết"


def _reception(first: str, group: str, prefix: str, *, sessions: bool) -> tuple[Column, ...]:
    """One block of 01/TCD's reception columns: (sessions,) visits, persons, cases first / repeat,
    crowd delegations and their persons; keys ``<prefix>visits`` etc. (``compute.count_tcd_reception``)."""
    labels = [
        ("sessions", "Kỳ tiếp"),
        ("visits", "Lượt"),
        ("persons", "Người"),
        ("cases_first", "Vụ việc tiếp lần đầu"),
        ("cases_repeat", "Vụ việc tiếp nhiều lần"),
        ("crowds", "Đoàn đông người (số đoàn)"),
        ("crowd_persons", "Người trong đoàn đông người"),
    ]
    if not sessions:
        labels = labels[1:]
    return tuple(
        Column(str(int(first) + index), label, f"{prefix}{key}", group) for index, (key, label) in enumerate(labels)
    )


TT_06_2025 = {
    "01/TCD": FormSpec(
        code="01/TCD",
        title="TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN",
        columns=(
            *_reception("1", _ALL_RECEPTION, "", sessions=False),
            *_reception("7", _REGULAR, "regular_", sessions=False),
            *_reception("13", _HEAD, "head_", sessions=True),
            *_reception("20", _DELEGATED, "delegated_", sessions=True),
            Column("27", "Tổng số đơn", "reception_total", _PETITIONS),
            Column("28", "Khiếu nại", "reception_complaint", _PETITIONS),
            Column("29", "Tố cáo", "reception_denunciation", _PETITIONS),
            Column("30", "Kiến nghị", "reception_recommendation", _PETITIONS),
            Column("31", "Phản ánh", "reception_feedback", _PETITIONS),
            Column("32", "Nhiều nội dung", "reception_mixed", _PETITIONS),
        ),
        notes=(
            "Cột 1 = 7 + 14 + 21 (lượt tiếp); cột 2 = 8 + 15 + 22 (người được tiếp). Số liệu tính từ sổ tiếp"
            " công dân và biên bản các kỳ tiếp trong kỳ báo cáo.",
            "Vụ việc: mỗi lượt tiếp tính một vụ việc; “tiếp nhiều lần” là lượt tiếp về vụ việc đã được tiếp"
            " trước đó. Đoàn đông người: đoàn từ 05 người trở lên (Điều 29 Luật Tiếp công dân).",
            "Tiếp định kỳ, đột xuất (kể cả tiếp trực tuyến) của Thủ trưởng: “Thủ trưởng tiếp” là các kỳ tiếp"
            " Thủ trưởng trực tiếp chủ trì; “Ủy quyền tiếp” là các kỳ tiếp do cấp phó hoặc người khác chủ trì,"
            " không tính vào số ngày tiếp bắt buộc của Thủ trưởng. Kỳ tiếp: số kỳ tiếp đã tổ chức trong kỳ.",
            "Cột 27 – 32: đơn tiếp nhận tại nơi tiếp công dân trong kỳ, theo loại đơn.",
        ),
    ),
    "02/XLD": FormSpec(
        code="02/XLD",
        title="TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH",
        columns=(
            Column("1", "Tổng số (1=2+3)", "total", _RECEIVED),
            Column("2", "Kỳ trước chuyển sang", "carried_over", _RECEIVED),
            Column("3", "Tiếp nhận trong kỳ", "received", _RECEIVED),
            Column("4", "Khiếu nại", "type_complaint", _TYPES),
            Column("5", "Tố cáo", "type_denunciation", _TYPES),
            Column("6", "Kiến nghị", "type_recommendation", _TYPES),
            Column("7", "Phản ánh", "type_feedback", _TYPES),
            Column("8", "Nhiều nội dung", "type_mixed", _TYPES),
            Column("9", "Tổng số đã xử lý", "processed", "Kết quả xử lý trong kỳ"),
            Column("10", "Đề xuất thụ lý", "outcome_accept", "Kết quả xử lý trong kỳ"),
            Column("11", "Hướng dẫn", "outcome_guide", "Kết quả xử lý trong kỳ"),
            Column("12", "Chuyển đơn", "outcome_forward", "Kết quả xử lý trong kỳ"),
            Column("13", "Trả lại đơn", "outcome_return", "Kết quả xử lý trong kỳ"),
            Column("14", "Đôn đốc", "outcome_chase", "Kết quả xử lý trong kỳ"),
            Column("15", "Lưu đơn", "outcome_file", "Kết quả xử lý trong kỳ"),
            Column("16", "Đơn chưa xử lý cuối kỳ", "pending_at_end"),
            Column("17", "Đủ điều kiện xử lý", "processable", "Phân loại đơn"),
            Column("18", "Thuộc thẩm quyền", "within_jurisdiction", "Phân loại đơn"),
            Column("", "", FIELD_COLUMNS, "Phân loại theo lĩnh vực"),
        ),
        notes=(
            "Phân loại theo nội dung và theo lĩnh vực tính trên tổng số đơn (cột 1).",
            "Cột 17–18: theo kết quả phân loại gần nhất đến cuối kỳ (Điều 6 Thông tư 05/2021/TT-TTCP).",
        ),
    ),
    "03/GQKN": FormSpec(
        code="03/GQKN",
        title="TỔNG HỢP KẾT QUẢ GIẢI QUYẾT KHIẾU NẠI",
        columns=(
            Column("1", "Tổng số (1=2+3)", "total", _TO_RESOLVE),
            Column("2", "Kỳ trước chuyển sang", "carried_over", _TO_RESOLVE),
            Column("3", "Thụ lý trong kỳ", "accepted", _TO_RESOLVE),
            Column("4", "Lần đầu", "level_1", "Theo cấp giải quyết"),
            Column("5", "Lần hai", "level_2", "Theo cấp giải quyết"),
            Column("6", "Tổng số", "resolved", "Đã giải quyết (ban hành quyết định)"),
            Column("7", "Đúng hạn", "resolved_on_time", "Đã giải quyết (ban hành quyết định)"),
            Column("8", "Quá hạn", "resolved_late", "Đã giải quyết (ban hành quyết định)"),
            Column("9", "Lần đầu", "resolved_level_1", "Đã giải quyết (ban hành quyết định)"),
            Column("10", "Lần hai", "resolved_level_2", "Đã giải quyết (ban hành quyết định)"),
            Column("11", "Rút khiếu nại", "withdrawn", _STOPPED),
            Column("12", "Đình chỉ giải quyết", "terminated", _STOPPED),
            Column("13", "Đang giải quyết cuối kỳ", "open_at_end"),
        ),
        notes=(
            "Cột 1 = 6 + 11 + 12 + 13. Đúng hạn, quá hạn: ngày ban hành quyết định so với hạn giải quyết.",
            "Kết quả giải quyết (đúng, đúng một phần, sai), tiền và đất thu hồi, kiến nghị xử lý chưa được ghi nhận.",
        ),
    ),
    "04/GQTC": FormSpec(
        code="04/GQTC",
        title="TỔNG HỢP KẾT QUẢ GIẢI QUYẾT TỐ CÁO",
        columns=(
            Column("1", "Tổng số (1=2+3)", "total", _TO_RESOLVE),
            Column("2", "Kỳ trước chuyển sang", "carried_over", _TO_RESOLVE),
            Column("3", "Thụ lý trong kỳ", "accepted", _TO_RESOLVE),
            Column("4", "Tổng số", "resolved", "Đã giải quyết (ban hành kết luận)"),
            Column("5", "Đúng hạn", "resolved_on_time", "Đã giải quyết (ban hành kết luận)"),
            Column("6", "Quá hạn", "resolved_late", "Đã giải quyết (ban hành kết luận)"),
            Column("7", "Gia hạn giải quyết", "extended"),
            Column("8", "Tạm đình chỉ", "suspended"),
            Column("9", "Rút tố cáo", "withdrawn", _STOPPED),
            Column("10", "Đình chỉ giải quyết", "terminated", _STOPPED),
            Column("11", "Đang giải quyết cuối kỳ", "open_at_end"),
        ),
        notes=(
            "Cột 1 = 4 + 9 + 10 + 11. Cột 7, 8: số vụ việc được gia hạn, tạm đình chỉ trong kỳ.",
            "Kết quả giải quyết (đúng, đúng một phần, sai) và kiến nghị xử lý chưa được ghi nhận.",
        ),
    ),
}

#: form_version (ReportPeriodRule.form_version) -> form code -> layout.
FORM_VERSIONS: dict[str, dict[str, FormSpec]] = {"TT 06/2025": TT_06_2025}


def form_spec(form: str, form_version: str) -> FormSpec:
    from django.utils.translation import gettext as _

    if form not in FORM_CODES:
        raise ApplicationError(_("Unknown report form “%(form)s”.") % {"form": form}, extra={"field": "form"})
    layouts = FORM_VERSIONS.get(form_version)
    if layouts is None or form not in layouts:
        raise ApplicationError(
            _("There is no layout of form %(form)s for %(version)s.") % {"form": form, "version": form_version},
            extra={"field": "period"},
        )
    return layouts[form]
