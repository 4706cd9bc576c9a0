"""Petitions benchmark: registering, listing and searching in a unit that holds 100,000 petitions.

What is measured, in one run and on one database, in a unit ("big") holding ``--petitions`` petitions
(default 100,000), each with a baseline taken in the same run:

* ``register``: ``core.petitions.services.petition_register`` of a new complaint with one sender, the
  real service (receipt code, registry number, deadlines, case-index row, one transaction each).
  Baseline: the same registrations into a second unit that started empty ("small"). A third
  variant registers them into the big unit again with ``TENANT_LIMIT_SET_CALLS=True`` (django-tenants
  then sends ``SET search_path`` once per connection and schema instead of before every statement).
  The variants rotate registration by registration, so machine load affects them alike. One more
  registration per variant is recorded statement by statement (round trips, time in SQL).
* ``list``: ``core.petitions.selectors.petition_list(petition_type=…, status=…, overdue=True)``, then what
  the API's paginator does for page 1: ``qs.count()`` and ``list(qs[:50])`` (with the API's
  ``prefetch_related("citizens")``), for varied filter combinations. Reference: the same calls in
  the small unit (it holds only the baseline registrations by then).
* ``search``: ``petition_list(query="nguyen van a")``: accent- and case-insensitive search over
  summaries, subjects and senders' names (trigram indexes), then count + page 1 as above, for
  varied names and words. Baseline: the same search written as plain ``ILIKE`` on the raw columns
  with the accented needle (no index can serve it), alternating query by query. The plan of a
  typical search is checked for the trigram indexes.

For each operation: mean, p50, p95 and max, and the ratio to the baseline. The slowest sample of
each operation is re-run under ``EXPLAIN (ANALYZE, BUFFERS)`` (its SQL statements; for ``register``,
the per-statement timings) and kept in the JSON file.

Data: the big unit is bulk-loaded (``bulk_create`` in batches of ``--batch`` rows, not through the
service) with citizens (Vietnamese names from small lists of family, middle and given names,
CCCD numbers, Hà Nội addresses), petitions (types, channels, fields from the catalogue
``PetitionField``, received dates over the last two years, statuses that depend on the age,
Vietnamese subjects and summaries), signers, sealed identities of named denouncers, deadlines
computed by ``core.legal`` (so ``next_due_date`` and the overdue filter vary), one or two events per
petition, the registry counters and the public case-index rows. Then ``VACUUM (ANALYZE)``. Row
counts and table/index sizes are printed and recorded.

Units: Hà Nội's Ban Tiếp công dân (``01-BTCD``, the big one) and its parent, the People's
Committee office (``01-UBND``, the small one), onboarded with ``tenants.provisioning.unit_provision``;
each gets a processing officer (``core.accounts.services.user_create``) as the actor.

Isolation: everything happens in its own database, ``tiepdan_bench_petitions`` (via
``DJANGO_DB_NAME``) on the server of ``settings.DATABASES["default"]``, dropped and recreated at
the start and dropped at the end unless ``--keep``. Results are printed and written to
``benchmarks/results/petitions-<date>.json`` (``…-n<N>`` when ``--petitions`` is not 100,000).

Run it::

    .venv/bin/python -m config.launcher db-start
    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/petitions.py [--petitions 2000]

Options: ``--petitions N`` ``--registrations N`` ``--lists N`` ``--searches N`` ``--warmup N``
``--batch N`` ``--seed N`` ``--keep`` ``--output FILE`` (``--help`` explains them).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import django
from support import Stats, database_drop, database_recreate, machine_facts, ratios, server_facts

BENCH_DB_NAME = "tiepdan_bench_petitions"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
BIG_UNIT = "01-BTCD"  # Ban Tiếp công dân thành phố Hà Nội
SMALL_UNIT = "01-UBND"  # its parent, the People's Committee office (provisioned first)
PAGE_SIZE = 50
DEFAULT_PETITIONS = 100_000
SLOW_MS = 300
# Registration variants: the unit, and TENANT_LIMIT_SET_CALLS.
REGISTER_VARIANTS = {"big": ("big", False), "small": ("small", False), "big_limit_set_calls": ("big", True)}


#
# Vocabulary of the generated data
#
FAMILY_NAMES = {
    "Nguyễn": 31, "Trần": 11, "Lê": 9.5, "Phạm": 7, "Hoàng": 3, "Huỳnh": 2, "Phan": 4.5, "Vũ": 2.5,
    "Võ": 1.5, "Đặng": 2.1, "Bùi": 2, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1, "Lý": 0.5,
    "Đinh": 1, "Trịnh": 0.8, "Lương": 0.6, "Mai": 0.6, "Đào": 0.7, "Cao": 0.6, "Lâm": 0.4, "Tạ": 0.4,
    "Chu": 0.4, "Nông": 0.3, "Kiều": 0.3, "Khúc": 0.2,
}  # fmt: skip
MIDDLE_MALE = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh", "Mạnh", "Đình",
               "Trọng", "Tiến", "Quốc", "Ngọc", "Duy", "Bá", "Huy", "Anh"]  # fmt: skip
MIDDLE_FEMALE = ["Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Kim", "Thúy", "Phương", "Bích", "Mai", "Lan", "Hải",
                 "Diệu", "Khánh", "Quỳnh"]  # fmt: skip
GIVEN_MALE = ["An", "Anh", "Bình", "Cường", "Chiến", "Dũng", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hòa", "Hoàng",
              "Hùng", "Huy", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Lợi", "Minh", "Nam", "Nghĩa", "Phong",
              "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn",
              "Tùng", "Việt", "Vinh", "Vũ"]  # fmt: skip
GIVEN_FEMALE = ["An", "Anh", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hồng", "Huệ",
                "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung",
                "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thơ", "Thu", "Thủy", "Trang", "Tuyết", "Uyên", "Vân",
                "Xuân", "Yến"]  # fmt: skip
STREETS = ["Kim Mã", "Láng Hạ", "Nguyễn Trãi", "Hoàng Quốc Việt", "Giải Phóng", "Trần Duy Hưng", "Minh Khai",
           "Tây Sơn", "Cầu Giấy", "Lạc Long Quân", "Trường Chinh", "Nguyễn Văn Cừ", "Ngọc Lâm", "Tam Trinh",
           "Lĩnh Nam", "Phạm Văn Đồng", "Xuân Thủy", "Hồ Tùng Mậu", "Quang Trung", "Lê Trọng Tấn"]  # fmt: skip
OFFICIAL_ROLES = ["cán bộ địa chính phường", "Chủ tịch Ủy ban nhân dân xã", "Phó Chủ tịch Ủy ban nhân dân phường",
                  "cán bộ tư pháp - hộ tịch", "Trưởng thôn", "Tổ trưởng tổ dân phố", "Hiệu trưởng trường tiểu học",
                  "Trưởng trạm y tế", "kế toán Ủy ban nhân dân xã", "cán bộ thuế phụ trách địa bàn"]  # fmt: skip
WRONGDOINGS = ["nhận tiền của người dân để hợp thức hóa hồ sơ cấp giấy chứng nhận quyền sử dụng đất",
               "lợi dụng chức vụ, quyền hạn để chiếm đoạt đất công", "làm sai lệch hồ sơ xét duyệt hộ nghèo",
               "thu các khoản tiền không đúng quy định", "bao che cho công trình xây dựng trái phép",
               "gây phiền hà, sách nhiễu khi giải quyết thủ tục hành chính",
               "sử dụng sai mục đích kinh phí hỗ trợ người có công"]  # fmt: skip
PROJECTS = ["khu đô thị mới Tây Nam", "mở rộng đường Vành đai 4", "cụm công nghiệp Phú Nghĩa",
            "cải tạo mương thoát nước", "trường trung học cơ sở", "nhà văn hóa thôn", "bãi đỗ xe tập trung",
            "tuyến đường sắt đô thị số 5"]  # fmt: skip
COMPANIES = ["Công ty TNHH Minh Phát", "Công ty cổ phần Đầu tư Sông Hồng", "Công ty TNHH Thương mại Hải Nam",
             "Công ty cổ phần Xây dựng Thăng Long", "Hợp tác xã Nông nghiệp Đông Anh"]  # fmt: skip
FORWARDERS = ["Ban Dân nguyện thuộc Ủy ban Thường vụ Quốc hội", "Đoàn đại biểu Quốc hội thành phố Hà Nội",
              "Thanh tra Chính phủ", "Báo Nhân Dân", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố",
              "Ban Tiếp công dân Trung ương"]  # fmt: skip
SUBJECTS = {
    "dat-dai": [
        "Quyết định thu hồi đất số {n}/QĐ-UBND ngày {day}",
        "Việc cấp giấy chứng nhận quyền sử dụng đất cho hộ {title} {person}",
        "Tranh chấp ranh giới thửa đất số {n}, tờ bản đồ số {m} tại {place}",
        "Việc lấn chiếm đất công tại {place}",
        "Quyết định xử phạt vi phạm hành chính về đất đai số {n}/QĐ-XPVPHC",
    ],
    "nha-o": [
        "Việc cấp giấy phép xây dựng nhà ở tại {place}",
        "Công trình xây dựng trái phép của hộ {title} {person}",
        "Việc bàn giao căn hộ chung cư tại số {n} đường {street}",
    ],
    "boi-thuong-tai-dinh-cu": [
        "Phương án bồi thường, hỗ trợ, tái định cư dự án {project}",
        "Giá đất bồi thường khi thu hồi đất thực hiện dự án {project}",
        "Việc bố trí tái định cư cho hộ {title} {person}",
    ],
    "chinh-sach": [
        "Chế độ trợ cấp người có công với cách mạng của {title} {person}",
        "Việc xét duyệt hộ nghèo năm {year} tại {place}",
        "Chế độ bảo trợ xã hội cho người cao tuổi tại {place}",
    ],
    "tu-phap": [
        "Việc thi hành án dân sự theo bản án số {n}/{year}/DS-ST",
        "Việc chứng thực hợp đồng chuyển nhượng quyền sử dụng đất",
        "Việc đăng ký khai sinh, hộ tịch tại {place}",
    ],
    "tham-nhung": [
        "Hành vi sai phạm của {title} {person}, {role}",
        "Sai phạm trong quản lý, sử dụng ngân sách tại {place}",
        "Việc lợi dụng chức vụ, quyền hạn trong thực hiện dự án {project}",
    ],
    "moi-truong": [
        "Ô nhiễm môi trường do {company} gây ra tại {place}",
        "Khai thác cát trái phép trên sông Hồng đoạn qua {place}",
        "Tiếng ồn, khói bụi từ công trình dự án {project}",
    ],
    "tai-chinh": ["Việc thu thuế sử dụng đất phi nông nghiệp năm {year}", "Các khoản thu đóng góp tại {place}"],
    "lao-dong": [
        "Việc chậm đóng bảo hiểm xã hội của {company}",
        "Quyết định chấm dứt hợp đồng lao động số {n}/QĐ-{abbr}",
    ],
    "y-te-giao-duc": [
        "Việc thu các khoản ngoài quy định tại trường tiểu học {place}",
        "Thái độ phục vụ tại trạm y tế {place}",
    ],
    "hanh-chinh": [
        "Thái độ tiếp công dân của {title} {person}, {role}",
        "Việc chậm giải quyết hồ sơ hành chính tại {place}",
    ],
    "khac": ["Đề nghị sửa chữa tuyến đường {street}", "Kiến nghị lắp đặt đèn chiếu sáng tại {place}"],
}
BODIES = {
    "dat-dai": [
        "Năm {year0}, gia đình được cấp giấy chứng nhận quyền sử dụng đất đối với thửa đất số {n}, "
        "tờ bản đồ số {m}, diện tích {area} m².",
        "Việc đo đạc, xác định mốc giới không có mặt các hộ liền kề "
        "và không đúng hiện trạng sử dụng ổn định từ năm {year0}.",
        "Ủy ban nhân dân đã ban hành quyết định thu hồi nhưng không tổ chức đối thoại với người có đất bị thu hồi.",
    ],
    "boi-thuong-tai-dinh-cu": [
        "Đơn giá bồi thường thấp hơn nhiều so với giá thị trường tại thời điểm thu hồi.",
        "Gia đình chưa được bố trí tái định cư dù đã bàn giao mặt bằng từ tháng {month}/{year}.",
        "Diện tích đất nông nghiệp bị thu hồi {area} m² nhưng không được hỗ trợ chuyển đổi nghề.",
    ],
    "tham-nhung": [
        "Ông {person2}, {role}, đã {wrongdoing}.",
        "Việc này diễn ra nhiều lần từ năm {year0} đến nay, có nhiều người biết.",
        "Người viết đơn cung cấp kèm theo bản sao chứng từ, biên nhận làm bằng chứng.",
    ],
}
GENERIC_BODIES = [
    "Gia đình đã nhiều lần gửi đơn đến Ủy ban nhân dân {place} nhưng chưa được trả lời.",
    "Sự việc kéo dài từ tháng {month}/{year} đến nay, ảnh hưởng nghiêm trọng đến đời sống của gia đình.",
    "Cán bộ phụ trách là {title2} {person2}, {role}, hướng dẫn không rõ ràng và gây khó khăn cho người dân.",
    "Kèm theo đơn là bản sao các giấy tờ có liên quan.",
    "Các hộ dân tại {place} đã phản ánh tại buổi tiếp xúc cử tri nhưng chưa được giải quyết.",
]  # fmt: skip
CLOSINGS = [
    "Đề nghị cơ quan có thẩm quyền xem xét, giải quyết dứt điểm để bảo vệ quyền và lợi ích hợp pháp của công dân.",
    "Đề nghị Ban Tiếp công dân thành phố chuyển đơn đến cơ quan có thẩm quyền và trả lời bằng văn bản.",
    "Đề nghị kiểm tra, xác minh và xử lý nghiêm theo quy định của pháp luật.",
    "Kính đề nghị các cấp lãnh đạo quan tâm xem xét.",
]  # fmt: skip
SEARCH_PHRASES = [
    "thu hồi đất", "bồi thường", "tái định cư", "giấy chứng nhận quyền sử dụng đất", "hộ nghèo", "ô nhiễm môi trường",
    "bảo hiểm xã hội", "xây dựng trái phép", "lấn chiếm đất công", "thi hành án", "Vành đai 4", "đèn chiếu sáng",
    "người có công", "khai thác cát", "sách nhiễu", "tiếp xúc cử tri", "trạm y tế", "hợp đồng lao động",
]  # fmt: skip

TYPE_WEIGHTS = {"complaint": 40, "denunciation": 12, "recommendation": 28, "feedback": 15, "mixed": 5}
CHANNEL_WEIGHTS = {"reception": 30, "post": 35, "online": 15, "transferred": 8, "forwarded": 7, "leader": 5}
FIELD_WEIGHTS = {
    "dat-dai": 35, "boi-thuong-tai-dinh-cu": 12, "nha-o": 8, "chinh-sach": 10, "tu-phap": 6, "tham-nhung": 5,
    "moi-truong": 6, "tai-chinh": 3, "lao-dong": 4, "y-te-giao-duc": 3, "hanh-chinh": 5, "khac": 3,
}  # fmt: skip
# Closed statuses and their weights; "processing" ones are an outcome of classification.
PROCESSING_CLOSED = {"guided": 25, "forwarded": 20, "returned": 5, "filed": 15}
RESOLUTION_CLOSED = {"closed": 25, "not_accepted": 5, "withdrawn": 4, "terminated": 2, "inspection_lead": 1}
RESOLUTION_OPEN = {
    "complaint": ["accepted", "verifying", "verifying", "dialogue", "suspended", "decided", "in_execution"],
    "denunciation": ["accepted", "verifying", "verifying", "concluded", "handling"],
    "recommendation": ["accepted", "accepted", "answered"],
    "feedback": ["accepted", "answered"],
}
RESOLUTION_RUNNING = {"accepted", "verifying", "dialogue", "suspended"}  # the resolution clock still runs
RESOLUTION_DONE = {"decided", "in_execution", "concluded", "handling", "answered"}
OUTCOME_OF = {"guided": "guide", "forwarded": "forward", "returned": "return", "filed": "file", "chased": "chase"}
# Open registration clocks: per status, which of them are still running.
PROCESSING_CLOCKS = ("reception.outcome_notice", "submission.processing_sla", "submission.hard_alarm")
RESOLUTION_CLOCK = {
    "complaint": "complaint.first_resolution",
    "denunciation": "denunciation.resolution",
    "recommendation": "petition.answer_sla",
    "feedback": "petition.answer_sla",
}


def strip_accents(text: str) -> str:
    """What ``public.f_unaccent(lower(…))`` makes of ``text``: lower case, no diacritics, đ → d."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn").lower()


