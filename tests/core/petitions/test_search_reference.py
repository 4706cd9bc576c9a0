"""The search finds exactly what a plain reading of the texts finds: every needle kind (names made of
common syllables, prefixes, Vietnamese diacritics, phrases across two fields, registry numbers,
receipt codes), whichever index the planner uses; and never a sealed denouncer's name."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from django_tenants.utils import schema_context

from core.petitions.models import Petition
from core.petitions.selectors import petition_list

pytestmark = pytest.mark.django_db

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Đức", "Thu", "Văn Anh"]
GIVEN = ["An", "Anh", "Ánh", "Bình", "Cường", "Dung", "Đức", "Hà", "Hải", "Lan", "Ngọc", "Tâm"]
SUBJECTS = [
    "Tranh chấp đất đai tại xã Tân Đoàn",
    "Quyết định thu hồi đất số 12/2026/QĐ-UBND",
    "Bồi thường, hỗ trợ tái định cư",
    "Thái độ của ông Lê Văn Tám, cán bộ địa chính",
    "Chế độ người có công",
]
SUMMARIES = [
    "Đề nghị giải quyết việc lấn chiếm đất của gia đình.",
    "Công dân Nguyễn Văn An kiến nghị về trợ cấp; bà Phạm Thị Hạnh làm chứng.",
    "Khiếu nại việc bồi thường khi thu hồi đất nông nghiệp.",
    "Phản ánh 50% diện tích bị lấn_chiếm, đề nghị xem xét.",
]
NEEDLES = [
    # names of common syllables, full and cut short, typed with or without accents
    "nguyen van a",
    "Nguyễn Văn A",
    "NGUYEN VAN AN",
    "nguyễn văn ánh",
    "le van",
    "Lê Văn",
    "pham thi h",
    "hoang van t",
    "do duc",
    "Đỗ Đức",
    "tran thi bich ngoc",
    "van anh",
    "thi thu",
    # syllables most rows hold, alone and in pairs
    "nguyễn",
    "văn",
    "dat",
    "xã",
    "nguyen van",
    "đất đai",
    "de nghi",
    # phrases, across the end of one field and the start of the next, punctuation and symbols
    "thu hoi dat",
    "boi thuong, ho tro",
    "tan doan de nghi",
    "dia chinh cong dan",
    "nong nghiep. nguyen",
    "50% dien",
    "lan_chiem",
    "a_b",
    "nguyen  van",
    # registry numbers and receipt codes, and numbers that are part of a text
    "12/2026",
    "00003/2026",
    "3 / 2026",
    "thua 7",
    # nothing
    "khuat van zz",
    "zz",
]


def fold(text: str) -> str:
    """What ``f_unaccent(lower(…))`` makes of Vietnamese text, written apart from it."""
    text = unicodedata.normalize("NFC", text).replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()


def reference(petitions: list[Petition], needle: str) -> set[int]:
    """The petitions whose subject, summary or senders' names contain ``needle`` (a plain substring
    of the folded texts), or whose registry number or receipt code it is."""
    typed = unicodedata.normalize("NFC", needle).strip()
    key = fold(typed)
    found = {p.pk for p in petitions if key in fold(f"{p.subject} {p.summary} {p.senders_text}")}
    parts = typed.replace(" ", "").split("/")
    if len(parts) == 2 and all(part.isdigit() for part in parts) and len(parts[1]) == 4:
        found |= {p.pk for p in petitions if p.registry_number == f"{int(parts[0]):05d}/{parts[1]}"}
    found |= {p.pk for p in petitions if p.receipt_code == typed.upper()}
    return found


def load(member, count: int) -> None:
    rows = []
    for index in range(count):
        names = [
            f"{FAMILY[(index + k) % 6]} {MIDDLE[(index // 3 + k) % 5]} {GIVEN[(index * 7 + k) % 12]}"
            for k in range(1 + index % 2)
        ]
        sealed = index % 9 == 0  # a denunciation's senders: sealed, never in the search text
        rows.append(
            Petition(
                receipt_code=f"R{index:03d}-REF0-{index % 10}ABC",
                registry_number=f"{index + 1:05d}/2026",
                channel="post",
                received_date=date(2026, 11, 1) + timedelta(days=index % 20),
                signer_kind="one",
                petition_type="denunciation" if sealed else "complaint",
                field_code="dat-dai",
                subject=f"{SUBJECTS[index % 5]}, thửa {index % 11}",
                summary=SUMMARIES[index % 4],
                senders_text="" if sealed else " ".join(names),
                is_confidential=sealed,
                registered_by=member.user,
            )
        )
    with schema_context(member.unit.schema_name):
        Petition.objects.bulk_create(rows)


def test_every_needle_finds_what_the_texts_hold(officer_a):
    load(officer_a, 240)
    with schema_context(officer_a.unit.schema_name):
        petitions = list(Petition.objects.all())
        receipt = petitions[5].receipt_code
        joined = set()
        for needle in [*NEEDLES, receipt, receipt.lower(), petitions[7].registry_number]:
            expected = reference(petitions, needle)
            searched = petition_list(query=needle)
            found = list(searched.values_list("pk", flat=True))
            assert set(found) == expected, needle
            assert len(found) == len(set(found)), needle
            if 'REPLACE("petitions_petition"."search_text"' in str(searched.query):
                joined.add(needle)
        # Both forms ran: the text without spaces for rare names, the one condition for common ones.
        assert {"hoang van t", "tan doan de nghi", "nguyen  van"} <= joined
        assert not {"nguyen van", "đất đai", "nguyễn"} & joined


def test_a_name_only_in_a_sealed_denunciation_is_not_found(register, officer_a):
    complaint = register(signers=[{"full_name": "Trương Quốc Khánh", "id_kind": "none"}])
    sealed = register(
        petition_type="denunciation",
        subject="Tố cáo cán bộ địa chính",
        summary="Người tố cáo đề nghị giữ bí mật.",
        signers=[{"full_name": "Vương Thị Huyền Trang", "id_kind": "cccd", "id_number": "001190000001"}],
    )
    with schema_context(officer_a.unit.schema_name):
        assert Petition.objects.get(pk=sealed.pk).senders_text == ""
        for needle in ("vuong thi huyen trang", "Vương Thị Huyền", "huyen trang", "vuong thi"):
            assert not petition_list(query=needle).exists(), needle
        assert list(petition_list(query="truong quoc khanh")) == [complaint]
        assert list(petition_list(query="to cao can bo")) == [sealed]
