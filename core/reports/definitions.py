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
    #: The form's code and columns come from a peer's extraction, not the official appendix (domain.md §13, 6).
    unverified: bool = False

    @property
    def slug(self) -> str:
        return self.code.replace("/", "-")


FORM_CODES = ("01/TCD", "02/XLD", "03/GQKN", "04/GQTC", "05/KQTH")

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
_PROCESSABLE = "Đơn đủ điều kiện xử lý"
_STATUS = "Vụ việc theo tình trạng giải quyết"


_KN_FIRST = "Kết quả giải quyết lần đầu (vụ việc)"
_KN_SECOND = "Kết quả giải quyết lần hai (vụ việc)"
_TC_RESULT = "Phân tích kết quả giải quyết (vụ việc)"
_MONEY = "Tiền (đồng)"
_LAND = "Đất (m²)"


def _figures(first: int, *, recommended: bool) -> tuple[Column, ...]:
    """The amounts and counts a decision or conclusion records (``ResultFacts``), numbered from
    ``first``: money in đồng and land in m² to recover for the State and to return, organisations and
    persons whose rights were restored, persons disciplined (of whom officials), referrals to the
    investigating body; as recommendations (03, 04) or as ordered by the decisions carried out (05)."""
    state, discipline = (
        ("Kiến nghị thu hồi cho Nhà nước", "Kiến nghị xử lý hành chính")
        if recommended
        else ("Thu hồi cho Nhà nước", "Xử lý hành chính")
    )
    columns = [
        ("state_money", _MONEY, state),
        ("state_land", _LAND, state),
        ("org_money", _MONEY, "Trả lại cho tổ chức"),
        ("org_land", _LAND, "Trả lại cho tổ chức"),
        ("person_money", _MONEY, "Trả lại cho cá nhân"),
        ("person_land", _LAND, "Trả lại cho cá nhân"),
        ("orgs_restored", "Tổ chức", "Số được trả lại quyền lợi"),
        ("persons_restored", "Cá nhân", "Số được trả lại quyền lợi"),
        ("discipline_persons", "Tổng số người", discipline),
        ("discipline_officials", "Trong đó cán bộ, công chức, viên chức", discipline),
        ("investigation_cases", "Số vụ", "Chuyển cơ quan điều tra"),
        ("investigation_persons", "Số người", "Chuyển cơ quan điều tra"),
    ]
    return tuple(Column(str(first + index), label, key, group) for index, (key, label, group) in enumerate(columns))


