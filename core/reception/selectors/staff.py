"""Reads of the reception staff: the trained share (home page) and duty days (allowance report)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..choices import SessionStatus
from ..models import ReceptionOfficer, ReceptionSession, Visit


@dataclass(frozen=True)
class TrainedShare:
    trained: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.trained / self.total) if self.total else None


def trained_share() -> TrainedShare:
    """Active reception officers with at least one training, out of all active officers."""
    active = ReceptionOfficer.objects.filter(active=True)
    return TrainedShare(trained=active.filter(trainings__isnull=False).distinct().count(), total=active.count())


@dataclass
class DutyDays:
    officer: ReceptionOfficer
    days: list[date] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.days)


def duty_days(*, start: date, end: date) -> list[DutyDays]:
    """Per officer of the registry, the distinct days in [start, end] on which they were on
    reception duty (for the allowance, NĐ 154/2026 Art. 38): days they received a visit (the
    visit's receiving officer is their account) or presided or attended a held session."""
    officers = list(ReceptionOfficer.objects.select_related("user").order_by("full_name"))
    by_user: dict[int, set[date]] = defaultdict(set)
    visits = Visit.objects.filter(visited_at__date__range=(start, end)).values_list(
        "received_by_id", "visited_at__date"
    )
    for user_id, day in visits:
        by_user[user_id].add(day)
    held = ReceptionSession.objects.filter(status=SessionStatus.HELD, date__range=(start, end))
    for user_id, day in held.values_list("presiding_id", "date"):
        by_user[user_id].add(day)
    by_officer: dict[int, set[date]] = defaultdict(set)
    for officer_id, day in held.filter(officers__isnull=False).values_list("officers", "date"):
        by_officer[officer_id].add(day)
    rows = []
    for officer in officers:
        days = set(by_officer.get(officer.pk, set()))
        if officer.user_id:
            days |= by_user.get(officer.user_id, set())
        rows.append(DutyDays(officer=officer, days=sorted(days)))
    return rows
