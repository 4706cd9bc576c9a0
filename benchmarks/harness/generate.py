"""Generated petitions: the weights of their kinds and the statuses they can be in.

The weights are a guess at a unit's caseload (complaints and land matters dominate), the same in
every benchmark so that their data are alike.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

TYPE_WEIGHTS = {"complaint": 40, "denunciation": 12, "recommendation": 28, "feedback": 15, "mixed": 5}
CHANNEL_WEIGHTS = {"reception": 30, "post": 35, "online": 15, "transferred": 8, "forwarded": 7, "leader": 5}
FIELD_WEIGHTS = {
    "dat-dai": 35,
    "boi-thuong-tai-dinh-cu": 12,
    "nha-o": 8,
    "chinh-sach": 10,
    "tu-phap": 6,
    "tham-nhung": 5,
    "moi-truong": 6,
    "tai-chinh": 3,
    "lao-dong": 4,
    "y-te-giao-duc": 3,
    "hanh-chinh": 5,
    "khac": 3,
}
#: The weight of a field the list above does not know.
OTHER_FIELD_WEIGHT = 3
#: Closed statuses and their weights; the processing ones are an outcome of classification.
PROCESSING_CLOSED = {"guided": 25, "forwarded": 20, "returned": 5, "filed": 15}
RESOLUTION_CLOSED = {"closed": 25, "not_accepted": 5, "withdrawn": 4, "terminated": 2, "inspection_lead": 1}
#: Open statuses once accepted, per type (repeats weigh more).
RESOLUTION_OPEN = {
    "complaint": ["accepted", "verifying", "verifying", "dialogue", "suspended", "decided", "in_execution"],
    "denunciation": ["accepted", "verifying", "verifying", "concluded", "handling"],
    "recommendation": ["accepted", "accepted", "answered"],
    "feedback": ["accepted", "answered"],
}
RESOLUTION_DONE = {"decided", "in_execution", "concluded", "handling", "answered"}
OUTCOME_OF = {"guided": "guide", "forwarded": "forward", "returned": "return", "filed": "file", "chased": "chase"}
#: Days over which received dates spread.
HISTORY_DAYS = 730


def pick(rng: random.Random, weighted: dict[str, float]) -> str:
    return rng.choices(list(weighted), list(weighted.values()))[0]


def field_weights(fields: Sequence[str]) -> list[float]:
    return [FIELD_WEIGHTS.get(code, OTHER_FIELD_WEIGHT) for code in fields]


def received_date(rng: random.Random, today: date) -> date:
    """A day of the last two years, more often a recent one (a growing caseload)."""
    first = today - timedelta(days=HISTORY_DAYS)
    return min(first + timedelta(days=int(HISTORY_DAYS * rng.random() ** 0.8)), today)


def receipt_code(rng: random.Random, alphabet: str, taken: set[str]) -> str:
    """A receipt code ``XXXX-XXXX-XXXX`` not in ``taken`` (and added to it)."""
    while True:
        raw = "".join(rng.choices(alphabet, k=12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if code not in taken:
            taken.add(code)
            return code
