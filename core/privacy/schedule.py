"""The retention schedule: data in ``core/legal/data/personal_data_retention.json``, versioned by
effective date. Its periods are unverified (confidence "U", chưa đối chiếu): the code applies
whatever row is in force and never assumes a period of its own."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

SCHEDULE_FILE = Path(__file__).resolve().parents[1] / "legal" / "data" / "personal_data_retention.json"


@dataclass(frozen=True)
class RetentionRule:
    record_kind: str
    label: str
    #: ``None``: kept without a term (nothing is ever listed as past retention).
    period_years: int | None
    counted_from: str
    counted_from_label: str
    erasure_allowed: bool
    legal_basis: str
    effective_from: date
    effective_to: date | None
    confidence: str
    note: str

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def ends_on(self, start: date) -> date | None:
        """The last day of retention of a record counted from ``start`` (29/2 falls back to 28/2)."""
        if self.period_years is None:
            return None
        year = start.year + self.period_years
        try:
            return start.replace(year=year)
        except ValueError:
            return start.replace(year=year, day=28)


@cache
def _rows(path: Path = SCHEDULE_FILE) -> tuple[RetentionRule, ...]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        RetentionRule(
            record_kind=row["record_kind"],
            label=row["label"],
            period_years=row["period_years"],
            counted_from=row["counted_from"],
            counted_from_label=row["counted_from_label"],
            erasure_allowed=bool(row["erasure_allowed"]),
            legal_basis=row["legal_basis"],
            effective_from=date.fromisoformat(row["effective_from"]),
            effective_to=date.fromisoformat(row["effective_to"]) if row["effective_to"] else None,
            confidence=row["confidence"],
            note=row.get("note", ""),
        )
        for row in raw["rows"]
    )


def retention_rules(on: date) -> dict[str, RetentionRule]:
    """The rule in force on ``on`` for each record kind."""
    return {rule.record_kind: rule for rule in _rows() if rule.in_force(on)}
