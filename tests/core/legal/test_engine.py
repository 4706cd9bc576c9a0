"""The pure arithmetic, without the database: a small hand-made calendar makes each rule visible."""

from __future__ import annotations

from datetime import date

import pytest

from core.legal.choices import DayKind
from core.legal.engine import (
    CalendarRangeError,
    Suspended,
    WorkCalendar,
    days_overdue,
    due_date,
    latest_date_before,
    remaining,
)

D = date
# June 2026: Mondays 1, 8, 15. A made-up holiday on Wed 10/6 and a working Saturday 13/6.
CALENDAR = WorkCalendar({D(2026, 6, 10): DayKind.HOLIDAY, D(2026, 6, 13): DayKind.WORKING_DAY})


@pytest.mark.parametrize(
    ("start", "length", "unit", "pauses", "extra_days", "expected"),
    [
        pytest.param(D(2026, 6, 1), 3, "CD", (), 0, D(2026, 6, 4), id="CD: Mon 1 d+3 = Thu 4"),
        pytest.param(D(2026, 6, 1), 9, "CD", (), 0, D(2026, 6, 11), id="CD: d+9 = holiday Wed 10 -> Thu 11"),
        pytest.param(D(2026, 6, 1), 12, "CD", (), 0, D(2026, 6, 13), id="CD: d+12 = working Sat 13 stays"),
        pytest.param(D(2026, 6, 1), 13, "CD", (), 0, D(2026, 6, 15), id="CD: d+13 = Sun 14 -> Mon 15"),
        pytest.param(D(2026, 6, 1), 0, "CD", (), 0, D(2026, 6, 1), id="CD: zero length ends on the event day"),
        pytest.param(
            D(2026, 6, 5), 4, "WD", (), 0, D(2026, 6, 12), id="WD: Fri 5; Mon 8, Tue 9, (Wed 10), Thu 11, Fri 12"
        ),
        pytest.param(
            D(2026, 6, 8), 4, "WD", (), 0, D(2026, 6, 13), id="WD: Mon 8; Tue 9, (Wed 10), Thu 11, Fri 12, Sat 13"
        ),
        pytest.param(
            D(2026, 6, 1),
            5,
            "CD",
            [(D(2026, 6, 3), D(2026, 6, 8))],
            0,
            D(2026, 6, 11),
            id="CD pause Wed 3 to Mon 8: Tue 2, Wed 3 ran; 4-8 not counted; Tue 9, Wed 10, Thu 11",
        ),
        pytest.param(
            D(2026, 6, 1),
            3,
            "WD",
            [(D(2026, 6, 2), D(2026, 6, 4))],
            0,
            D(2026, 6, 8),
            id="WD pause Tue 2 to Thu 4: Tue 2 ran; 3-4 not counted; Fri 5, Mon 8",
        ),
        pytest.param(
            D(2026, 6, 1),
            3,
            "CD",
            [(D(2026, 6, 20), None)],
            0,
            D(2026, 6, 4),
            id="a suspension after the deadline changes nothing",
        ),
        pytest.param(D(2026, 6, 1), 3, "CD", (), 2, D(2026, 6, 8), id="3 CD + 2 extra = d+5 Sat 6 -> Mon 8"),
    ],
)
def test_due_date(start, length, unit, pauses, extra_days, expected):
    got = due_date(start=start, length=length, unit=unit, calendar=CALENDAR, pauses=pauses, extra_days=extra_days)
    assert got == expected


