"""Random but reproducible people, petitions and their Vietnamese texts (vocabulary.json)."""

from __future__ import annotations

import json
import random
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.harness.generate import CHANNEL_WEIGHTS, TYPE_WEIGHTS, field_weights, pick, receipt_code
from core.petitions.receipts import ALPHABET

VOCABULARY = json.loads((Path(__file__).parent / "vocabulary.json").read_text(encoding="utf-8"))
FAMILY_NAMES: dict[str, float] = VOCABULARY["family_names"]
MIDDLE_MALE: list[str] = VOCABULARY["middle_male"]
MIDDLE_FEMALE: list[str] = VOCABULARY["middle_female"]
GIVEN_MALE: list[str] = VOCABULARY["given_male"]
GIVEN_FEMALE: list[str] = VOCABULARY["given_female"]
STREETS: list[str] = VOCABULARY["streets"]
OFFICIAL_ROLES: list[str] = VOCABULARY["official_roles"]
WRONGDOINGS: list[str] = VOCABULARY["wrongdoings"]
PROJECTS: list[str] = VOCABULARY["projects"]
COMPANIES: list[str] = VOCABULARY["companies"]
FORWARDERS: list[str] = VOCABULARY["forwarders"]
SUBJECTS: dict[str, list[str]] = VOCABULARY["subjects"]
BODIES: dict[str, list[str]] = VOCABULARY["bodies"]
GENERIC_BODIES: list[str] = VOCABULARY["generic_bodies"]
CLOSINGS: list[str] = VOCABULARY["closings"]
SEARCH_PHRASES: list[str] = VOCABULARY["search_phrases"]


def strip_accents(text: str) -> str:
    """What ``public.f_unaccent(lower(…))`` makes of ``text``: lower case, no diacritics, đ → d."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn").lower()


class Generator:
    """People, petitions' texts and registrations, drawn from one ``random.Random``."""

    def __init__(self, rng: random.Random, *, fields: list[str], wards: list[tuple[str, str]], today: date):
        self.rng = rng
        self.today = today
        self.wards = wards
        self.families = list(FAMILY_NAMES)
        self.family_weights = list(FAMILY_NAMES.values())
        self.fields = fields
        self.field_weights = field_weights(fields)
        self.types, self.type_weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
        self.channels, self.channel_weights = list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values())
        self.receipt_codes: set[str] = set()

    def pick(self, weighted: dict[str, float]) -> str:
        return pick(self.rng, weighted)

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
        return receipt_code(self.rng, ALPHABET, self.receipt_codes)

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

    def registration_payloads(self, count: int) -> list[dict[str, Any]]:
        """New complaints with one sender, received in the last week, as the API would pass them."""
        rng = self.rng
        payloads = []
        for _ in range(count):
            person = self.citizen_values()
            person["id_kind"] = "cccd"
            person["id_number"] = self.cccd(rng.random() < 0.5)
            received = self.today - timedelta(days=rng.randint(0, 6))
            field_code = rng.choices(self.fields, self.field_weights)[0]
            sender = f"Công dân {person['full_name']}, trú tại {rng.choice(STREETS)},"
            subject, summary = self.texts(
                petition_type="complaint", field_code=field_code, sender=sender, received=received
            )
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
