# ruff: noqa: E501
"""Vietnamese translations of the periodic reports' messages (core/reports, api/reports).

Merge into tools/vi_translations.py (VI.update(VI_REPORTS)) or apply after
`manage.py makemessages -l vi`. The report tables' own wording (column labels, titles, notes of
the official forms) is Vietnamese data in core/reports/definitions.py, not msgids.
Terminology follows /work/shared/docs/domain.md §2 and §9.
"""

VI_REPORTS = {
    # --- Periods and period rules (core/reports/periods.py, models.py) -----------
    "Quarter I": "Quý I",
    "Quarter II": "Quý II",
    "Quarter III": "Quý III",
    "Quarter IV": "Quý IV",
    "6 months": "6 tháng",
    "9 months": "9 tháng",
    "Year": "Năm",
    "No report period rule is in force on %(on)s.": "Không có quy định kỳ báo cáo nào có hiệu lực vào ngày %(on)s.",
    "No report period contains %(day)s.": "Không có kỳ báo cáo nào chứa ngày %(day)s.",
    "Unknown report period “%(kind)s”.": "Kỳ báo cáo “%(kind)s” không hợp lệ.",
    "form version": "phiên bản biểu mẫu",
    "cut-off day of the month": "ngày chốt số liệu trong tháng",
    "report period rule": "quy định kỳ báo cáo",
    "report period rules": "quy định kỳ báo cáo",
    "Can view the unit's periodic reports": "Được xem báo cáo định kỳ của đơn vị",
    "Can submit (freeze) the unit's periodic reports": "Được gửi (chốt) báo cáo định kỳ của đơn vị",
    "Can view and roll up the province's reports": "Được xem và tổng hợp báo cáo toàn tỉnh",
    # --- Submissions and roll-up jobs (models.py) -------------------------------
    "period": "kỳ báo cáo",
    "year": "năm",
    "period from": "từ ngày",
    "period to": "đến ngày",
    "period rule": "quy định kỳ báo cáo",
    "figures as submitted": "số liệu đã gửi",
    "submitted by": "người gửi",
    "submitted at": "thời điểm gửi",
    "report submission": "báo cáo đã gửi",
    "report submissions": "báo cáo đã gửi",
    "requested by unit": "đơn vị yêu cầu",
    "All four forms": "Cả bốn biểu",
    "units computed": "số đơn vị đã tính",
    "computed tables": "các biểu đã tính",
    "workbook": "tệp Excel",
    "report roll-up job": "lượt tổng hợp báo cáo toàn tỉnh",
    "report roll-up jobs": "các lượt tổng hợp báo cáo toàn tỉnh",
    # --- Errors (selectors.py, services.py, definitions.py, api) ---------------
    "Unknown report form “%(form)s”.": "Biểu mẫu “%(form)s” không hợp lệ.",
    "There is no layout of form %(form)s for %(version)s.": "Chưa có mẫu biểu %(form)s theo %(version)s.",
    "Choose a year between 2014 and 2100.": "Chọn năm trong khoảng từ 2014 đến 2100.",
    "Only the provincial inspectorate sees the province's reports.": "Chỉ Thanh tra tỉnh được xem báo cáo toàn tỉnh.",
    "This report has not been submitted yet.": "Báo cáo này chưa được gửi.",
    "Only the unit's leaders submit its reports.": "Chỉ lãnh đạo đơn vị được gửi báo cáo của đơn vị.",
    "A report can be submitted once its period has ended (after %(end)s).": (
        "Chỉ gửi được báo cáo khi đã hết kỳ báo cáo (sau ngày %(end)s)."
    ),
    "This report has already been submitted; a submitted report cannot be changed.": (
        "Báo cáo này đã được gửi; báo cáo đã gửi không thể thay đổi."
    ),
    "The roll-up has not finished yet.": "Việc tổng hợp chưa hoàn thành.",
    # --- Forms and messages of the pages (forms.py, views.py) ------------------
    "01/TCD – Citizen reception": "01/TCD – Tiếp công dân",
    "02/XLD – Processing of submissions": "02/XLD – Xử lý đơn",
    "03/GQKN – Resolution of complaints": "03/GQKN – Giải quyết khiếu nại",
    "04/GQTC – Resolution of denunciations": "04/GQTC – Giải quyết tố cáo",
    "Form": "Biểu mẫu",
    "Period": "Kỳ báo cáo",
    "Choose a form, a period and a year.": "Chọn biểu mẫu, kỳ báo cáo và năm.",
    "The report has been submitted; its figures are now frozen.": "Đã gửi báo cáo; số liệu của báo cáo đã được chốt.",
    # --- Templates ---------------------------------------------------------------
    "Periodic reports": "Báo cáo định kỳ",
    "Province reports": "Báo cáo toàn tỉnh",
    "Our unit's own reports": "Báo cáo của đơn vị mình",
    "Choose the report": "Chọn báo cáo",
    "Show": "Xem",
    "figures from %(start)s to %(end)s": "số liệu từ ngày %(start)s đến ngày %(end)s",
    "No.": "STT",
    "Total": "Tổng cộng",
    "Submitted on %(when)s by %(who)s: the figures below are frozen.": (
        "Đã gửi lúc %(when)s bởi %(who)s: số liệu dưới đây đã được chốt."
    ),
    "The period is not over: it can be submitted after %(end)s.": (
        "Kỳ báo cáo chưa kết thúc: có thể gửi sau ngày %(end)s."
    ),
    "Not submitted yet: the figures are computed now from the recorded events.": (
        "Chưa gửi: số liệu được tính ngay từ các sự kiện đã ghi nhận."
    ),
    "Download the Excel file": "Tải tệp Excel",
    "Submit this report? Its figures will be frozen and cannot be changed.": (
        "Gửi báo cáo này? Số liệu sẽ được chốt và không thể thay đổi."
    ),
    "Submit the report": "Gửi báo cáo",
    "A recomputation from the events gives the same figures.": "Tính lại từ các sự kiện cho kết quả như số liệu đã gửi.",
    "A recomputation from the events now gives different figures:": (
        "Tính lại từ các sự kiện hiện cho số liệu khác với bản đã gửi:"
    ),
    "Column": "Cột",
    "Recomputed now": "Tính lại hiện nay",
    "Submissions by unit": "Tình hình gửi báo cáo của các đơn vị",
    "%(submitted)s of %(counter)s unit have submitted this report.": (
        "%(submitted)s/%(counter)s đơn vị đã gửi báo cáo này."
    ),
    "Code": "Mã",
    "Submitted": "Đã gửi",
    "Submitted on": "Ngày gửi",
    "Submitted by": "Người gửi",
    "Same as a recomputation": "Khớp với số liệu tính lại",
    "Not yet": "Chưa gửi",
    "Differs": "Có chênh lệch",
    "Download the province workbook": "Tải tệp Excel toàn tỉnh",
    "Start the province roll-up": "Tổng hợp toàn tỉnh",
    "The roll-up computes every unit of the province in the background and builds one workbook; you can follow its progress.": (
        "Việc tổng hợp tính số liệu của từng đơn vị trong tỉnh ở chế độ nền và lập một tệp Excel; "
        "bạn có thể theo dõi tiến độ."
    ),
    "Recent roll-ups": "Các lượt tổng hợp gần đây",
    "Started by": "Người thực hiện",
    "Province roll-up": "Tổng hợp toàn tỉnh",
    "Back to the province reports": "Quay lại báo cáo toàn tỉnh",
}
