"""Vietnamese translations of the citizen reception pages, API and services (msgid -> msgstr).

Also covers the reception models' and choices' labels, which those pages show. After
`manage.py makemessages -l vi`, apply with (the module also exports the dict as ``VI``):

    .venv/bin/python tools/translate_vi.py --apply tools/vi_reception.py

Terminology follows /work/shared/docs/domain.md §2 (tiếp công dân, buổi tiếp, chủ trì, cấp phó,
thông báo kết quả và ý kiến chỉ đạo giải quyết, điểm nóng, đoàn đông người, đối thoại).
"""

VI_RECEPTION = {
    # --- Services: sessions, notices, follow-up tasks, dialogues -----------------------------
    "This session is “%(status)s”: only a planned session can be changed.": (
        "Buổi tiếp đang ở trạng thái “%(status)s”: chỉ thay đổi được buổi tiếp chưa diễn ra."
    ),
    "The presiding person must be an active leader of the unit.": (
        "Người chủ trì phải là lãnh đạo đang công tác của đơn vị."
    ),
    "A reason for substitution goes with a substitution only.": "Chỉ ghi lý do khi có cấp phó tiếp thay.",
    "Say why the head cannot preside (the reason is announced with the schedule).": (
        "Nêu lý do người đứng đầu không thể chủ trì (lý do được công khai cùng lịch tiếp)."
    ),
    "The head presiding in person is not a substitution.": (
        "Người đứng đầu trực tiếp chủ trì thì không phải là tiếp thay."
    ),
    "The session must end after it starts.": "Giờ kết thúc phải sau giờ bắt đầu.",
    "Not published yet, and the last day to publish at least %(days)d working days ahead was %(latest)s (%(basis)s).": (
        "Chưa công khai lịch, trong khi hạn cuối để công khai trước ít nhất %(days)d ngày làm việc là %(latest)s "
        "(%(basis)s)."
    ),
    "Published on %(published)s, later than %(latest)s: the schedule must be public at least %(days)d working days "
    "ahead (%(basis)s).": (
        "Công khai ngày %(published)s, muộn hơn hạn %(latest)s: lịch tiếp phải được công khai trước ít nhất "
        "%(days)d ngày làm việc (%(basis)s)."
    ),
    "Unknown kind of session.": "Hình thức buổi tiếp không hợp lệ.",
    "A session cannot be scheduled in the past.": "Không thể xếp lịch tiếp vào ngày đã qua.",
    "Say where citizens will be received (or the online points).": (
        "Nêu địa điểm tiếp công dân (hoặc các điểm cầu trực tuyến)."
    ),
    "%(name)s already has a session on %(date)s at %(time)s.": "%(name)s đã có lịch tiếp ngày %(date)s lúc %(time)s.",
    "Choose a day of the week.": "Chọn thứ trong tuần.",
    "The period must end after it starts.": "Ngày kết thúc phải sau ngày bắt đầu.",
    "Schedule at most one year at a time.": "Mỗi lần chỉ xếp lịch tối đa một năm.",
    "No working day of that kind falls in the period.": (
        "Trong khoảng thời gian này không có ngày làm việc nào như vậy."
    ),
    "The publication date cannot be in the future.": "Ngày công khai không thể ở tương lai.",
    "A schedule cannot be published after the session.": "Không thể công khai lịch sau ngày tiếp.",
    "This deputy already stands in for the head at this session.": "Cấp phó này đã được phân công tiếp thay buổi này.",
    "Give the reason for the postponement.": "Nêu lý do hoãn buổi tiếp.",
    "The new date must be after the original one.": "Ngày tiếp mới phải sau ngày đã định.",
    "Give the reason for the cancellation.": "Nêu lý do hủy buổi tiếp.",
    "That session is not on the day of the visit.": "Buổi tiếp đã chọn không diễn ra vào ngày tiếp công dân này.",
    "Visits can no longer be added to that session.": "Không thể ghi thêm lượt tiếp vào buổi tiếp này.",
    "A “%(status)s” session cannot be held.": "Buổi tiếp ở trạng thái “%(status)s” không thể ghi nhận đã tiếp.",
    "The results notice has been issued: the session record is closed.": (
        "Đã ban hành thông báo kết quả: hồ sơ buổi tiếp đã khóa."
    ),
    "A session cannot be recorded as held before its date.": "Chưa đến ngày tiếp, không thể ghi nhận đã tiếp.",
    "Unknown visit.": "Không tìm thấy lượt tiếp.",
    "Unknown matter.": "Không tìm thấy vụ việc.",
    "Visit %(number)s was not received on the session's day.": (
        "Lượt tiếp số %(number)s không diễn ra trong ngày của buổi tiếp."
    ),
    "Visit %(number)s belongs to another session.": "Lượt tiếp số %(number)s thuộc buổi tiếp khác.",
    "Unknown reception officer.": "Không tìm thấy cán bộ tiếp công dân.",
    "The responsible officer's account is not active.": "Tài khoản của cán bộ được giao không còn hoạt động.",
    "Record the session as held before giving its instructions.": (
        "Ghi nhận buổi tiếp đã diễn ra trước khi ghi ý kiến chỉ đạo."
    ),
    "The results notice has been issued: its instructions are final.": (
        "Đã ban hành thông báo kết quả: không thể thay đổi ý kiến chỉ đạo."
    ),
    "That visit was not received in this session.": "Lượt tiếp này không thuộc buổi tiếp.",
    "Write the leader's instruction.": "Ghi ý kiến chỉ đạo của lãnh đạo.",
    "Name the body responsible.": "Nêu cơ quan, đơn vị được giao.",
    "The due date cannot be before the session.": "Thời hạn không thể trước ngày tiếp.",
    "Only a held session has a results notice.": "Chỉ buổi tiếp đã diễn ra mới có thông báo kết quả.",
    "The results notice of this session has already been issued.": (
        "Thông báo kết quả của buổi tiếp này đã được ban hành."
    ),
    "Give the notice its number.": "Nhập số thông báo.",
    "The notice date must be between the session and today.": "Ngày thông báo phải từ ngày tiếp đến hôm nay.",
    "Another notice of this year already has number %(number)s.": "Đã có thông báo khác trong năm mang số %(number)s.",
    "Record the leader's instruction on at least one matter first.": (
        "Cần ghi ý kiến chỉ đạo cho ít nhất một vụ việc trước."
    ),
    "Only the responsible officer or a leader can close this task.": (
        "Chỉ cán bộ được giao hoặc lãnh đạo mới được kết thúc nhiệm vụ này."
    ),
    "This task is already done.": "Nhiệm vụ này đã hoàn thành.",
    "Describe the result (and how the citizen was answered).": "Nêu kết quả (và việc trả lời công dân).",
    "The date done must be between the session and today.": "Ngày hoàn thành phải từ ngày tiếp đến hôm nay.",
    "Dialogues are held on complaints being resolved (accepted or under verification).": (
        "Chỉ tổ chức đối thoại với khiếu nại đang được giải quyết (đã thụ lý hoặc đang xác minh)."
    ),
    "The invitation date cannot be in the future.": "Ngày gửi giấy mời không thể ở tương lai.",
    "The dialogue must come after the invitations.": "Ngày đối thoại phải sau ngày gửi giấy mời.",
    "Say where the dialogue takes place.": "Nêu địa điểm đối thoại.",
    "List who is invited to the dialogue.": "Nêu thành phần được mời đối thoại.",
    "Invitations must be sent at least %(days)d days before the dialogue, by %(latest)s (%(basis)s): "
    "choose a later date.": (
        "Giấy mời phải được gửi trước ngày đối thoại ít nhất %(days)d ngày, chậm nhất ngày %(latest)s (%(basis)s): "
        "hãy chọn ngày đối thoại muộn hơn."
    ),
    "This dialogue has already been recorded.": "Buổi đối thoại này đã được ghi nhận.",
    "A dialogue cannot be recorded before its date.": "Chưa đến ngày đối thoại, không thể ghi nhận.",
    # --- Services: visit log (core/reception/services.py) ------------------------------------
    "The visit cannot be in the future.": "Thời điểm tiếp không thể ở tương lai.",
    "Write down what the citizen raised.": "Ghi nội dung công dân trình bày.",
    "Unknown outcome.": "Kết quả xử lý không hợp lệ.",
    "Record who came (name and identity document).": "Ghi người đến (họ tên và giấy tờ tùy thân).",
    "A group of %(n)d people appoints %(low)d to %(high)d representatives (Reception Law Art. 29).": (
        "Đoàn %(n)d người cử từ %(low)d đến %(high)d người đại diện (Điều 29 Luật Tiếp công dân)."
    ),
    "Give the legal ground for refusing.": "Nêu căn cứ pháp lý từ chối tiếp.",
    "This ground for refusal exists only from 1/7/2026 (NĐ 154/2026).": (
        "Căn cứ từ chối này chỉ áp dụng từ ngày 01/7/2026 (Nghị định 154/2026)."
    ),
    "A refusal ground goes with a refusal only.": "Chỉ ghi căn cứ từ chối khi từ chối tiếp.",
    # --- Staff services --------------------------------------------------------------------------
    "That account is not active.": "Tài khoản này không còn hoạt động.",
    "Give the officer's full name.": "Nhập họ và tên cán bộ.",
    "Say whether the officer is full-time or part-time.": "Chọn chuyên trách hoặc kiêm nhiệm.",
    "The appointment date cannot be in the future.": "Ngày bố trí không thể ở tương lai.",
    "That account already belongs to another officer of the registry.": (
        "Tài khoản này đã gắn với một cán bộ khác trong danh sách."
    ),
    "Unknown field.": "Trường không hợp lệ.",
    "Name the course.": "Nhập tên khóa bồi dưỡng.",
    "The completion date cannot be in the future.": "Ngày hoàn thành không thể ở tương lai.",
    "Give the room a name.": "Nhập tên phòng.",
    "Give the room's address.": "Nhập địa chỉ phòng.",
    "The head's account is not active.": "Tài khoản của người đứng đầu không còn hoạt động.",
    # --- Selectors -------------------------------------------------------------------------------
    "Group of %(n)d, represented by %(names)s": "Đoàn %(n)d người, đại diện: %(names)s",
    "%(names)s (%(n)d people)": "%(names)s (%(n)d người)",
    # --- Choices ---------------------------------------------------------------------------------
    "Regular reception (officer)": "Tiếp thường xuyên (cán bộ)",
    "Periodic reception (leader)": "Tiếp định kỳ (lãnh đạo)",
    "Ad-hoc reception (leader)": "Tiếp đột xuất (lãnh đạo)",
    "Online reception": "Tiếp trực tuyến",
    "Guided to the competent body": "Hướng dẫn đến cơ quan có thẩm quyền",
    "Petition registered": "Tiếp nhận, vào sổ đơn",
    "Reception refused": "Từ chối tiếp",
    "Forwarded to the competent body": "Chuyển đến cơ quan có thẩm quyền",
    "Explained and answered on the spot": "Giải thích, trả lời trực tiếp",
    "Intoxicated or without capacity, and no representative": (
        "Say rượu, mất năng lực hành vi dân sự mà không có người đại diện"
    ),
    "Threatening, insulting or breaking the reception rules": "Đe dọa, xúc phạm hoặc vi phạm nội quy nơi tiếp công dân",
    "Persistent about a matter already resolved and notified in writing": (
        "Cố tình khiếu nại, tố cáo vụ việc đã được giải quyết đúng quy định và đã có văn bản trả lời"
    ),
    "Carrying weapons or dangerous items, or refusing a security check": (
        "Mang vũ khí, vật nguy hiểm hoặc không chấp hành kiểm tra an ninh"
    ),
    "Recording or livestreaming after being told not to": "Ghi âm, ghi hình, phát trực tiếp khi đã được yêu cầu dừng",
    "Representative without proof of representation": "Người đại diện không có giấy tờ chứng minh việc đại diện",
    "Not a complaint, denunciation, recommendation or feedback": (
        "Nội dung không phải khiếu nại, tố cáo, kiến nghị, phản ánh"
    ),
    "Final court judgment not open to review": "Bản án đã có hiệu lực pháp luật, không thuộc diện xem xét lại",
    "Already being handled by another competent agency": "Vụ việc đang được cơ quan có thẩm quyền khác giải quyết",
    "Periodic": "Định kỳ",
    "Ad-hoc": "Đột xuất",
    "Planned": "Theo lịch",
    "Held": "Đã tiếp",
    "Postponed": "Hoãn",
    "Cancelled": "Hủy",
    "Low": "Thấp",
    "Medium": "Trung bình",
    "High": "Cao",
    "Full-time": "Chuyên trách",
    "Part-time": "Kiêm nhiệm",
    # --- Models ----------------------------------------------------------------------------------
    "head of the unit": "người đứng đầu",
    "head's title": "chức danh người đứng đầu",
    "reception rules (nội quy)": "nội quy tiếp công dân",
    "reception address": "địa điểm tiếp công dân",
    "reception hours": "thời gian tiếp công dân",
    "unit profile": "thông tin đơn vị",
    "Can record citizens' visits": "Được ghi sổ tiếp công dân",
    "Can schedule and record leaders' reception sessions": "Được xếp lịch và ghi nhận buổi tiếp của lãnh đạo",
    "Can manage reception staff, rooms and rules": "Được quản lý cán bộ, phòng tiếp và nội quy tiếp công dân",
    "matter": "vụ việc",
    "matters": "vụ việc",
    "hot spot": "điểm nóng",
    "risk level": "mức độ phức tạp",
    "hot spot note": "ghi chú điểm nóng",
    "crowd delegations": "đoàn đông người",
    "visits": "lượt tiếp",
    "first visit": "lần đến đầu tiên",
    "last visit": "lần đến gần nhất",
    "resolved": "đã giải quyết xong",
    "from": "từ",
    "to": "đến",
    "place": "địa điểm",
    "presiding leader": "lãnh đạo chủ trì",
    "deputy stands in for the head": "cấp phó tiếp thay người đứng đầu",
    "why the head cannot preside": "lý do người đứng đầu không chủ trì",
    "published on": "ngày công khai",
    "shown on the public schedule": "hiển thị trên lịch tiếp công khai",
    "reason for postponement": "lý do hoãn",
    "attending": "thành phần tham dự",
    "minutes": "biên bản",
    "results notice no.": "số thông báo kết quả",
    "results notice date": "ngày thông báo kết quả",
    "reception officers attending": "cán bộ tiếp công dân tham gia",
    "moved to": "chuyển sang",
    "reception session": "buổi tiếp công dân",
    "reception sessions": "buổi tiếp công dân",
    "no.": "số thứ tự",
    "date and time": "ngày giờ tiếp",
    "reception": "hình thức tiếp",
    "session": "buổi tiếp",
    "received by": "người tiếp",
    "number of people": "số người",
    "crowd delegation": "đoàn đông người",
    "content": "nội dung",
    "already resolved by": "cơ quan đã giải quyết",
    "documents handed in": "tài liệu công dân cung cấp",
    "refusal reason": "lý do từ chối",
    "guided or forwarded to": "hướng dẫn hoặc chuyển đến",
    "repeat visit": "tiếp nhiều lần",
    "outcome notice due": "hạn thông báo kết quả",
    "notice rule": "căn cứ thời hạn",
    "outcome notified on": "ngày đã thông báo kết quả",
    "visit": "lượt tiếp",
    "instruction": "ý kiến chỉ đạo",
    "instructions": "ý kiến chỉ đạo",
    "responsible body": "cơ quan, đơn vị được giao",
    "responsible officer": "cán bộ được giao",
    "done on": "ngày hoàn thành",
    "result": "kết quả",
    "scheduled for": "thời gian đối thoại",
    "invitations sent on": "ngày gửi giấy mời",
    "participants": "thành phần",
    "held": "đã tổ chức",
    "dialogue": "đối thoại",
    "dialogues": "đối thoại",
    "employment": "chế độ",
    "appointed on": "ngày bố trí",
    "reception officer": "cán bộ tiếp công dân",
    "reception officers": "cán bộ tiếp công dân",
    "course": "khóa bồi dưỡng",
    "completed on": "ngày hoàn thành",
    "certificate no.": "số chứng chỉ",
    "training": "bồi dưỡng nghiệp vụ",
    "trainings": "bồi dưỡng nghiệp vụ",
    "address": "địa chỉ",
    "seats": "số chỗ ngồi",
    "equipment": "trang thiết bị",
    "step-free access": "lối đi cho người khuyết tật",
    "equipped for online reception": "đủ điều kiện tiếp trực tuyến",
    "reception room": "phòng tiếp công dân",
    "reception rooms": "phòng tiếp công dân",
    # --- Forms -----------------------------------------------------------------------------------
    "Monday": "Thứ Hai",
    "Tuesday": "Thứ Ba",
    "Wednesday": "Thứ Tư",
    "Thursday": "Thứ Năm",
    "Friday": "Thứ Sáu",
    "Saturday": "Thứ Bảy",
    "Sunday": "Chủ nhật",
    "Time": "Giờ",
    "Place": "Địa điểm",
    "Reception": "Tiếp công dân",
    "Leader's session": "Buổi tiếp của lãnh đạo",
    "The decision, act or person concerned; used as the petition's subject.": (
        "Quyết định, hành vi hoặc người bị khiếu nại, tố cáo; dùng làm đối tượng của đơn."
    ),
    "Content raised": "Nội dung trình bày",
    "Already resolved by": "Cơ quan đã giải quyết",
    "Documents handed in": "Tài liệu công dân cung cấp",
    "Number of people": "Số người",
    "From 5 people a visit is a crowd delegation: mark its representatives below.": (
        "Từ 5 người trở lên là đoàn đông người: đánh dấu người đại diện ở bảng dưới."
    ),
    "Earlier matter (repeat visit)": "Vụ việc đã đến trước đây (tiếp nhiều lần)",
    "Leave empty: a repeat is also found by the same identity number in the same field.": (
        "Có thể để trống: hệ thống tự nhận biết qua cùng số giấy tờ, cùng lĩnh vực."
    ),
    "“Petition registered” registers the petition in the same step and issues its receipt code.": (
        "“Tiếp nhận, vào sổ đơn” vào sổ đơn ngay và cấp mã tiếp nhận."
    ),
    "Legal ground for refusing": "Căn cứ từ chối tiếp",
    "Guided or forwarded to": "Hướng dẫn hoặc chuyển đến",
    "Notes": "Ghi chú",
    "From": "Từ ngày",
    "To": "Đến ngày",
    "Crowd delegations": "Đoàn đông người",
    "Crowds only": "Chỉ đoàn đông người",
    "Repeat visits": "Tiếp nhiều lần",
    "Repeat visits only": "Chỉ lượt tiếp nhiều lần",
    "First visits only": "Chỉ lượt tiếp lần đầu",
    "Hot spot": "Điểm nóng",
    "Risk level": "Mức độ phức tạp",
    "Choose the risk level.": "Chọn mức độ phức tạp.",
    "Kind": "Hình thức",
    "For a weekly schedule: the first day of the period.": "Với lịch hằng tuần: ngày đầu của khoảng thời gian.",
    "Presiding leader": "Lãnh đạo chủ trì",
    "A deputy stands in for the head": "Cấp phó tiếp thay người đứng đầu",
    "Why the head cannot preside": "Lý do người đứng đầu không chủ trì",
    "Show on the public schedule": "Công khai trên lịch tiếp",
    "Repeat every week": "Lặp lại hằng tuần",
    "Day of the week": "Thứ trong tuần",
    "Until": "Đến ngày",
    "Say until when.": "Nhập ngày kết thúc.",
    "Published on": "Ngày công khai",
    "Deputy presiding": "Cấp phó chủ trì",
    "New date": "Ngày tiếp mới",
    "New time": "Giờ tiếp mới",
    "Attending": "Thành phần tham dự",
    "Leaders of other agencies, the note-taker, police…": "Lãnh đạo cơ quan liên quan, thư ký ghi biên bản, công an…",
    "Reception officers attending": "Cán bộ tiếp công dân tham gia",
    "Visits received in the session": "Lượt tiếp trong buổi",
    "Minutes": "Biên bản",
    "Ended at": "Kết thúc lúc",
    "Starts at": "Bắt đầu lúc",
    "Ends at": "Kết thúc dự kiến",
    "Matter": "Vụ việc",
    "Leader's instruction": "Ý kiến chỉ đạo",
    "Responsible body": "Cơ quan, đơn vị được giao",
    "Responsible officer": "Cán bộ được giao",
    "(general instruction)": "(chỉ đạo chung)",
    "Notice no.": "Số thông báo",
    "For example 15/TB-UBND.": "Ví dụ 15/TB-UBND.",
    "Notice date": "Ngày thông báo",
    "Result": "Kết quả",
    "Done on": "Ngày hoàn thành",
    "Participants": "Thành phần",
    "The complainant, the person complained about, the verifying officer, related agencies.": (
        "Người khiếu nại, người bị khiếu nại, người được giao xác minh, cơ quan liên quan."
    ),
    "Invitations sent on": "Ngày gửi giấy mời",
    "Employment": "Chế độ",
    "Appointed on": "Ngày bố trí",
    "Account": "Tài khoản",
    "Links the visits they receive, for their duty days.": "Gắn với các lượt tiếp của cán bộ, để tính ngày trực.",
    "Course": "Khóa bồi dưỡng",
    "Completed on": "Ngày hoàn thành",
    "Certificate no.": "Số chứng chỉ",
    "Name": "Tên",
    "Seats": "Số chỗ ngồi",
    "Equipment": "Trang thiết bị",
    "Step-free access": "Lối đi cho người khuyết tật",
    "Equipped for online reception": "Đủ điều kiện tiếp trực tuyến",
    "Head of the unit": "Người đứng đầu",
    "Only the sessions the head presides in person count toward the legal minimum.": (
        "Chỉ các buổi người đứng đầu trực tiếp chủ trì mới được tính vào số ngày tiếp tối thiểu."
    ),
    "Head's title": "Chức danh người đứng đầu",
    "Reception address": "Địa điểm tiếp công dân",
    "Reception hours": "Thời gian tiếp công dân",
    "Reception rules (nội quy)": "Nội quy tiếp công dân",
    "Shown on the unit's public page.": "Hiển thị trên trang công khai của đơn vị.",
    # --- Views (messages) ------------------------------------------------------------------------
    "Visit logged with number": "Đã ghi sổ tiếp công dân số",
    "Visit logged with number %(number)s.": "Đã ghi sổ tiếp công dân số %(number)s.",
    "Recorded: the citizen was told the outcome.": "Đã ghi nhận: đã thông báo kết quả cho công dân.",
    "Matter #%(pk)d updated.": "Đã cập nhật vụ việc #%(pk)d.",
    "%(n)d sessions scheduled. Publish each at least 5 working days ahead.": (
        "Đã xếp %(n)d buổi tiếp. Công khai từng buổi trước ít nhất 5 ngày làm việc."
    ),
    "Days off skipped: %(days)s.": "Bỏ qua các ngày nghỉ: %(days)s.",
    "Session scheduled. Publish it at least 5 working days ahead.": (
        "Đã xếp lịch tiếp. Công khai lịch trước ít nhất 5 ngày làm việc."
    ),
    "Publication recorded.": "Đã ghi nhận việc công khai lịch tiếp.",
    "Substitution recorded; the public schedule announces it.": (
        "Đã ghi nhận việc tiếp thay; lịch công khai có thông báo."
    ),
    "Session postponed.": "Đã hoãn buổi tiếp.",
    "Session cancelled.": "Đã hủy buổi tiếp.",
    "Session record saved.": "Đã lưu hồ sơ buổi tiếp.",
    "Instruction added: it is now a follow-up task.": "Đã thêm ý kiến chỉ đạo: đã chuyển thành nhiệm vụ theo dõi.",
    "Results notice issued.": "Đã ban hành thông báo kết quả.",
    "The new session must be published in its turn.": "Buổi tiếp mới cũng phải được công khai.",
    "Task done: the result is recorded.": "Đã hoàn thành: kết quả đã được ghi nhận.",
    "Dialogue scheduled.": "Đã xếp lịch đối thoại.",
    "Dialogue recorded.": "Đã ghi nhận buổi đối thoại.",
    "Officer added to the registry.": "Đã thêm cán bộ vào danh sách.",
    "Saved.": "Đã lưu.",
    "Room added.": "Đã thêm phòng tiếp.",
    "Room removed.": "Đã xóa phòng tiếp.",
    # --- Templates -------------------------------------------------------------------------------
    "Today": "Hôm nay",
    "Log a visit": "Ghi sổ tiếp",
    "Reception log": "Sổ tiếp công dân",
    "Matters and hot spots": "Vụ việc, điểm nóng",
    "Leaders' sessions": "Lịch tiếp của lãnh đạo",
    "Leaders' reception sessions": "Lịch tiếp công dân của lãnh đạo",
    "Follow-up tasks": "Theo dõi thực hiện",
    "Dialogues": "Đối thoại",
    "Reception staff": "Cán bộ tiếp công dân",
    "Rooms": "Phòng tiếp",
    "Unit profile": "Thông tin đơn vị",
    "Compliance": "Việc tiếp định kỳ",
    "Unit's reception profile": "Thông tin tiếp công dân của đơn vị",
    "The reception rules, address and hours are shown on the unit's public page.": (
        "Nội quy, địa điểm và thời gian tiếp công dân được công khai trên trang của đơn vị."
    ),
    "Public page": "Trang công khai",
    "Save": "Lưu",
    "Trained": "Đã bồi dưỡng",
    "active officers with at least one training": "cán bộ đang làm nhiệm vụ đã qua ít nhất một khóa bồi dưỡng",
    "Trainings": "Bồi dưỡng nghiệp vụ",
    "Not trained": "Chưa bồi dưỡng",
    "No officer in the registry yet.": "Chưa có cán bộ nào trong danh sách.",
    "Duty days (reception allowance)": "Ngày trực tiếp công dân (tính chế độ bồi dưỡng)",
    "Distinct days on which the officer received citizens, or presided or attended a held session.": (
        "Số ngày cán bộ trực tiếp tiếp công dân, hoặc chủ trì, tham gia buổi tiếp đã diễn ra."
    ),
    "Show": "Xem",
    "Duty days": "Số ngày",
    "Dates": "Các ngày",
    "Add an officer": "Thêm cán bộ",
    "Add to the registry": "Thêm vào danh sách",
    "Reception rooms": "Phòng tiếp công dân",
    "No room registered.": "Chưa có phòng tiếp nào.",
    "Add a room": "Thêm phòng tiếp",
    "Add the room": "Thêm phòng",
    "Remove the room": "Xóa phòng",
    "Dialogues with the parties of a complaint under resolution. Invitations go out at least 5 days before "
    "(NĐ 155/2026, Art. 11).": (
        "Đối thoại với các bên của khiếu nại đang giải quyết. Giấy mời gửi trước ít nhất 5 ngày "
        "(Điều 11 Nghị định 155/2026)."
    ),
    "No dialogue scheduled.": "Chưa có lịch đối thoại.",
    "Schedule a dialogue": "Xếp lịch đối thoại",
    "Schedule the dialogue": "Xếp lịch đối thoại",
    "A matter gathers the visits about the same subject. Repeated matters and crowd delegations may become hot "
    "spots: mark them with a risk level so that leaders follow them.": (
        "Mỗi vụ việc gom các lượt tiếp cùng nội dung. Vụ việc tiếp nhiều lần, có đoàn đông người có thể trở thành "
        "điểm nóng: đánh dấu kèm mức độ phức tạp để lãnh đạo theo dõi."
    ),
    "Hot spots": "Điểm nóng",
    "Repeated or crowd matters": "Vụ việc nhiều lần hoặc đông người",
    "Visits": "Lượt tiếp",
    "Last visit": "Lần đến gần nhất",
    "Crowd": "Đông người",
    "Resolved": "Đã giải quyết",
    "No matter yet.": "Chưa có vụ việc nào.",
    "Schedule sessions": "Xếp lịch tiếp",
    "Schedules are published at least 5 working days ahead (Reception Law, Art. 24). A deputy standing in for the "
    "head is announced and never counts toward the head's own reception days.": (
        "Lịch tiếp được công khai trước ít nhất 5 ngày làm việc (Điều 24 Luật Tiếp công dân). Cấp phó tiếp thay được "
        "thông báo công khai và không bao giờ được tính là ngày tiếp của người đứng đầu."
    ),
    "Public schedule": "Lịch tiếp công khai",
    "Presiding": "Chủ trì",
    "Published": "Công khai",
    "Results notice": "Thông báo kết quả",
    "Deputy stands in": "Cấp phó tiếp thay",
    "Late": "Muộn",
    "No session scheduled.": "Chưa có lịch tiếp.",
    "Each instruction of a results notice is a task for the responsible body or officer, tracked until its result "
    "is reported and the citizen answered.": (
        "Mỗi ý kiến chỉ đạo trong thông báo kết quả là một nhiệm vụ của cơ quan, cán bộ được giao, được theo dõi đến "
        "khi báo cáo kết quả và trả lời công dân."
    ),
    "All": "Tất cả",
    "Everyone's tasks": "Tất cả nhiệm vụ",
    "My tasks": "Nhiệm vụ của tôi",
    "Session": "Buổi tiếp",
    "Responsible": "Được giao",
    "Report it done": "Báo cáo hoàn thành",
    "Record the result": "Ghi kết quả",
    "No task here.": "Không có nhiệm vụ nào.",
    "visits today": "lượt tiếp hôm nay",
    "people received today": "người được tiếp hôm nay",
    "open follow-up tasks": "nhiệm vụ đang theo dõi",
    "overdue follow-up tasks": "nhiệm vụ quá hạn",
    "Leaders' sessions today": "Lãnh đạo tiếp công dân hôm nay",
    "Log a visit in this session": "Ghi lượt tiếp trong buổi này",
    "No leader's session today.": "Hôm nay không có lịch tiếp của lãnh đạo.",
    "Next sessions": "Các buổi tiếp sắp tới",
    "Not published": "Chưa công khai",
    "Today's reception log": "Sổ tiếp công dân hôm nay",
    "The whole reception log": "Toàn bộ sổ tiếp công dân",
    "Citizens still to be told the outcome": "Công dân chưa được thông báo kết quả",
    "Within 10 working days of the visit (Reception Law, Art. 28(1)).": (
        "Trong 10 ngày làm việc kể từ ngày tiếp nhận (khoản 1 Điều 28 Luật Tiếp công dân)."
    ),
    "Dialogue of %(date)s": "Đối thoại ngày %(date)s",
    "All dialogues": "Tất cả buổi đối thoại",
    "While the complaint is under verification, its lifecycle records the dialogue too.": (
        "Khi khiếu nại đang xác minh, quá trình giải quyết cũng ghi nhận buổi đối thoại."
    ),
    "One session, or a regular schedule (for example every Thursday morning) for a period: public holidays are "
    "skipped. Then publish each session at least 5 working days before it.": (
        "Một buổi, hoặc lịch định kỳ (ví dụ sáng thứ Năm hằng tuần) trong một khoảng thời gian: bỏ qua ngày lễ, "
        "Tết. Sau đó công khai từng buổi trước ít nhất 5 ngày làm việc."
    ),
    "Substitution": "Tiếp thay",
    "When a deputy presides because the head cannot, it is announced on the public schedule and never counted as "
    "the head's own session.": (
        "Khi cấp phó chủ trì thay người đứng đầu, việc này được thông báo trên lịch công khai và không được tính là "
        "buổi tiếp của người đứng đầu."
    ),
    "Regular schedule": "Lịch định kỳ",
    "Schedule": "Xếp lịch",
    "When and where": "Thời gian, địa điểm",
    "Who came": "Người đến",
    "One row per person (for a large group, at least its representatives). Groups of 5 to 10 people appoint 1 or 2 "
    "representatives; larger groups up to 5 (Reception Law, Art. 29). A denouncer's identity is not stored in the "
    "log: for a denunciation it is sealed with the petition.": (
        "Mỗi người một dòng (đoàn đông người: ít nhất những người đại diện). Đoàn từ 5 đến 10 người cử 1 hoặc 2 người "
        "đại diện; đoàn đông hơn cử không quá 5 người (Điều 29 Luật Tiếp công dân). Thông tin người tố cáo không lưu "
        "trong sổ tiếp: với tố cáo, thông tin được giữ bí mật cùng đơn."
    ),
    "More rows": "Thêm dòng",
    "reloads the empty form": "tải lại biểu mẫu trống",
    "What they raised": "Nội dung trình bày",
    "Record the visit": "Ghi sổ",
    "No.": "Số",
    "Date and time": "Ngày giờ",
    "Content": "Nội dung",
    "Repeat": "Nhiều lần",
    "No visit recorded.": "Chưa có lượt tiếp nào.",
    "No training recorded.": "Chưa có khóa bồi dưỡng nào.",
    "Record a training": "Ghi khóa bồi dưỡng",
    "Record the training": "Ghi khóa bồi dưỡng",
    "Edit": "Sửa",
    "The head's reception days": "Số ngày tiếp công dân của người đứng đầu",
    "Days on which the head presided a session in person, against the legal minimum in force in each week or "
    "month. Sessions where a deputy stood in are shown apart and never counted: the law gives no basis for "
    "delegating this duty.": (
        "Số ngày người đứng đầu trực tiếp chủ trì tiếp công dân, so với mức tối thiểu theo quy định có hiệu lực trong "
        "từng tuần hoặc tháng. Các buổi cấp phó tiếp thay được thống kê riêng và không được tính: pháp luật không "
        "quy định việc ủy quyền tiếp công dân."
    ),
    "No head of the unit is recorded: set one in the unit profile, or no day can count.": (
        "Chưa xác định người đứng đầu: hãy cập nhật thông tin đơn vị, nếu không sẽ không ngày nào được tính."
    ),
    "days by the head in person": "ngày người đứng đầu trực tiếp tiếp",
    "days a deputy stood in (not counted)": "ngày cấp phó tiếp thay (không tính)",
    "periods below the minimum": "kỳ chưa đạt mức tối thiểu",
    "sessions published late": "buổi công khai lịch muộn",
    "results notices issued": "thông báo kết quả đã ban hành",
    "instructions overdue": "ý kiến chỉ đạo quá hạn",
    "Period": "Kỳ",
    "Required days": "Số ngày tối thiểu",
    "Head in person": "Người đứng đầu trực tiếp",
    "Deputy stood in": "Cấp phó tiếp thay",
    "Legal basis": "Căn cứ pháp lý",
    "Below the minimum": "Chưa đạt",
    "In progress": "Đang diễn ra",
    "Not started": "Chưa bắt đầu",
    "No minimum applies to this kind of unit in the period, or the period holds no whole week or month.": (
        "Không có mức tối thiểu áp dụng cho loại đơn vị này trong kỳ, hoặc khoảng thời gian không trọn tuần, tháng nào."
    ),
    "Visit %(number)s": "Lượt tiếp số %(number)s",
    "Petition": "Đơn",
    "The citizen has been told the outcome": "Đã thông báo kết quả cho công dân",
    "A denouncer's identity is not kept in the reception log; when a petition was registered it is sealed with it.": (
        "Thông tin người tố cáo không lưu trong sổ tiếp công dân; nếu đã vào sổ đơn, thông tin được giữ bí mật "
        "cùng đơn."
    ),
    "Leader's instructions": "Ý kiến chỉ đạo",
    "Session of %(date)s (%(kind)s)": "Buổi tiếp ngày %(date)s (%(kind)s)",
    "Took place": "Đã tổ chức",
    "Deputy stands in for the head": "Cấp phó tiếp thay người đứng đầu",
    "Announced on the public schedule; not counted as the head's own reception day.": (
        "Đã thông báo trên lịch công khai; không tính là ngày tiếp của người đứng đầu."
    ),
    "Shown": "Có",
    "Not shown": "Không",
    "Not published yet": "Chưa công khai",
    "In time if published by %(latest)s (%(days)s working days ahead).": (
        "Đúng hạn nếu công khai chậm nhất ngày %(latest)s (trước %(days)s ngày làm việc)."
    ),
    "Moved to": "Chuyển sang",
    "Replaces": "Thay cho buổi",
    "Correct the publication date": "Sửa ngày công khai",
    "Record the publication": "Ghi nhận công khai lịch",
    "Complete the session record": "Bổ sung hồ sơ buổi tiếp",
    "Record the session as held": "Ghi nhận đã tiếp",
    "Save the session record": "Lưu hồ sơ buổi tiếp",
    "Record the substitution": "Ghi nhận tiếp thay",
    "Postpone": "Hoãn",
    "Cancel": "Hủy",
    "Cancel the session": "Hủy buổi tiếp",
    "Visits received": "Lượt tiếp trong buổi",
    "%(counter)s person": "%(counter)s người",
    "Results notice and instructions": "Thông báo kết quả và ý kiến chỉ đạo",
    "Notice no. %(number)s of %(date)s": "Thông báo số %(number)s ngày %(date)s",
    "No instruction yet.": "Chưa có ý kiến chỉ đạo.",
    "Add the leader's instruction on a matter": "Thêm ý kiến chỉ đạo cho vụ việc",
    "Add the instruction": "Thêm ý kiến chỉ đạo",
    "Issue the results notice": "Ban hành thông báo kết quả",
    "The notice lists each matter raised and the leader's instruction on it, for the responsible bodies; a "
    "denouncer is never named in it.": (
        "Thông báo nêu từng vụ việc công dân trình bày và ý kiến chỉ đạo giải quyết, gửi các cơ quan được giao; "
        "không nêu tên người tố cáo."
    ),
    "Words of the content, a log number or a visitor's name.": "Từ trong nội dung, số sổ hoặc tên người đến.",
    "%(counter)s visit": "%(counter)s lượt tiếp",
    # --- Home page -------------------------------------------------------------------------------
    "From %(start)s to %(end)s the head received citizens in person on %(days)s of the %(required)s days the law "
    "requires.": (
        "Từ %(start)s đến %(end)s, người đứng đầu trực tiếp tiếp công dân %(days)s/%(required)s ngày theo quy định."
    ),
    "%(counter)s visit today": "%(counter)s lượt tiếp hôm nay",
    "Reception officers trained": "Cán bộ tiếp công dân đã qua bồi dưỡng",
    "Next leaders' sessions": "Lịch tiếp sắp tới của lãnh đạo",
    "Open hot spots": "Điểm nóng đang theo dõi",
    "No open hot spot.": "Không có điểm nóng.",
    "Repeated matters and crowds": "Vụ việc nhiều lần, đông người",
    "No repeated matter.": "Không có vụ việc nhiều lần.",
    "Overdue instructions": "Ý kiến chỉ đạo quá hạn",
    "No overdue instruction.": "Không có ý kiến chỉ đạo quá hạn.",
}

#: What tools/translate_vi.py --apply reads.
VI = VI_RECEPTION