def test_an_open_suspension_raises_suspended_with_the_time_left():
    # Mon 1 + 10 CD, suspended Wed 3 and not resumed: Tue 2 and Wed 3 ran, 8 days are left.
    with pytest.raises(Suspended) as excinfo:
        due_date(start=D(2026, 6, 1), length=10, unit="CD", calendar=CALENDAR, pauses=[(D(2026, 6, 3), None)])

    assert (excinfo.value.since, excinfo.value.remaining, excinfo.value.unit) == (D(2026, 6, 3), 8, "CD")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"pauses": [(D(2026, 5, 31), D(2026, 6, 2))]}, "cannot precede", id="pause before the event"),
        pytest.param({"pauses": [(D(2026, 6, 3), D(2026, 6, 2))]}, "precedes suspension", id="resumed before"),
        pytest.param({"unit": "days"}, "Unknown day unit", id="unknown unit"),
        pytest.param({"length": -1}, "negative", id="negative length"),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    arguments = {"start": D(2026, 6, 1), "length": 3, "unit": "CD", "calendar": CALENDAR, **kwargs}
    with pytest.raises(ValueError, match=message):
        due_date(**arguments)


@pytest.mark.parametrize(
    ("event", "length", "unit", "expected"),
    [
        pytest.param(D(2026, 6, 15), 3, "WD", D(2026, 6, 11), id="3 WD before Mon 15: Sat 13, Fri 12, Thu 11"),
        pytest.param(
            D(2026, 6, 12),
            5,
            "WD",
            D(2026, 6, 4),
            id="5 WD before Fri 12: Thu 11, (Wed 10 off), Tue 9, Mon 8, Fri 5, Thu 4",
        ),
        pytest.param(D(2026, 6, 8), 5, "WD", D(2026, 6, 1), id="exactly 5 WD, not 6: Mon 8 -> Mon 1"),
        pytest.param(D(2026, 6, 15), 2, "CD", D(2026, 6, 13), id="2 CD before Mon 15: Sun 14, Sat 13 (worked)"),
        pytest.param(D(2026, 6, 16), 2, "CD", D(2026, 6, 13), id="2 CD before Tue 16: Sun 14 is off -> Sat 13"),
    ],
)
def test_latest_date_before(event, length, unit, expected):
    assert latest_date_before(event=event, length=length, unit=unit, calendar=CALENDAR) == expected


@pytest.mark.parametrize(
    ("due", "today", "unit", "expected"),
    [
        pytest.param(D(2026, 6, 12), D(2026, 6, 8), "WD", 3, id="WD left: Tue 9, Thu 11, Fri 12"),
        pytest.param(D(2026, 6, 8), D(2026, 6, 12), "WD", -3, id="WD overdue: Tue 9, Thu 11, Fri 12"),
        pytest.param(D(2026, 6, 12), D(2026, 6, 12), "WD", 0, id="due today"),
        pytest.param(D(2026, 6, 12), D(2026, 6, 8), "CD", 4, id="CD left"),
        pytest.param(D(2026, 6, 8), D(2026, 6, 12), "CD", -4, id="CD overdue"),
    ],
)
def test_remaining(due, today, unit, expected):
    assert remaining(due=due, today=today, unit=unit, calendar=CALENDAR) == expected


def test_days_overdue_counts_calendar_days_after_the_due_date():
    assert days_overdue(due=D(2026, 6, 8), today=D(2026, 6, 12)) == 4
    assert days_overdue(due=D(2026, 6, 8), today=D(2026, 6, 8)) == 0
    assert days_overdue(due=D(2026, 6, 8), today=D(2026, 6, 1)) == 0


def test_a_bounded_calendar_refuses_days_it_was_not_loaded_for():
    calendar = WorkCalendar({}, bounds=(D(2026, 1, 1), D(2026, 1, 31)))

    assert calendar.is_working_day(D(2026, 1, 2))
    with pytest.raises(CalendarRangeError):
        calendar.is_working_day(D(2026, 2, 2))


def test_weekends_are_off_unless_declared_working():
    assert not CALENDAR.is_working_day(D(2026, 6, 6))
    assert CALENDAR.is_working_day(D(2026, 6, 13))
    assert not CALENDAR.is_working_day(D(2026, 6, 10))
    assert CALENDAR.next_working_day(D(2026, 6, 6)) == D(2026, 6, 8)