class Generator:
    """Random but reproducible people, petitions and their texts."""

    def __init__(self, rng: random.Random, *, fields: list[str], wards: list[tuple[str, str]], today: date):
        self.rng = rng
        self.today = today
        self.wards = wards
        self.families = list(FAMILY_NAMES)
        self.family_weights = list(FAMILY_NAMES.values())
        self.fields = fields
        self.field_weights = [FIELD_WEIGHTS.get(code, 3) for code in fields]
        self.types, self.type_weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
        self.channels, self.channel_weights = list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values())
        self.receipt_codes: set[str] = set()

    def pick(self, weighted: dict[str, float]) -> str:
        return self.rng.choices(list(weighted), list(weighted.values()))[0]

    def person(self) -> tuple[str, bool]:
        """A full name and whether the person is a woman."""
        rng = self.rng
        family = rng.choices(self.families, self.family_weights)[0]
        female = rng.random() < 0.5
        if female:
            middle = "Thị" if rng.random() < 0.5 else rng.choice(MIDDLE_FEMALE)
            if middle == "Thị" and rng.random() < 0.3:
                middle += " " + rng.choice(MIDDLE_FEMALE)
            given = rng.choice(GIVEN_FEMALE)
        else:
            middle = rng.choice(MIDDLE_MALE)
            if rng.random() < 0.1:
                middle += " " + rng.choice(MIDDLE_MALE[3:])
            given = rng.choice(GIVEN_MALE)
        return f"{family} {middle} {given}", female

    def cccd(self, female: bool) -> str:
        rng = self.rng
        province = "001" if rng.random() < 0.7 else rng.choice(("034", "036", "026", "035", "037", "030", "022"))
        year = rng.randint(1940, 2005)
        century_sex = (0 if year < 2000 else 2) + (1 if female else 0)
        return f"{province}{century_sex}{year % 100:02d}{rng.randrange(10**6):06d}"

    def citizen_values(self) -> dict[str, str]:
        rng = self.rng
        name, female = self.person()
        ward_code, _ward_name = rng.choice(self.wards)
        has_id = rng.random() < 0.85
        return {
            "full_name": name,
            "id_kind": "cccd" if has_id else "none",
            "id_number": self.cccd(female) if has_id else "",
            "address_unit_code": ward_code,
            "address_street": (
                f"Số {rng.randint(1, 200)}, ngõ {rng.randint(1, 400)} đường {rng.choice(STREETS)}"
                if rng.random() < 0.6
                else f"Tổ dân phố số {rng.randint(1, 30)}"
            ),
            "phone": f"0{rng.choice('35789')}{rng.randrange(10**8):08d}" if rng.random() < 0.8 else "",
        }

    def receipt_code(self) -> str:
        from core.petitions.receipts import ALPHABET

        while True:
            raw = "".join(self.rng.choices(ALPHABET, k=12))
            code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
            if code not in self.receipt_codes:
                self.receipt_codes.add(code)
                return code

    def _slots(self, received: date) -> dict[str, Any]:
        rng = self.rng
        person, female = self.person()
        person2, female2 = self.person()
        return {
            "n": rng.randint(1, 3000),
            "m": rng.randint(1, 60),
            "area": rng.randint(40, 2500),
            "day": (received - timedelta(days=rng.randint(10, 900))).strftime("%d/%m/%Y"),
            "year": received.year - rng.randint(0, 1),
            "year0": rng.randint(1993, 2020),
            "month": rng.randint(1, 12),
            "title": "bà" if female else "ông",
            "person": person,
            "title2": "bà" if female2 else "ông",
            "person2": person2,
            "place": rng.choice(self.wards)[1],
            "street": rng.choice(STREETS),
            "project": rng.choice(PROJECTS),
            "company": rng.choice(COMPANIES),
            "role": rng.choice(OFFICIAL_ROLES),
            "wrongdoing": rng.choice(WRONGDOINGS),
            "abbr": rng.choice(("CTY", "HĐLĐ", "GĐ")),
        }

    def texts(self, *, petition_type: str, field_code: str, sender: str, received: date) -> tuple[str, str]:
        """(subject, summary) in Vietnamese."""
        rng = self.rng
        slots = self._slots(received)
        subject = rng.choice(SUBJECTS.get(field_code, SUBJECTS["khac"])).format(**slots)
        lowered = subject[0].lower() + subject[1:]
        opener = {
            "complaint": f"{sender} khiếu nại {lowered}.",
            "denunciation": f"{sender} tố cáo {slots['title2']} {slots['person2']}, {slots['role']}, "
            f"có hành vi {slots['wrongdoing']}.",
            "recommendation": f"{sender} kiến nghị về {lowered}.",
            "feedback": f"{sender} phản ánh {lowered}.",
            "mixed": f"{sender} vừa khiếu nại vừa tố cáo liên quan đến {lowered}.",
        }[petition_type]
        bodies = BODIES.get(field_code, []) + GENERIC_BODIES
        body = " ".join(rng.sample(bodies, k=rng.randint(1, 2))).format(**slots)
        return subject[:500], f"{opener} {body} {rng.choice(CLOSINGS)}"

    def sender_phrase(self, signer_kind: str, petition_type: str, names: list[str], count: int) -> str:
        if signer_kind == "anonymous":
            return "Người viết đơn giấu tên"
        if petition_type == "denunciation":
            return "Người tố cáo"  # the denouncer's identity is sealed, never in the text
        if signer_kind == "several":
            return f"{count} hộ dân tại {self.rng.choice(self.wards)[1]}, do {names[0]} làm đại diện,"
        return f"Công dân {names[0]}, trú tại {self.rng.choice(STREETS)},"


