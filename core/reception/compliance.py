"""Leaders' reception compliance: sessions the head held in person against the legal minimum.

Each compliance window (a week or a month, per the quota rule version in force in it) counts the
distinct days on which the head presided a held session. A deputy standing in is recorded and
shown, but never counted toward the head's quota (domain.md §5.7).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .choices import SessionStatus
from .models import ReceptionSession, UnitProfile
from .rules import quota_rules


@dataclass(frozen=True)
class QuotaWindow:
    start: date
    end: date
    per: str
    required_days: int
    head_days: int
    substituted_days: int
    legal_basis: str

    @property
    def compliant(self) -> bool:
        return self.head_days >= self.required_days


def compliance_windows(per: str, start: date, end: date):
    """Whole weeks (Mon–Sun) or whole calendar months inside [start, end]."""
    if per == "week":
        monday = start + timedelta(days=(7 - start.weekday()) % 7)
        while monday + timedelta(days=6) <= end:
            yield monday, monday + timedelta(days=6)
            monday += timedelta(days=7)
        return
    year, month = start.year, start.month
    if start.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while True:
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        if last > end:
            return
        yield first, last
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def reception_compliance(*, unit_kind: str, start: date, end: date) -> list[QuotaWindow]:
    """One row per compliance window in [start, end], under the rule version in force in it."""
    profile = UnitProfile.objects.first()
    head_id = profile.head_id if profile else None
    held = ReceptionSession.objects.filter(status=SessionStatus.HELD, date__range=(start, end))
    head_days = set(held.filter(presiding_id=head_id, is_substitution=False).values_list("date", flat=True))
    substituted = set(held.filter(is_substitution=True).values_list("date", flat=True))
    rows = []
    for rule in quota_rules(unit_kind, start, end):
        window_start = max(start, rule.effective_from)
        window_end = min(end, rule.effective_to or end)
        for first, last in compliance_windows(rule.per, window_start, window_end):
            rows.append(
                QuotaWindow(
                    start=first,
                    end=last,
                    per=rule.per,
                    required_days=rule.min_days,
                    head_days=sum(1 for day in head_days if first <= day <= last),
                    substituted_days=sum(1 for day in substituted if first <= day <= last),
                    legal_basis=rule.legal_basis,
                )
            )
    return rows
