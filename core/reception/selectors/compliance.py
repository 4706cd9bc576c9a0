"""Leaders' reception compliance: sessions the head held in person against the legal minimum.

Each compliance window (a week or a month, per the quota rule version in force in it) counts the
distinct days on which the head presided a held session. A deputy standing in is recorded and
shown, but never counted toward the head's quota (domain.md §5.7).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from core.legal.models import ReceptionQuotaRule

from ..choices import SessionStatus
from ..models import ReceptionSession
from ..rules import quota_rules
from .instructions import instructions_overdue
from .profile import unit_head_id
from .sessions import publication_checks


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


def rule_windows(rules: Iterable[ReceptionQuotaRule], start: date, end: date):
    """(first day, last day, rule) of each compliance window in [start, end], each under the quota
    rule version in force in it (``rules``: the versions in force during the period)."""
    for rule in rules:
        window_start = max(start, rule.effective_from)
        window_end = min(end, rule.effective_to or end)
        for first, last in compliance_windows(rule.per, window_start, window_end):
            yield first, last, rule


def reception_compliance(*, unit_kind: str, start: date, end: date) -> list[QuotaWindow]:
    """One row per compliance window in [start, end], under the rule version in force in it."""
    head_id = unit_head_id()
    held = ReceptionSession.objects.filter(status=SessionStatus.HELD, date__range=(start, end))
    head_days = set(held.filter(presiding_id=head_id, is_substitution=False).values_list("date", flat=True))
    substituted = set(held.filter(is_substitution=True).values_list("date", flat=True))
    return [
        QuotaWindow(
            start=first,
            end=last,
            per=rule.per,
            required_days=rule.min_days,
            head_days=sum(1 for day in head_days if first <= day <= last),
            substituted_days=sum(1 for day in substituted if first <= day <= last),
            legal_basis=rule.legal_basis,
        )
        for first, last, rule in rule_windows(quota_rules(unit_kind, start, end), start, end)
    ]


def quota_last_window(*, unit_kind: str, today: date | None = None) -> QuotaWindow | None:
    """The last ended compliance window of the head's reception quota (None when none applies)."""
    today = today or timezone.localdate()
    windows = reception_compliance(unit_kind=unit_kind, start=today - timedelta(days=70), end=today - timedelta(1))
    return windows[-1] if windows else None


@dataclass(frozen=True)
class ComplianceSummary:
    """The head's reception against the quota for a period, and the follow-up figures the
    inspectorate asks for (domain.md §5.7): substituted days shown apart, never counted."""

    start: date
    end: date
    unit_kind: str
    windows: list[QuotaWindow]
    windows_short: int  # ended windows below the minimum
    sessions_held: int
    head_days: int
    substituted_days: int
    published_late: int
    notices_issued: int
    instructions_overdue: int


def window_state(window: QuotaWindow, today: date) -> str:
    """ "upcoming", "running" (not over yet), "ok" or "short"."""
    if window.start > today:
        return "upcoming"
    if window.compliant:
        return "ok"
    return "running" if window.end >= today else "short"


def compliance_summary(*, unit_kind: str, start: date, end: date, today: date | None = None) -> ComplianceSummary:
    today = today or timezone.localdate()
    windows = reception_compliance(unit_kind=unit_kind, start=start, end=end)
    head = unit_head_id()
    held = list(ReceptionSession.objects.filter(status=SessionStatus.HELD, date__range=(start, end)))
    return ComplianceSummary(
        start=start,
        end=end,
        unit_kind=unit_kind,
        windows=windows,
        windows_short=sum(1 for w in windows if window_state(w, today) == "short"),
        sessions_held=len(held),
        head_days=len({s.date for s in held if head and s.presiding_id == head and not s.is_substitution}),
        substituted_days=len({s.date for s in held if s.is_substitution}),
        published_late=sum(1 for p in publication_checks(held).values() if p.late),
        notices_issued=sum(1 for s in held if s.notice_number),
        instructions_overdue=instructions_overdue(today=today).filter(session__date__range=(start, end)).count(),
    )


def period_default(kind: str, today: date | None = None) -> tuple[date, date]:
    """The default reporting period: the current "month" (duty days) or "year" (compliance)."""
    today = today or timezone.localdate()
    if kind == "month":
        return today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return date(today.year, 1, 1), date(today.year, 12, 31)