#
# Bulk load of the big unit
#
@dataclass
class LoadContext:
    unit: Any
    user: Any
    gen: Generator
    calendar: Any
    computed: dict[tuple[str, str, date], Any]
    citizen_ids: list[int]
    registry: dict[int, int]
    missing_rules: dict[str, int]


def _computed(ctx: LoadContext, code: str, variant: str, start: date) -> Any:
    """``core.legal`` deadline of ``code`` from ``start`` (cached), or None when no rule is in force."""
    from core.legal.selectors import DeadlineRuleNotFound, compute

    key = (code, variant, start)
    if key not in ctx.computed:
        try:
            ctx.computed[key] = compute(code=code, start=start, variant=variant, calendar=ctx.calendar)
        except DeadlineRuleNotFound:
            ctx.computed[key] = None
            ctx.missing_rules[code] = ctx.missing_rules.get(code, 0) + 1
    return ctx.computed[key]


def _status_and_dates(gen: Generator, petition_type: str, received: date) -> dict[str, Any]:
    """A status plausible for the petition's age, with the dates and fields that go with it."""
    rng, today = gen.rng, gen.today
    age = (today - received).days
    p_open = 0.9 if age < 15 else 0.55 if age < 45 else 0.25 if age < 120 else 0.07
    classified_on = min(received + timedelta(days=rng.randint(1, 8)), today)
    accepted_on = min(classified_on + timedelta(days=rng.randint(2, 10)), today)
    decided_on = min(accepted_on + timedelta(days=rng.randint(20, 75)), today)
    values: dict[str, Any] = {"status": "registered", "classified_on": None, "accepted_on": None}
    if rng.random() < p_open:
        if age < 5:
            status = "registered" if rng.random() < 0.7 else "classified"
        elif age < 12 or petition_type == "mixed" or rng.random() < 0.2:
            status = rng.choice(("registered", "classified", "classified", "acceptance_proposed", "chased"))
        else:
            status = rng.choice(RESOLUTION_OPEN[petition_type])
            if status in RESOLUTION_DONE and decided_on >= today:
                status = "verifying" if petition_type in ("complaint", "denunciation") else "accepted"
    elif rng.random() < 0.6 or petition_type == "mixed":
        status = gen.pick(PROCESSING_CLOSED)
    else:
        status = gen.pick(RESOLUTION_CLOSED)
        if status == "inspection_lead" and petition_type != "denunciation":
            status = "closed"
    values["status"] = status
    if status != "registered":
        values["classified_on"] = classified_on
        values["is_processable"] = status not in ("filed", "returned") or rng.random() < 0.5
        values["within_jurisdiction"] = status not in ("guided", "forwarded")
    if status in OUTCOME_OF:
        values["outcome"] = OUTCOME_OF[status]
        if status in ("guided", "forwarded", "chased"):
            values["competent_body"] = f"Ủy ban nhân dân {rng.choice(gen.wards)[1]}"
    elif status not in ("registered", "classified"):
        values["outcome"] = "accept"
    in_resolution = status in RESOLUTION_OPEN.get(petition_type, ()) or status in RESOLUTION_CLOSED
    if in_resolution and status not in ("not_accepted", "inspection_lead"):
        values["accepted_on"] = accepted_on
        values["complaint_level"] = 1 if petition_type == "complaint" else None
    if status in RESOLUTION_DONE or status in ("closed", "terminated", "withdrawn"):
        values["decided_on"] = decided_on
    if status in PROCESSING_CLOSED:
        values["closed_on"] = classified_on
    elif status in RESOLUTION_CLOSED:
        values["closed_on"] = min(decided_on + timedelta(days=rng.randint(3, 30)), today)
    return values