def _reception(first: str, group: str, prefix: str, *, sessions: bool) -> tuple[Column, ...]:
    """One block of 01/TCD's reception columns: (sessions,) visits, persons, cases first / repeat,
    crowd delegations with their persons and cases first / repeat; keys ``<prefix>visits`` etc.
    (``compute.count_tcd_reception``)."""
    labels = [
        ("sessions", "Kỳ tiếp"),
        ("visits", "Lượt"),
        ("persons", "Người"),
        ("cases_first", "Vụ việc tiếp lần đầu"),
        ("cases_repeat", "Vụ việc tiếp nhiều lần"),
        ("crowds", "Đoàn đông người (số đoàn)"),
        ("crowd_persons", "Người trong đoàn đông người"),
        ("crowd_cases_first", "Vụ việc đoàn đông người tiếp lần đầu"),
        ("crowd_cases_repeat", "Vụ việc đoàn đông người tiếp nhiều lần"),
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
            *_reception("9", _REGULAR, "regular_", sessions=False),
            *_reception("17", _HEAD, "head_", sessions=True),
            *_reception("26", _DELEGATED, "delegated_", sessions=True),
            Column("35", "Tổng số đơn", "reception_total", _PETITIONS),
            Column("36", "Khiếu nại", "reception_complaint", _PETITIONS),
            Column("37", "Tố cáo", "reception_denunciation", _PETITIONS),
            Column("38", "Kiến nghị", "reception_recommendation", _PETITIONS),
            Column("39", "Phản ánh", "reception_feedback", _PETITIONS),
            Column("40", "Nhiều nội dung", "reception_mixed", _PETITIONS),
        ),
        notes=(
            "Cột 1 = 9 + 18 + 27 (lượt tiếp); cột 2 = 10 + 19 + 28 (người được tiếp). Số liệu tính từ sổ tiếp"
            " công dân và biên bản các kỳ tiếp trong kỳ báo cáo.",
            "Vụ việc: mỗi lượt tiếp tính một vụ việc; “tiếp nhiều lần” là lượt tiếp về vụ việc đã được tiếp"
            " trước đó. Đoàn đông người: đoàn từ 05 người trở lên (Điều 29 Luật Tiếp công dân); mỗi lượt tiếp"
            " của đoàn tính một đoàn và một vụ việc (lần đầu hoặc nhiều lần).",
            "Tiếp định kỳ, đột xuất (kể cả tiếp trực tuyến) của Thủ trưởng: “Thủ trưởng tiếp” là các kỳ tiếp"
            " Thủ trưởng trực tiếp chủ trì; “Ủy quyền tiếp” là các kỳ tiếp do cấp phó hoặc người khác chủ trì,"
            " không tính vào số ngày tiếp bắt buộc của Thủ trưởng. Kỳ tiếp: số kỳ tiếp đã tổ chức trong kỳ.",
            "Cột 35 – 40: đơn tiếp nhận tại nơi tiếp công dân trong kỳ, theo loại đơn.",
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
            Column("17", "Số đơn", "processable", _PROCESSABLE),
            Column("18", "Số vụ việc", "processable_cases", _PROCESSABLE),
            Column("19", "Đơn thuộc thẩm quyền", "within_jurisdiction", _PROCESSABLE),
            Column("20", "Chưa được giải quyết", "status_none", _STATUS),
            Column("21", "Đã được giải quyết lần đầu", "status_once", _STATUS),
            Column("22", "Đã được giải quyết nhiều lần", "status_several", _STATUS),
            Column("23", "Văn bản phúc đáp nhận được do chuyển đơn", "forward_replies"),
            Column("", "", FIELD_COLUMNS, "Phân loại theo lĩnh vực"),
        ),
        notes=(
            "Phân loại theo nội dung và theo lĩnh vực tính trên tổng số đơn (cột 1).",
            "Cột 17 – 22: theo kết quả phân loại gần nhất đến cuối kỳ (Điều 6 Thông tư 05/2021/TT-TTCP). Một vụ"
            " việc gồm các đơn cùng nội dung: đơn sau được ghi “cùng vụ việc với đơn số …” khi phân loại."
            " Cột 18 = 20 + 21 + 22 (tình trạng giải quyết của vụ việc khi nhận đơn).",
            "Cột 23: văn bản của cơ quan có thẩm quyền thông báo kết quả giải quyết đơn đã chuyển, ghi nhận trong kỳ.",
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
            Column("12", "Trong đó rút sau khi được giải thích, thuyết phục", "withdrawn_after_explanation", _STOPPED),
            Column("13", "Đình chỉ giải quyết", "terminated", _STOPPED),
            Column("14", "Đang giải quyết cuối kỳ", "open_at_end"),
            Column("15", "Khiếu nại đúng", "verdict_right", _KN_FIRST),
            Column("16", "Khiếu nại sai", "verdict_wrong", _KN_FIRST),
            Column("17", "Khiếu nại đúng một phần", "verdict_partly_right", _KN_FIRST),
            Column("18", "Công nhận quyết định giải quyết lần đầu", "verdict_upheld", _KN_SECOND),
            Column("19", "Hủy, sửa quyết định giải quyết lần đầu", "verdict_annulled", _KN_SECOND),
            *_figures(20, recommended=True),
            Column("32", "Phải tổ chức thực hiện trong kỳ", "execution_due", "Thực hiện quyết định giải quyết"),
            Column("33", "Đã thực hiện xong", "executed", "Thực hiện quyết định giải quyết"),
        ),
        notes=(
            "Cột 1 = 6 + 11 + 13 + 14; cột 9 = 15 + 16 + 17; cột 10 = 18 + 19. Đúng hạn, quá hạn: ngày ban hành"
            " quyết định so với hạn giải quyết.",
            "Cột 15 – 31: theo các quyết định giải quyết ban hành trong kỳ, như đã ghi nhận đến cuối kỳ. Tiền tính"
            " bằng đồng, đất tính bằng m².",
            "Cột 32: quyết định đã ban hành đến cuối kỳ mà chưa thực hiện xong trước kỳ; cột 33: vụ việc kết thúc"
            " sau khi tổ chức thực hiện quyết định, trong kỳ.",
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
            Column("12", "Tố cáo đúng", "verdict_right", _TC_RESULT),
            Column("13", "Tố cáo có đúng, có sai", "verdict_partly_right", _TC_RESULT),
            Column("14", "Tố cáo sai", "verdict_wrong", _TC_RESULT),
            *_figures(15, recommended=True),
            Column("27", "Phải tổ chức thực hiện trong kỳ", "execution_due", "Thực hiện kết luận nội dung tố cáo"),
            Column("28", "Đã thực hiện xong", "executed", "Thực hiện kết luận nội dung tố cáo"),
        ),
        notes=(
            "Cột 1 = 4 + 9 + 10 + 11; cột 4 = 12 + 13 + 14. Cột 7, 8: số vụ việc được gia hạn, tạm đình chỉ trong kỳ.",
            "Cột 12 – 26: theo các kết luận nội dung tố cáo ban hành trong kỳ và việc xử lý kết luận, như đã ghi"
            " nhận đến cuối kỳ. Tiền tính bằng đồng, đất tính bằng m².",
            "Cột 27: kết luận đã ban hành đến cuối kỳ mà chưa thực hiện xong trước kỳ; cột 28: vụ việc kết thúc"
            " sau khi xử lý kết luận, trong kỳ.",
        ),
    ),
    "05/KQTH": FormSpec(
        code="05/KQTH",
        title="TỔNG HỢP KẾT QUẢ THỰC HIỆN QUYẾT ĐỊNH GIẢI QUYẾT KHIẾU NẠI, KẾT LUẬN NỘI DUNG TỐ CÁO",
        columns=(
            Column("1", "Phải thực hiện trong kỳ", "complaint_due", "Quyết định giải quyết khiếu nại"),
            Column("2", "Đã thực hiện xong", "complaint_executed", "Quyết định giải quyết khiếu nại"),
            Column("3", "Phải thực hiện trong kỳ", "denunciation_due", "Kết luận nội dung tố cáo"),
            Column("4", "Đã thực hiện xong", "denunciation_executed", "Kết luận nội dung tố cáo"),
            *_figures(5, recommended=False),
        ),
        notes=(
            "Biểu chưa đối chiếu: mã và tên Biểu 05/KQTH lấy theo danh mục biểu của Thông tư 06/2025/TT-TTCP do một"
            " hệ thống khác trích xuất; chưa có phụ lục chính thức để đối chiếu các cột.",
            "Cột 5 – 16: số liệu ghi trong các quyết định, kết luận đã thực hiện xong trong kỳ. Tiền tính bằng đồng,"
            " đất tính bằng m²; số tiền, đất đã thu, đã trả thực tế chưa được ghi nhận riêng.",
        ),
        unverified=True,
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
