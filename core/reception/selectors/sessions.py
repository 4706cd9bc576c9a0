"""Reads of leaders' reception sessions, and whether their schedule was published in time."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.common.dates import today as _today
from core.common.errors import ApplicationError, ConflictError
from core.legal.engine import WorkCalendar
from core.legal.selectors import ComputedDeadline, DeadlineRuleNotFound, compute

from ..choices import SessionKind, SessionStatus
from ..models import ReceptionSession


def session_list(
    *,
    status: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    presiding_id: int | None = None,
    is_substitution: bool | None = None,
) -> QuerySet[ReceptionSession]:
    sessions = ReceptionSession.objects.select_related("presiding")
    if status:
        sessions = sessions.filter(status=status)
    if kind:
        sessions = sessions.filter(kind=kind)
    if date_from:
        sessions = sessions.filter(date__gte=date_from)
    if date_to:
        sessions = sessions.filter(date__lte=date_to)
    if presiding_id:
        sessions = sessions.filter(presiding_id=presiding_id)
    if is_substitution is not None:
        sessions = sessions.filter(is_substitution=is_substitution)
    return sessions.order_by("-date", "-start_time", "-id")


def sessions_upcoming(*, today: date | None = None) -> QuerySet[ReceptionSession]:
    today = today or timezone.localdate()
    return (
        ReceptionSession.objects.select_related("presiding")
        .filter(date__gte=today, status=SessionStatus.PLANNED)
        .order_by("date", "start_time")
    )


def session_for_visit(session: ReceptionSession | None, day: date) -> ReceptionSession | None:
    """Check that a visit received on ``day`` can be logged in ``session``."""
    if session is None:
        return None
    if session.date != day:
        raise ApplicationError(_("That session is not on the day of the visit."), extra={"field": "session"})
    if session.status not in (SessionStatus.PLANNED, SessionStatus.HELD) or session.notice_number:
        raise ConflictError(_("Visits can no longer be added to that session."))
    return session


#
# Publication lead time
#


@dataclass(frozen=True)
class Publication:
    """Whether the schedule of a session was published in time (Reception Law Art. 24(4))."""

    publish_by: date | None  # the last day on which publishing is still in time
    working_days: int
    legal_basis: str
    published_on: date | None

    @property
    def late(self) -> bool:
        if self.publish_by is None:
            return False
        if self.published_on is None:
            return _today() > self.publish_by
        return self.published_on > self.publish_by

    @property
    def warning(self) -> str:
        """The warning to show (empty when in time)."""
        if not self.late:
            return ""
        values = {
            "days": self.working_days,
            "latest": f"{self.publish_by:%d/%m/%Y}",
            "basis": self.legal_basis,
        }
        if self.published_on is None:
            return (
                _(
                    "Not published yet, and the last day to publish at least %(days)d working days ahead was "
                    "%(latest)s (%(basis)s)."
                )
                % values
            )
        return _(
            "Published on %(published)s, later than %(latest)s: the schedule must be public at least %(days)d "
            "working days ahead (%(basis)s)."
        ) % {**values, "published": f"{self.published_on:%d/%m/%Y}"}


def publication_check(session: ReceptionSession, *, calendar: WorkCalendar | None = None) -> Publication:
    try:
        rule = compute(code="schedule.publication", start=session.date, calendar=calendar)
    except DeadlineRuleNotFound:
        return Publication(publish_by=None, working_days=0, legal_basis="", published_on=session.published_on)
    return Publication(
        publish_by=rule.due_date,
        working_days=rule.length,
        legal_basis=rule.legal_basis,
        published_on=session.published_on,
    )


def session_clocks(session: ReceptionSession, *, calendar: WorkCalendar | None = None) -> list[ComputedDeadline]:
    """The clocks that run up to a session: publishing the schedule (every session, Reception Law Art. 24(4)) and,
    for an online one, announcing it and testing the link (NĐ 154/2026 Art. 23, from 1/7/2026)."""
    codes = ["schedule.publication"]
    if session.kind == SessionKind.ONLINE:
        codes += ["reception.online_notice", "reception.online_link_test"]
    clocks = []
    for code in codes:
        try:
            clocks.append(compute(code=code, start=session.date, calendar=calendar))
        except DeadlineRuleNotFound:
            continue
    return clocks


def publication_checks(sessions) -> dict[int, Publication]:
    """``publication_check`` for many sessions (a list page): one calendar, one rule lookup per day."""
    sessions = list(sessions)
    if not sessions:
        return {}
    days = [session.date for session in sessions]
    # Five working days back never span more than a Tết holiday: 60 days of margin is plenty.
    calendar = WorkCalendar.from_db(min(days) - timedelta(days=60), max(days))
    by_day: dict = {}
    for session in sessions:
        if session.date not in by_day:
            by_day[session.date] = publication_check(session, calendar=calendar)
    return {
        session.pk: dataclasses.replace(by_day[session.date], published_on=session.published_on) for session in sessions
    }