def _deadlines(ctx: LoadContext, petition: Any, values: dict[str, Any]) -> list[Any]:
    """The deadline rows the services would have left, and the petition's next due date."""
    from core.petitions.models import Deadline

    status, received = values["status"], petition.received_date
    closed = values.get("closed_on")
    rows = []

    def add(code: str, variant: str, start: date, *, running: bool, ended: date | None, pauses=None) -> None:
        result = _computed(ctx, code, variant, start)
        if result is None:
            return
        state = Deadline.State.OPEN if running else Deadline.State.CANCELLED if closed else Deadline.State.MET
        suspended = running and pauses
        rows.append(
            Deadline(
                petition=petition,
                code=code,
                variant=result.variant,
                rule_id=result.rule_id,
                legal_basis=result.legal_basis,
                description=result.description_vi[:255],
                unit=result.unit,
                length=result.length,
                start_event="accepted" if code == RESOLUTION_CLOCK.get(petition.petition_type) else "received",
                start_date=start,
                pauses=pauses or [],
                rule_date=start,
                due_date=None if suspended else result.due_date,
                is_operative=result.is_operative,
                is_statutory=result.is_statutory,
                state=state,
                closed_on=None if running else ended,
            )
        )

    processing = status in ("registered", "classified")
    ended = values.get("classified_on") or closed
    if petition.channel == "reception":
        add("reception.outcome_notice", "", received, running=processing, ended=ended)
    add("submission.processing_sla", "", received, running=processing, ended=ended)
    add("submission.hard_alarm", "", received, running=processing, ended=ended)
    before_acceptance = status in ("registered", "classified", "acceptance_proposed")
    accepted_on = values.get("accepted_on")
    if petition.petition_type == "complaint":
        add("complaint.acceptance", "", received, running=before_acceptance, ended=accepted_on or ended)
        add("complaint.acceptance", "law", received, running=before_acceptance, ended=accepted_on or ended)
    elif petition.petition_type == "denunciation":
        add("denunciation.initial_check", "", received, running=before_acceptance, ended=accepted_on or ended)
    code = RESOLUTION_CLOCK.get(petition.petition_type)
    if code and accepted_on:
        variant = "complex" if code == "complaint.first_resolution" and ctx.gen.rng.random() < 0.1 else ""
        pauses = None
        if status == "suspended":
            pauses = [[min(accepted_on + timedelta(days=10), ctx.gen.today).isoformat(), None]]
        add(
            code,
            variant,
            accepted_on,
            running=status in RESOLUTION_RUNNING,
            ended=values.get("decided_on") or closed,
            pauses=pauses,
        )
    dues = [row.due_date for row in rows if row.state == "open" and row.is_operative and row.due_date]
    petition.next_due_date = None if closed else min(dues, default=None)
    return rows


