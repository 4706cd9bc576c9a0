"""Vietnamese translations of the unit's public pages (core/reception/public_views.py and
core/reception/templates/reception/public/): msgid -> msgstr, to merge into ``VI`` of
tools/vi_translations.py (then `manage.py makemessages -l vi` and
`tools/translate_vi.py --apply tools/vi_translations.py`).
Terminology follows /work/shared/docs/domain.md §2.
"""

VI_PUBLIC = {
    # --- Navigation and rules page ----------------------------------------------
    "Public pages": "Trang công khai",
    "Reception rules": "Nội quy tiếp công dân",
    "Reception schedule": "Lịch tiếp công dân",
    "Petition status": "Tra cứu tình trạng đơn",
    "Citizen reception": "Tiếp công dân",
    "Reception address": "Địa điểm tiếp công dân",
    "Reception hours": "Thời gian tiếp công dân",
    "Leaders' reception schedule": "Lịch tiếp công dân của lãnh đạo",
    "Look up the status of a petition by its receipt code": "Tra cứu tình trạng giải quyết đơn theo mã tiếp nhận",
    "The unit has not published its reception rules yet.": "Đơn vị chưa công bố nội quy tiếp công dân.",
    # --- Schedule -----------------------------------------------------------------
    "Date": "Ngày",
    "Time": "Giờ",
    "Place": "Địa điểm",
    "Kind": "Hình thức",
    "Presided by": "Người chủ trì",
    "Postponed": "Hoãn",
    "A deputy presides in place of the head of the unit (%(head)s), who cannot attend this session.": (
        "Cấp phó chủ trì thay người đứng đầu (%(head)s) do người đứng đầu vắng mặt buổi tiếp này."
    ),
    "A deputy presides in place of the head of the unit, who cannot attend this session.": (
        "Cấp phó chủ trì thay người đứng đầu do người đứng đầu vắng mặt buổi tiếp này."
    ),
    "No upcoming reception sessions have been announced.": "Chưa có lịch tiếp công dân sắp tới được công bố.",
    "Recent sessions held": "Các buổi tiếp đã tổ chức gần đây",
    "Monday": "Thứ Hai",
    "Tuesday": "Thứ Ba",
    "Wednesday": "Thứ Tư",
    "Thursday": "Thứ Năm",
    "Friday": "Thứ Sáu",
    "Saturday": "Thứ Bảy",
    "Sunday": "Chủ nhật",
    # --- Status lookup ----------------------------------------------------------
    "Receipt code": "Mã tiếp nhận",
    "Enter the receipt code printed on the receipt you were given when your petition was registered.": (
        "Nhập mã tiếp nhận in trên phiếu tiếp nhận bạn được giao khi đơn được vào sổ."
    ),
    "A receipt code has 12 letters and digits, like ABCD-EFGH-JKMN. Please check your receipt.": (
        "Mã tiếp nhận gồm 12 chữ cái và chữ số, dạng ABCD-EFGH-JKMN. Vui lòng kiểm tra lại phiếu tiếp nhận."
    ),
    "Look up": "Tra cứu",
    "Your petition": "Đơn của bạn",
    "Registry number": "Số vào sổ",
    "Date received": "Ngày nhận đơn",
    "Type": "Loại đơn",
    "Status": "Trạng thái",
    "Next due date": "Hạn gần nhất",
    "No petition was found with this receipt code. Please check the code on your receipt.": (
        "Không tìm thấy đơn có mã tiếp nhận này. Vui lòng kiểm tra lại mã trên phiếu tiếp nhận."
    ),
    "Too many lookups from your connection. Please wait %(minutes)s minutes and try again.": (
        "Bạn đã tra cứu quá nhiều lần. Vui lòng chờ %(minutes)s phút rồi thử lại."
    ),
}
