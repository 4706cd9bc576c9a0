"""The deadline arithmetic: pure functions over dates, no database.

Civil Code 2015 Arts. 144–148 as applied to legal deadlines (domain.md §7):

* counting starts the day *after* the triggering event;
* calendar days (CD): every day counts, but when the last day is not a working day the period ends at the end of
  the next working day;
* working days (WD): only working days count;
* a suspension pauses the clock and a resumption decision restarts it with the time that was left — pause and
  resume, never restart from zero (Denunciations Law Art. 34(2); Complaints Law Art. 11a and NĐ 124 Art. 28b(2)).

How a pause ``(S, R)`` is counted: the suspension decision's own day S still counts (the decision is issued during
that day, so the clock ran on it); the days after S up to and including R do not; the clock runs again from the day
after R, exactly as a period "tính từ ngày ban hành quyết định tiếp tục" starts the day after that decision. An open
pause (R unknown) that begins before the deadline is reached raises :class:`Suspended`: there is no due date until a
resumption decision exists, and the exception says how much time is left.

What is and is not a working day lives in :class:`WorkCalendar`, built from the exception rows (holidays, extra days
off, working Saturdays) so this module never touches the ORM.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from core.common.errors import ConflictError

from .choices import DayKind, DayUnit

ONE_DAY = timedelta(days=1)

Pause = tuple[date, date | None]


class Suspended(Exception):
    """The deadline has no due date: an open suspension began before the time ran out.

    ``remaining`` is the number of days (in the rule's unit) still to run once the clock resumes.
    """

    def __init__(self, *, since: date, remaining: int, unit: str) -> None:
        super().__init__(f"Suspended since {since.isoformat()} with {remaining} {unit} remaining")
        self.since = since
        self.remaining = remaining
        self.unit = unit


class CalendarRangeError(LookupError):
    """A date outside the range a calendar was loaded for: answering would silently ignore its exceptions."""


class CalendarNotSeeded(ConflictError):
    """A day of a year whose holidays were never loaded: counting it as an ordinary weekday would silently ignore
    New Year, Tết and the rest, so the engine refuses (a 409 with this message wherever a user asked)."""

    def __init__(self, year: int) -> None:
        super().__init__(
            _(
                "The working calendar has no holidays for %(year)d yet, so a time limit reaching into that year "
                "cannot be computed. A platform administrator must add the calendar of %(year)d first."
            )
            % {"year": year},
            extra={"year": year},
        )
        self.year = year


class WorkCalendar:
    """Which days state agencies work: Monday to Friday, minus holidays and extra days off, plus declared working days.

    ``exceptions`` maps a date to a :class:`DayKind` value. ``bounds`` (inclusive) is the range the exceptions were
    loaded for; asking about a day outside it raises :class:`CalendarRangeError` instead of guessing. ``years``, when
    given, are the years whose holidays were seeded; a day of any other year raises :class:`CalendarNotSeeded`.
    """

    def __init__(
        self,
        exceptions: Mapping[date, str] | None = None,
        *,
        bounds: tuple[date, date] | None = None,
        years: Iterable[int] | None = None,
    ):
        self._exceptions = dict(exceptions or {})
        self.bounds = bounds
        self.years = None if years is None else frozenset(years)

    @classmethod
    def from_db(cls, start: date, end: date) -> WorkCalendar:
        """Load the national calendar's exception rows for ``start``–``end`` (inclusive), and which of those years
        were seeded, in two queries."""
        from .models import CalendarDay, CalendarYear

        rows = CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind")
        years = CalendarYear.objects.filter(year__range=(start.year, end.year)).values_list("year", flat=True)
        return cls(dict(rows), bounds=(start, end), years=years)

    def kind(self, day: date) -> str | None:
        return self._exceptions.get(day)

    def is_working_day(self, day: date) -> bool:
        if self.bounds is not None and not (self.bounds[0] <= day <= self.bounds[1]):
            raise CalendarRangeError(f"{day.isoformat()} is outside the loaded calendar {self.bounds}")
        if self.years is not None and day.year not in self.years:
            raise CalendarNotSeeded(day.year)
        kind = self._exceptions.get(day)
        if kind == DayKind.WORKING_DAY:
            return True
        if kind in (DayKind.HOLIDAY, DayKind.DAY_OFF):
            return False
        return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day


@dataclass(frozen=True)
class _Window:
    """Days strictly after ``since`` up to and including ``until`` (None: still suspended) do not count."""

    since: date
    until: date | None

    def covers(self, day: date) -> bool:
        return day > self.since and (self.until is None or day <= self.until)


def _windows(*, start: date, pauses: Iterable[Pause]) -> list[_Window]:
    windows = []
    for since, until in pauses:
        if since < start:
            raise ValueError(f"A suspension ({since.isoformat()}) cannot precede the event ({start.isoformat()}).")
        if until is not None and until < since:
            raise ValueError(f"Resumption {until.isoformat()} precedes suspension {since.isoformat()}.")
        windows.append(_Window(since, until))
    return windows


def _check_unit(unit: str) -> None:
    if unit not in DayUnit.values:
        raise ValueError(f"Unknown day unit {unit!r}; expected one of {DayUnit.values}.")


def due_date(
    *,
    start: date,
    length: int,
    unit: str,
    calendar: WorkCalendar,
    pauses: Sequence[Pause] = (),
    extra_days: int = 0,
) -> date:
    """The last day of a period of ``length + extra_days`` days (``unit``: "CD" or "WD") after ``start``.

    ``extra_days`` are extensions in the rule's own unit, added to the period as a whole: a 30 CD denunciation with
    one 30 CD extension is one 60 CD period, and only its final day moves off a non-working day.
    Raises :class:`Suspended` when an open pause began before the period ran out.
    """
    _check_unit(unit)
    if length < 0 or extra_days < 0:
        raise ValueError("A period cannot be negative.")
    windows = _windows(start=start, pauses=pauses)
    total = length + extra_days
    counted = 0
    day = start

    def paused(candidate: date) -> bool:
        for window in windows:
            if window.covers(candidate):
                if window.until is None:
                    raise Suspended(since=window.since, remaining=total - counted, unit=unit)
                return True
        return False

    while counted < total:
        day += ONE_DAY
        if paused(day):
            continue
        if unit == DayUnit.WORKING_DAYS and not calendar.is_working_day(day):
            continue
        counted += 1
    if unit == DayUnit.CALENDAR_DAYS:
        # Civil Code Art. 148(5): a period whose last day is a day off ends at the end of the next working day.
        while paused(day) or not calendar.is_working_day(day):
            day += ONE_DAY
    return day


def latest_date_before(*, event: date, length: int, unit: str, calendar: WorkCalendar) -> date:
    """The last working day on which an act "at least ``length`` days before ``event``" can still be done.

    Counted back from the event: the act's day is the ``length``-th day (of ``unit``) before it, so publishing on
    Monday 8/6 is 5 working days ahead of a session on Monday 15/6, as the law's "trước ít nhất 05 ngày làm việc"
    is read (one more day would demand 6). The answer is moved back to a working day, because agencies publish and
    send on working days.
    """
    _check_unit(unit)
    if length < 0:
        raise ValueError("A period cannot be negative.")
    day = event
    counted = 0
    while counted < length:
        day -= ONE_DAY
        if unit == DayUnit.CALENDAR_DAYS or calendar.is_working_day(day):
            counted += 1
    while not calendar.is_working_day(day):
        day -= ONE_DAY
    return day


def remaining(*, due: date, today: date, unit: str, calendar: WorkCalendar) -> int:
    """Days left until ``due`` counted in ``unit``: 0 on the due day itself, negative once overdue.

    Working-day clocks count the working days in (today, due], so "2 days left" means two more office days.
    """
    _check_unit(unit)
    if unit == DayUnit.CALENDAR_DAYS:
        return (due - today).days
    low, high, sign = (today, due, 1) if today <= due else (due, today, -1)
    count = 0
    day = low
    while day < high:
        day += ONE_DAY
        if calendar.is_working_day(day):
            count += 1
    return sign * count


def days_overdue(*, due: date, today: date) -> int:
    """Calendar days past the due date (0 while not overdue): what reports and discipline look at."""
    return max(0, (today - due).days)