def _petition_batch(ctx: LoadContext, received_dates: list[date]) -> dict[str, int]:
    """Create the petitions received on ``received_dates`` with everything that goes with them."""
    from core.caseindex.models import CaseIndexEntry
    from core.petitions import sealing
    from core.petitions.models import Citizen, Deadline, Petition, PetitionEvent, SealedIdentity, Signer

    gen, rng, today = ctx.gen, ctx.gen.rng, ctx.gen.today
    petitions, statuses, senders = [], [], []
    for received in received_dates:
        petition_type = gen.pick(TYPE_WEIGHTS)
        channel = gen.pick(CHANNEL_WEIGHTS)
        anonymous = rng.random() < (0.3 if petition_type == "denunciation" else 0.03)
        several = not anonymous and rng.random() < 0.1
        signer_kind = "anonymous" if anonymous else "several" if several else "one"
        listed = 0 if anonymous else rng.randint(2, 5) if several else 1
        count = 0 if anonymous else (listed if rng.random() < 0.6 else rng.randint(listed, 60)) if several else 1
        people = [gen.citizen_values() for _ in range(listed)]
        # About one sender in eight has written before: reuse a citizen already in the unit.
        reused = [rng.choice(ctx.citizen_ids) if ctx.citizen_ids and rng.random() < 0.12 else None for _ in people]
        confidential = petition_type == "denunciation" and not anonymous
        field_code = rng.choices(gen.fields, gen.field_weights)[0]
        phrase = gen.sender_phrase(signer_kind, petition_type, [person["full_name"] for person in people], count)
        subject, summary = gen.texts(
            petition_type=petition_type, field_code=field_code, sender=phrase, received=received
        )
        values = _status_and_dates(gen, petition_type, received)
        ctx.registry[received.year] = ctx.registry.get(received.year, 0) + 1
        forwarded = channel in ("transferred", "forwarded")
        petition = Petition(
            receipt_code=gen.receipt_code(),
            registry_number=f"{ctx.registry[received.year]:05d}/{received.year}",
            channel=channel,
            received_date=received,
            forwarded_by=rng.choice(FORWARDERS) if forwarded else "",
            forwarding_reference=f"{rng.randint(1, 9999)}/CV-BDN" if forwarded else "",
            signer_kind=signer_kind,
            signer_count=count,
            petition_type=petition_type,
            field_code=field_code,
            subject=subject,
            summary=summary,
            has_concrete_evidence=rng.random() < 0.3,
            is_confidential=confidential,
            # As petition_register writes it (a reused citizen's stored name may differ: close enough).
            senders_text="" if confidential else " ".join(person["full_name"] for person in people),
            status=values["status"],
            is_processable=values.get("is_processable"),
            within_jurisdiction=values.get("within_jurisdiction"),
            outcome=values.get("outcome", ""),
            competent_body=values.get("competent_body", ""),
            complaint_level=values.get("complaint_level"),
            accepted_on=values.get("accepted_on"),
            decided_on=values.get("decided_on"),
            closed_on=values.get("closed_on"),
            registered_by=ctx.user,
        )
        petitions.append(petition)
        statuses.append(values)
        senders.append((people, reused, confidential))

    deadlines = [
        row for petition, values in zip(petitions, statuses, strict=True) for row in _deadlines(ctx, petition, values)
    ]
    Petition.objects.bulk_create(petitions)

    new_citizens, links, sealed = [], [], []
    for petition, (people, reused, confidential) in zip(petitions, senders, strict=True):
        if confidential:
            sealed.append(SealedIdentity(petition=petition, ciphertext=sealing.seal({"signers": people})))
            continue
        for position, (person, existing) in enumerate(zip(people, reused, strict=True)):
            citizen = None if existing else Citizen(**person)
            if citizen is not None:
                new_citizens.append(citizen)
            links.append((petition, citizen, existing, position == 0 and len(people) > 1))
    Citizen.objects.bulk_create(new_citizens)
    seen: set[tuple[int, int]] = set()
    signers = []
    for petition, citizen, existing, representative in links:
        citizen_id = existing or citizen.pk
        if (petition.pk, citizen_id) in seen:
            continue
        seen.add((petition.pk, citizen_id))
        signers.append(Signer(petition=petition, citizen_id=citizen_id, is_representative=representative))
    Signer.objects.bulk_create(signers)
    SealedIdentity.objects.bulk_create(sealed)
    ctx.citizen_ids += [citizen.pk for citizen in new_citizens]
    Deadline.objects.bulk_create(deadlines)

    events = []
    for petition, values in zip(petitions, statuses, strict=True):
        events.append(
            PetitionEvent(
                petition=petition,
                kind="registered",
                actor=ctx.user,
                event_date=petition.received_date,
                to_status="registered",
            )
        )
        if petition.status != "registered":
            events.append(
                PetitionEvent(
                    petition=petition,
                    kind=f"outcome.{petition.outcome}" if petition.outcome else "classified",
                    actor=ctx.user,
                    event_date=petition.closed_on or values.get("classified_on") or petition.received_date,
                    from_status="registered",
                    to_status=petition.status,
                )
            )
    PetitionEvent.objects.bulk_create(events)

    index_rows = [
        CaseIndexEntry(
            case_id=petition.case_id,
            unit_code=ctx.unit.code,
            province_code=ctx.unit.province_code,
            petition_type=petition.petition_type,
            field_code=petition.field_code,
            channel=petition.channel,
            status=petition.status,
            outcome=petition.outcome,
            received_date=petition.received_date,
            next_due_date=petition.next_due_date,
            is_overdue=bool(petition.next_due_date and petition.next_due_date < today and not petition.is_closed),
            closed_date=petition.closed_on,
        )
        for petition in petitions
    ]
    CaseIndexEntry.objects.bulk_create(index_rows)
    return {"deadlines": len(deadlines), "events": len(events), "signers": len(signers)}


def petitions_load(unit: Any, user: Any, *, count: int, batch: int, rng: random.Random) -> dict[str, Any]:
    """Bulk-load ``count`` petitions into ``unit`` (the active schema), oldest first, then VACUUM ANALYZE."""
    from django.db import connection, transaction
    from django.utils import timezone

    from core.catalogue.models import PetitionField
    from core.legal.engine import WorkCalendar
    from core.petitions.models import RegistryCounter
    from tenants.catalogue import province_units

    today = timezone.localdate()
    fields = list(PetitionField.objects.filter(is_active=True).values_list("code", flat=True))
    wards = [(spec.code, spec.name) for spec in province_units(unit.province_code) if spec.code.isdigit()]
    gen = Generator(rng, fields=fields, wards=wards, today=today)
    first = today - timedelta(days=730)
    calendar = WorkCalendar.from_db(first - timedelta(days=30), today + timedelta(days=500))
    ctx = LoadContext(unit, user, gen, calendar, {}, [], {}, {})
    # Received dates over two years, more in recent months (a growing caseload), oldest first so
    # that ids and registry numbers follow the dates as they would.
    dates = sorted(first + timedelta(days=int(730 * rng.random() ** 0.8)) for _ in range(count))
    dates = [min(day, today) for day in dates]
    started = time.perf_counter()
    totals = {"deadlines": 0, "events": 0, "signers": 0}
    for offset in range(0, count, batch):
        with transaction.atomic():
            done = _petition_batch(ctx, dates[offset : offset + batch])
        for key, number in done.items():
            totals[key] += number
        loaded = min(offset + batch, count)
        if loaded % (batch * 4) == 0 or loaded == count:
            print(f"  {loaded:,}/{count:,} petitions loaded ({time.perf_counter() - started:.0f} s)", flush=True)
    RegistryCounter.objects.bulk_create(
        [RegistryCounter(year=year, last_number=number) for year, number in ctx.registry.items()]
    )
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    return {
        "load_seconds": load_seconds,
        "vacuum_analyze_seconds": time.perf_counter() - started,
        "deadline_rules_not_in_force": ctx.missing_rules,
    }


TABLES = (
    "petitions_petition",
    "petitions_citizen",
    "petitions_signer",
    "petitions_deadline",
    "petitions_petitionevent",
    "petitions_sealedidentity",
    "public.caseindex_caseindexentry",
)


def data_sizes(schema_name: str) -> dict[str, Any]:
    """Row counts and sizes of the unit's petition tables (and the public case index), in MB."""
    from django.db import connection

    tables: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            qualified = table if "." in table else f'"{schema_name}".{table}'
            cursor.execute(
                f"SELECT count(*), pg_table_size('{qualified}'), pg_indexes_size('{qualified}'), "
                f"pg_total_relation_size('{qualified}') FROM {qualified}"
            )
            rows, table_bytes, index_bytes, total_bytes = cursor.fetchone()
            tables[table.removeprefix("public.")] = {
                "rows": rows,
                "table_mb": table_bytes / 2**20,
                "indexes_mb": index_bytes / 2**20,
                "total_mb": total_bytes / 2**20,
            }
        cursor.execute(
            "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname LIKE %s ORDER BY 1",
            [schema_name, "%trgm%"],
        )
        trigram = {name: size / 2**20 for name, size in cursor.fetchall()}
        cursor.execute("SELECT pg_database_size(current_database())")
        database_mb = cursor.fetchone()[0] / 2**20
        cursor.execute(
            f"SELECT count(*) FILTER (WHERE next_due_date < current_date AND status <> ALL(%s)), "
            f"count(*) FILTER (WHERE status <> ALL(%s)), count(*) FILTER (WHERE next_due_date IS NOT NULL) "
            f'FROM "{schema_name}".petitions_petition',
            [CLOSED, CLOSED],
        )
        overdue, open_, with_due = cursor.fetchone()
    return {
        "tables": tables,
        "trigram_indexes_mb": trigram,
        "database_mb": database_mb,
        "open_petitions": open_,
        "overdue_petitions": overdue,
        "petitions_with_next_due_date": with_due,
    }


CLOSED: list[str] = []  # filled from core.petitions.choices once Django is set up


#
# Timed operations
#
@contextmanager
def timed(samples: list[float]) -> Iterator[None]:
    started = time.perf_counter()
    yield
    samples.append(time.perf_counter() - started)


def registration_payloads(gen: Generator, count: int) -> list[dict[str, Any]]:
    """New complaints with one sender, received in the last week, as the API would pass them."""
    rng = gen.rng
    payloads = []
    for _ in range(count):
        person = gen.citizen_values()
        person["id_kind"] = "cccd"
        person["id_number"] = gen.cccd(rng.random() < 0.5)
        received = gen.today - timedelta(days=rng.randint(0, 6))
        field_code = rng.choices(gen.fields, gen.field_weights)[0]
        sender = f"Công dân {person['full_name']}, trú tại {rng.choice(STREETS)},"
        subject, summary = gen.texts(petition_type="complaint", field_code=field_code, sender=sender, received=received)
        payloads.append(
            {
                "channel": rng.choice(("post", "reception", "online")),
                "received_date": received,
                "petition_type": "complaint",
                "field_code": field_code,
                "subject": subject,
                "summary": summary,
                "signer_kind": "one",
                "signers": [person],
            }
        )
    return payloads


def page_fetch(qs: Any) -> tuple[int, int]:
    """What the API's paginator does for page 1: the count, then the first ``PAGE_SIZE`` rows."""
    total = qs.count()
    rows = list(qs[:PAGE_SIZE])
    return total, len(rows)


def list_queryset(filters: dict[str, Any]) -> Any:
    from core.petitions.selectors import petition_list

    return petition_list(**filters).prefetch_related("citizens")


def search_queryset(needle: str) -> Any:
    from core.petitions.selectors import petition_list

    return petition_list(query=needle).prefetch_related("citizens")


ILIKE_SEARCH = """(
    "petitions_petition"."summary" ILIKE %s OR "petitions_petition"."subject" ILIKE %s OR EXISTS (
        SELECT 1 FROM "petitions_signer" s JOIN "petitions_citizen" c ON c."id" = s."citizen_id"
        WHERE s."petition_id" = "petitions_petition"."id" AND c."full_name" ILIKE %s))"""


def ilike_queryset(needle: str) -> Any:
    """The baseline: the same search as plain ILIKE on the raw columns (no index can serve it)."""
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    from core.petitions.models import Petition

    pattern = f"%{needle}%"
    condition = RawSQL(ILIKE_SEARCH, [pattern] * 3, output_field=BooleanField())
    return Petition.objects.filter(condition).order_by("-received_date", "-id").prefetch_related("citizens")


def list_filters(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Varied filters around ``petition_type`` + ``status`` + ``overdue=True``."""
    types = ["", "complaint", "denunciation", "recommendation", "feedback", "mixed"]
    statuses = ["", "registered", "classified", "acceptance_proposed", "accepted", "verifying", "dialogue", "chased"]
    combos = [{"petition_type": t, "status": s, "overdue": True} for t in types for s in statuses]
    combos += [{"petition_type": t, "overdue": True, "field_code": "dat-dai"} for t in types[:3]]
    combos += [{"petition_type": t} for t in types] + [{"status": s} for s in statuses[1:]]
    combos += [{"is_open": True}, {"due_soon": True}, {"channel": "reception", "overdue": True}]
    rng.shuffle(combos)
    return [combos[index % len(combos)] for index in range(count)]


def search_needles(gen: Generator, count: int) -> list[tuple[str, str, str]]:
    """(kind, accented needle, what a user types) for ``count`` varied searches."""
    from core.petitions.models import Citizen

    rng = gen.rng
    names = list(Citizen.objects.order_by("?").values_list("full_name", flat=True)[: count * 2])
    needles: list[tuple[str, str]] = []
    for index in range(count):
        slot = index % 10
        if slot < 4 and names:  # a sender's full name
            needles.append(("full name", names.pop()))
        elif slot < 6:  # "Nguyễn Văn A…": family, middle, the given name's first letter
            name, _female = gen.person()
            words = name.split()
            needles.append(("name prefix", " ".join(words[:-1]) + " " + words[-1][0]))
        elif slot == 6:  # a given name alone, or two given words
            name, _female = gen.person()
            needles.append(("given name", " ".join(name.split()[-2:]) if rng.random() < 0.5 else name.split()[-1]))
        elif slot < 9:
            needles.append(("phrase", rng.choice(SEARCH_PHRASES)))
        else:  # nothing matches: the worst case for "newest 50 first"
            name, _female = gen.person()
            needles.append(("no match", f"{name} Khuất"))
    return [(kind, accented, strip_accents(accented)) for kind, accented in needles]


@contextmanager
def statement_timer() -> Iterator[list[dict[str, Any]]]:
    """Time every statement that goes through Django's execute wrappers (precisely, unlike
    ``connection.queries``, which rounds to the millisecond)."""
    from django.db import connection

    timings: list[dict[str, Any]] = []

    def wrapper(execute: Callable[..., Any], sql_text: str, params: Any, many: bool, context: dict) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            timings.append({"sql": sql_text[:200], "seconds": time.perf_counter() - started})

    with connection.execute_wrapper(wrapper):
        yield timings


@contextmanager
def captured() -> Iterator[Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        yield context


def explain(statements: list[str]) -> list[dict[str, Any]]:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of each SELECT (the captured SQL, re-run once more)."""
    from django.db import connection

    plans = []
    with connection.cursor() as cursor:
        for statement in statements:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}")
            lines = [row[0] for row in cursor.fetchall()]
            execution = next((line for line in lines if line.startswith("Execution Time")), "")
            plans.append({"sql": statement, "execution": execution, "plan": lines})
    return plans


def slowest_explained(samples: list[float], run_once: Callable[[int], Any]) -> dict[str, Any]:
    """Re-run the slowest sample under query capture and EXPLAIN ANALYZE its SELECTs."""
    index = max(range(len(samples)), key=samples.__getitem__)
    with captured() as context:
        run_once(index)
    queries = [{"sql": query["sql"], "seconds": float(query["time"])} for query in context.captured_queries]
    return {
        "sample": index,
        "seconds": samples[index],
        "queries": queries,
        "explain": explain([q["sql"] for q in queries]),
    }


def indexes_in_plan(qs: Any) -> dict[str, bool]:
    plan = qs.explain()
    return {name: name in plan for name in ("petition_search_trgm",)}


SERVER_FACTS = ("server_version", "shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "jit")


#
# The run
#
def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.test import override_settings
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from core.accounts.services import user_create
    from core.catalogue.models import PetitionField
    from core.petitions.choices import CLOSED_STATUSES
    from core.petitions.services import petition_register
    from tenants.catalogue import unit_spec
    from tenants.provisioning import unit_provision

    CLOSED[:] = sorted(CLOSED_STATUSES)
    rng = random.Random(args.seed)
    loads: dict[str, float] = {"before": os.getloadavg()[0]}

    print(f"Migrating the bench database {BENCH_DB_NAME!r} and onboarding {SMALL_UNIT} and {BIG_UNIT}…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    units, users = {}, {}
    for role, code in (("small", SMALL_UNIT), ("big", BIG_UNIT)):
        units[role], _created = unit_provision(spec=unit_spec(code))
        with schema_context(units[role].schema_name):
            users[role] = user_create(
                unit=units[role],
                username=f"xu_ly_{role}",
                password="Bench-petitions-2026!",
                full_name="Nông Văn Đức",
                roles=["processing_officer"],
            )
    big, small = units["big"], units["small"]

    print(f"Loading {args.petitions:,} petitions into {big.code} ({big.schema_name}), batches of {args.batch:,}…")
    with schema_context(big.schema_name):
        load = petitions_load(big, users["big"], count=args.petitions, batch=args.batch, rng=rng)
        sizes = data_sizes(big.schema_name)
    loads["after_load"] = os.getloadavg()[0]
    print(f"  loaded in {load['load_seconds']:.0f} s, VACUUM ANALYZE {load['vacuum_analyze_seconds']:.0f} s")
    print(sizes_report(sizes))

    fields = list(PetitionField.objects.filter(is_active=True).values_list("code", flat=True))
    gen = Generator(rng, fields=fields, wards=[("00004", "Phường Ba Đình")], today=timezone.localdate())

    # 1. Registration: rotate the big unit, the small one and the big one with
    # TENANT_LIMIT_SET_CALLS=True (one SET search_path per connection and schema instead of one
    # per cursor), same payloads.
    print(f"Registering {args.registrations} complaints per variant (after {args.warmup} untimed)…", flush=True)
    payloads = registration_payloads(gen, args.warmup + args.registrations)
    register: dict[str, list[float]] = {variant: [] for variant in REGISTER_VARIANTS}

    def register_in(variant: str, payload: dict[str, Any], samples: list[float] | None) -> None:
        role, limit_set_calls = REGISTER_VARIANTS[variant]
        with override_settings(TENANT_LIMIT_SET_CALLS=limit_set_calls), schema_context(units[role].schema_name):
            if samples is None:
                petition_register(actor=users[role], **payload)
                return
            with timed(samples):
                petition_register(actor=users[role], **payload)

    variants = list(REGISTER_VARIANTS)
    for index, payload in enumerate(payloads):
        shift = index % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            register_in(variant, payload, None if index < args.warmup else register[variant])
    register_details = {}
    for variant, payload in zip(variants, registration_payloads(gen, len(variants)), strict=True):
        started = time.perf_counter()
        with captured() as context, statement_timer() as timings:
            register_in(variant, payload, None)
        wall = time.perf_counter() - started
        register_details[variant] = {
            "wall_seconds": wall,
            "round_trips": len(context.captured_queries),
            "set_search_path": sum(query["sql"].startswith("SET search_path") for query in context.captured_queries),
            "statements_seconds": sum(timing["seconds"] for timing in timings),
            "set_search_path_seconds": sum(
                timing["seconds"] for timing in timings if timing["sql"].startswith("SET search_path")
            ),
            "statements": timings,
        }
    loads["after_register"] = os.getloadavg()[0]

    # 2. Lists with filters: big unit, then the same in the small one (a reference).
    print(f"Listing with {args.lists} filter combinations (count + first page of {PAGE_SIZE})…", flush=True)
    filters = list_filters(rng, args.lists)
    lists = {"big": [], "small": []}
    list_counts: list[int] = []
    for role in ("big", "small"):  # warm-up
        with schema_context(units[role].schema_name):
            page_fetch(list_queryset(filters[0]))
    for index, combo in enumerate(filters):
        order = ("big", "small") if index % 2 == 0 else ("small", "big")
        for role in order:
            with schema_context(units[role].schema_name), timed(lists[role]):
                total, _rows = page_fetch(list_queryset(combo))
            if role == "big":
                list_counts.append(total)
    with schema_context(big.schema_name):
        list_slowest = slowest_explained(lists["big"], lambda i: page_fetch(list_queryset(filters[i])))
    loads["after_list"] = os.getloadavg()[0]

    # 3. Search: trigram-indexed accent-insensitive search vs plain ILIKE, alternating.
    print(f"Searching {args.searches} names and phrases (indexed vs ILIKE)…", flush=True)
    with schema_context(big.schema_name):
        needles = search_needles(gen, args.searches)
        search = {"indexed": [], "ilike": []}
        search_counts: list[dict[str, Any]] = []
        page_fetch(search_queryset(needles[0][2]))
        page_fetch(ilike_queryset(needles[0][1]))
        for index, (kind, accented, typed) in enumerate(needles):
            order = ("indexed", "ilike") if index % 2 == 0 else ("ilike", "indexed")
            counts = {"kind": kind, "query": typed, "accented": accented}
            for method in order:
                qs = search_queryset(typed) if method == "indexed" else ilike_queryset(accented)
                with timed(search[method]):
                    counts[method], _rows = page_fetch(qs)
            search_counts.append(counts)
        search_slowest = slowest_explained(search["indexed"], lambda i: page_fetch(search_queryset(needles[i][2])))
        ilike_slowest = slowest_explained(search["ilike"], lambda i: page_fetch(ilike_queryset(needles[i][1])))
        trigram_used = indexes_in_plan(search_queryset("nguyen van a")[:PAGE_SIZE])
        search_by_kind = {
            kind: Stats.of([search["indexed"][i] for i, needle in enumerate(needles) if needle[0] == kind])
            for kind in dict.fromkeys(needle[0] for needle in needles)
        }
    loads["after_search"] = os.getloadavg()[0]

    stats = {
        "register": {role: Stats.of(samples) for role, samples in register.items()},
        "list": {role: Stats.of(samples) for role, samples in lists.items()},
        "search": {method: Stats.of(samples) for method, samples in search.items()},
    }
    with schema_context(small.schema_name):
        small_petitions = small_count()
    return {
        "benchmark": "petitions",
        "date": timezone.localdate().isoformat(),
        "machine": {
            **machine_facts(server_facts(SERVER_FACTS)),
            # 1-minute load averages: other work on the machine skews the timings.
            "load_average": loads,
        },
        "options": {key: (str(value) if isinstance(value, Path) else value) for key, value in vars(args).items()},
        "units": {"big": big.code, "small": small.code, "small_petitions_at_end": small_petitions},
        "load": load,
        "data": sizes,
        "stats": {op: {name: asdict(value) for name, value in per.items()} for op, per in stats.items()},
        "ratios": {
            "register_big_over_small": ratios(stats["register"]["big"], stats["register"]["small"]),
            "register_limit_set_calls_over_default": ratios(
                stats["register"]["big_limit_set_calls"], stats["register"]["big"]
            ),
            "list_big_over_small": ratios(stats["list"]["big"], stats["list"]["small"]),
            "search_ilike_over_indexed": ratios(stats["search"]["ilike"], stats["search"]["indexed"]),
        },
        "search_by_kind": {kind: asdict(value) for kind, value in search_by_kind.items()},
        "search_plan_uses_trigram_indexes": trigram_used,
        "register_statements": register_details,
        "slowest": {"list": list_slowest, "search": search_slowest, "search_ilike": ilike_slowest},
        "samples": {
            "register": register,
            "list": lists,
            "list_filters": [{**combo, "count": count} for combo, count in zip(filters, list_counts, strict=True)],
            "search": search,
            "search_queries": search_counts,
        },
    }


def small_count() -> int:
    from core.petitions.models import Petition

    return Petition.objects.count()


def sizes_report(sizes: dict[str, Any]) -> str:
    lines = [f"  {'table':<26} {'rows':>10} {'table MB':>9} {'index MB':>9} {'total MB':>9}"]
    for name, table in sizes["tables"].items():
        lines.append(
            f"  {name:<26} {table['rows']:>10,} {table['table_mb']:>9.1f} {table['indexes_mb']:>9.1f} "
            f"{table['total_mb']:>9.1f}"
        )
    trigram = ", ".join(f"{name} {size:.1f} MB" for name, size in sizes["trigram_indexes_mb"].items())
    lines += [
        f"  trigram indexes: {trigram}",
        f"  open petitions {sizes['open_petitions']:,}, overdue {sizes['overdue_petitions']:,}, "
        f"with a next due date {sizes['petitions_with_next_due_date']:,}; database {sizes['database_mb']:.0f} MB",
    ]
    return "\n".join(lines)


def report(results: dict[str, Any]) -> str:
    stats, ratios = results["stats"], results["ratios"]
    machine = results["machine"]
    lines = [
        f"Petitions benchmark, {results['date']}: {results['data']['tables']['petitions_petition']['rows']:,} "
        f"petitions in {results['units']['big']} ({machine['cpus']} CPUs, PostgreSQL "
        f"{machine['postgresql']['server_version']}, load {machine['load_average']})",
        "",
        f"{'operation':<10} {'where':<28} {'n':>4} {'mean ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}",
    ]
    rows = [
        ("register", "big", "big unit"),
        ("register", "small", "empty unit (baseline)"),
        ("register", "big_limit_set_calls", "big, TENANT_LIMIT_SET_CALLS"),
        ("list", "big", "big unit"),
        ("list", "small", f"small unit ({results['units']['small_petitions_at_end']} petitions)"),
        ("search", "indexed", "big unit, trigram (app)"),
        ("search", "ilike", "big unit, ILIKE (baseline)"),
    ]
    for op, key, label in rows:
        s = stats[op][key]
        lines.append(
            f"{op:<10} {label:<28} {s['count']:>4} {1000 * s['mean']:>8.1f} {1000 * s['p50']:>8.1f} "
            f"{1000 * s['p95']:>8.1f} {1000 * s['max']:>8.1f}"
        )

    def ratio(name: str) -> str:
        r = ratios[name]
        return f"{r['p50']:.2f}× p50, {r['p95']:.2f}× p95, {r['mean']:.2f}× mean"

    lines += [
        "",
        f"register big/empty: {ratio('register_big_over_small')}",
        f"register with TENANT_LIMIT_SET_CALLS/without: {ratio('register_limit_set_calls_over_default')}",
        f"list big/small: {ratio('list_big_over_small')}",
        f"search ILIKE/trigram: {ratio('search_ilike_over_indexed')}",
        "search p50/p95 ms by kind: "
        + "; ".join(
            f"{kind} {1000 * s['p50']:.0f}/{1000 * s['p95']:.0f}" for kind, s in results["search_by_kind"].items()
        ),
        "trigram indexes in the plan of 'nguyen van a': "
        + ", ".join(
            f"{name} {'yes' if used else 'no'}" for name, used in results["search_plan_uses_trigram_indexes"].items()
        ),
        "statements per registration: "
        + ", ".join(
            f"{variant} {detail['round_trips']} round trips ({detail['set_search_path']} SET search_path "
            f"{1000 * detail['set_search_path_seconds']:.1f} ms; all SQL {1000 * detail['statements_seconds']:.1f} ms "
            f"of {1000 * detail['wall_seconds']:.1f} ms)"
            for variant, detail in results["register_statements"].items()
        ),
    ]
    for op, slowest in results["slowest"].items():
        executions = "; ".join(plan["execution"] for plan in slowest["explain"])
        lines.append(
            f"slowest {op}: sample {slowest['sample']} {1000 * slowest['seconds']:.0f} ms — EXPLAIN {executions}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--petitions", type=int, default=DEFAULT_PETITIONS, help="petitions in the big unit")
    parser.add_argument("--registrations", type=int, default=300, help="timed registrations per unit (default 300)")
    parser.add_argument("--lists", type=int, default=100, help="timed list calls per unit (default 100)")
    parser.add_argument("--searches", type=int, default=100, help="timed searches per method (default 100)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed registrations per unit first (default 5)")
    parser.add_argument("--batch", type=int, default=5000, help="rows per bulk_create batch (default 5000)")
    parser.add_argument("--seed", type=int, default=20261129, help="random seed of the generated data")
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB_NAME} database at the end")
    parser.add_argument(
        "--output", type=Path, help="JSON file (default benchmarks/results/petitions-<date>[-n<N>].json)"
    )
    args = parser.parse_args(argv)
    if min(args.petitions, args.registrations, args.lists, args.searches, args.batch) < 1 or args.warmup < 0:
        parser.error("the counts must be at least 1 (--warmup at least 0)")

    # Before Django reads its settings: every connection of this process goes to the bench database.
    os.environ["DJANGO_DB_NAME"] = BENCH_DB_NAME
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    database_recreate(BENCH_DB_NAME)
    try:
        results = run(args)
    finally:
        if not args.keep:
            database_drop(BENCH_DB_NAME)

    print()
    print(report(results))
    suffix = "" if args.petitions == DEFAULT_PETITIONS else f"-n{args.petitions}"
    output = args.output or RESULTS_DIR / f"petitions-{results['date']}{suffix}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"\nResults written to {output}")
    if args.keep:
        print(f"Database {BENCH_DB_NAME!r} kept.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
