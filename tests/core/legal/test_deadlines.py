"""The deadline table: every clock the petitions feature relies on, computed from the seeded rules and calendar.

Each expected date was worked out by hand from the 2026 calendar (1/1 is a Thursday) and the 2026 days off of
``holidays.VN``: 1/1; Tết 16–20/2 (Mon–Fri); 27/4 (Hùng Kings, observed); 30/4; 1/5; 31/8 (day off swapped for
Saturday 22/8, which is worked); 1/9; 2/9; 24/11. The reasoning is in each case's id; "d+N" counts from the day
after the event (Civil Code), "WD k" numbers the working days counted.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.legal.choices import DayKind, DaySource
from core.legal.models import CalendarDay
from core.legal.selectors import compute

pytestmark = pytest.mark.django_db

D = date


def case(code, start, expected, *, id, variant="", on=None, pauses=(), extensions=0, admin_days=()):
    return pytest.param(code, variant, start, on, tuple(pauses), extensions, tuple(admin_days), expected, id=id)


CASES = [
    # --- Complaint acceptance (§6 row 9): three clocks, the version chosen by the receipt date -----------------
    case(
        "complaint.acceptance",
        D(2026, 7, 6),
        D(2026, 7, 15),
        id="acceptance decree 7WD from 1/7/2026: rec Mon 6/7; WD1 Tue 7 .. WD5 Mon 13, WD7 Wed 15/7",
    ),
    case(
        "complaint.acceptance",
        D(2026, 7, 6),
        D(2026, 7, 16),
        variant="law",
        id="acceptance law 10CD: rec Mon 6/7 d+10 = Thu 16/7 (working)",
    ),
    case(
        "complaint.acceptance",
        D(2026, 6, 1),
        D(2026, 6, 15),
        id="acceptance decree 10WD until 30/6/2026: rec Mon 1/6; WD1 Tue 2 .. WD4 Fri 5, WD9 Fri 12, WD10 Mon 15/6",
    ),
    case(
        "complaint.acceptance",
        D(2026, 6, 29),
        D(2026, 7, 13),
        id="acceptance rec Mon 29/6/2026 keeps 10WD (receipt date picks the version): Tue 30/6 WD1 .. Mon 13/7 WD10",
    ),
    case(
        "complaint.acceptance",
        D(2026, 6, 29),
        D(2026, 7, 9),
        variant="law",
        id="acceptance law rec Mon 29/6: d+10 = Thu 9/7",
    ),
    case(
        "complaint.acceptance",
        D(2026, 7, 1),
        D(2026, 7, 13),
        variant="law",
        id="acceptance law CD ends on a Saturday: rec Wed 1/7 d+10 = Sat 11/7 -> Mon 13/7",
    ),
    case(
        "complaint.acceptance",
        D(2026, 8, 28),
        D(2026, 9, 11),
        id="acceptance decree 7WD around 2/9: rec Fri 28/8; 31/8 off, 1-2/9 holidays; WD1 Thu 3/9 .. WD7 Fri 11/9",
    ),
    case(
        "complaint.acceptance",
        D(2026, 8, 28),
        D(2026, 9, 7),
        variant="law",
        id="acceptance law rec Fri 28/8: d+10 = Mon 7/9, earlier than the decree clock",
    ),
    # --- Complaint resolution (§6 rows 10-11), counted from acceptance --------------------------------------------
    case(
        "complaint.first_resolution",
        D(2026, 7, 2),
        D(2026, 8, 3),
        id="first normal 30CD: acc Thu 2/7 d+30 = Sat 1/8 -> Mon 3/8",
    ),
    case(
        "complaint.first_resolution",
        D(2026, 7, 2),
        D(2026, 8, 17),
        variant="complex",
        id="first complex 45CD: acc Thu 2/7 d+45 = Sun 16/8 -> Mon 17/8",
    ),
    case(
        "complaint.first_resolution",
        D(2026, 7, 2),
        D(2026, 8, 17),
        variant="remote",
        id="first remote 45CD: acc Thu 2/7 d+45 = Sun 16/8 -> Mon 17/8",
    ),
    case(
        "complaint.first_resolution",
        D(2026, 7, 2),
        D(2026, 9, 3),
        variant="remote_complex",
        id="first remote+complex 60CD ends on a day off: acc Thu 2/7 d+60 = Mon 31/8 (off), 1-2/9 holidays -> Thu 3/9",
    ),
    case(
        "complaint.second_resolution",
        D(2026, 7, 6),
        D(2026, 8, 20),
        id="second normal 45CD: acc Mon 6/7 d+45 = Thu 20/8",
    ),
    case(
        "complaint.second_resolution",
        D(2026, 7, 6),
        D(2026, 9, 4),
        variant="complex",
        id="second complex 60CD: acc Mon 6/7 d+60 = Fri 4/9",
    ),
    case(
        "complaint.second_resolution",
        D(2026, 7, 6),
        D(2026, 9, 4),
        variant="remote",
        id="second remote 60CD: acc Mon 6/7 d+60 = Fri 4/9",
    ),
    case(
        "complaint.second_resolution",
        D(2026, 7, 6),
        D(2026, 9, 14),
        variant="remote_complex",
        id="second remote+complex 70CD: acc Mon 6/7 d+70 = Mon 14/9",
    ),
    case(
        "complaint.first_resolution",
        D(2026, 1, 16),
        D(2026, 2, 23),
        id="first 30CD across Tet: acc Fri 16/1 d+30 = Sun 15/2 -> Mon 16-Fri 20 Tet, weekend -> Mon 23/2",
    ),
    case(
        "complaint.first_resolution",
        D(2026, 7, 2),
        D(2026, 8, 10),
        pauses=[(D(2026, 7, 10), D(2026, 7, 17))],
        id="first 30CD suspended Fri 10/7, resumed Fri 17/7: 3/7-10/7 ran (8), 22 left from Sat 18/7 "
        "-> Sat 8/8 -> Mon 10/8",
    ),
    case(
        "complaint.decision_send_second",
        D(2026, 4, 23),
        D(2026, 5, 4),
        id="second decision sent 7CD ends on a holiday: Thu 23/4 d+7 = Thu 30/4 (holiday), Fri 1/5 holiday -> Mon 4/5",
    ),
    # --- Denunciations (§6 rows 22-25) ---------------------------------------------------------------------------
    case(
        "denunciation.initial_check",
        D(2026, 2, 9),
        D(2026, 2, 25),
        id="initial check 7WD across Tet: rec Mon 9/2; WD1-4 Tue 10-Fri 13, Tet 16-20, WD5 Mon 23 .. WD7 Wed 25/2",
    ),
    case(
        "denunciation.initial_check",
        D(2026, 2, 9),
        D(2026, 3, 2),
        variant="max",
        id="initial check max 10WD: after WD7 Wed 25/2, WD8 Thu 26, WD9 Fri 27, WD10 Mon 2/3",
    ),
    case(
        "denunciation.notify_acceptance",
        D(2026, 2, 12),
        D(2026, 2, 26),
        id="notify acceptance 5WD: acc Thu 12/2; WD1 Fri 13, Tet, WD2 Mon 23 .. WD5 Thu 26/2",
    ),
    case(
        "denunciation.resolution",
        D(2026, 3, 2),
        D(2026, 4, 1),
        id="resolution 30CD: acc Mon 2/3 d+30 = Wed 1/4",
    ),
    case(
        "denunciation.resolution",
        D(2026, 3, 2),
        D(2026, 5, 4),
        extensions=1,
        id="resolution 30+30CD (one extension): acc Mon 2/3 d+60 = Fri 1/5 (holiday), weekend -> Mon 4/5",
    ),
    case(
        "denunciation.resolution",
        D(2026, 3, 2),
        D(2026, 6, 1),
        extensions=2,
        id="resolution 30+30+30CD (two extensions): acc Mon 2/3 d+90 = Sun 31/5 -> Mon 1/6",
    ),
    case(
        "denunciation.resolution",
        D(2026, 3, 2),
        D(2026, 4, 13),
        pauses=[(D(2026, 3, 13), D(2026, 3, 23))],
        id="resolution 30CD paused Fri 13/3 to Mon 23/3: 3/3-13/3 ran (11), 19 left from Tue 24/3 "
        "-> Sat 11/4 -> Mon 13/4",
    ),
    # --- Submissions and reception (§6 rows 2, 6, 34) -------------------------------------------------------------
    case(
        "submission.processing_sla",
        D(2026, 4, 22),
        D(2026, 5, 11),
        id="processing SLA 10WD: rec Wed 22/4; WD1 Thu 23, WD2 Fri 24, 27/4 off, WD3-4 Tue 28-Wed 29, 30/4-1/5 off, "
        "WD5 Mon 4/5 .. WD10 Mon 11/5",
    ),
    case(
        "submission.hard_alarm",
        D(2026, 7, 15),
        D(2026, 9, 3),
        id="hard alarm 45CD: rec Wed 15/7 d+45 = Sat 29/8; Sun 30, Mon 31/8 off, 1-2/9 holidays -> Thu 3/9",
    ),
    case(
        "reception.outcome_notice",
        D(2026, 8, 14),
        D(2026, 8, 27),
        id="outcome notice 10WD with the swapped Saturday: rec Fri 14/8; WD1-5 Mon 17-Fri 21, WD6 Sat 22/8 (worked), "
        "WD7 Mon 24 .. WD10 Thu 27/8",
    ),
    # --- Admin amendments of the calendar --------------------------------------------------------------------------
    case(
        "reception.outcome_notice",
        D(2026, 10, 5),
        D(2026, 10, 19),
        id="outcome notice 10WD, no amendment: rec Mon 5/10; WD1-4 Tue 6-Fri 9, WD5-9 Mon 12-Fri 16, WD10 Mon 19/10",
    ),
    case(
        "reception.outcome_notice",
        D(2026, 10, 5),
        D(2026, 10, 16),
        admin_days=[(D(2026, 10, 10), DayKind.WORKING_DAY)],
        id="outcome notice 10WD, admin working Saturday 10/10: WD1-4 Tue 6-Fri 9, WD5 Sat 10, WD6-10 Mon 12-Fri 16/10",
    ),
    case(
        "denunciation.forward",
        D(2026, 10, 5),
        D(2026, 10, 13),
        admin_days=[(D(2026, 10, 9), DayKind.DAY_OFF)],
        id="forward 5WD, admin day off Fri 9/10: WD1-3 Tue 6-Thu 8, WD4 Mon 12, WD5 Tue 13/10 (else Mon 12/10)",
    ),
    case(
        "complaint.second_complaint_window",
        D(2026, 9, 9),
        D(2026, 10, 12),
        admin_days=[(D(2026, 10, 9), DayKind.DAY_OFF)],
        id="second complaint window 30CD ends on an admin day off: Wed 9/9 d+30 = Fri 9/10 (off) -> Mon 12/10",
    ),
    # --- "At least N days before" clocks: the last working day to act -------------------------------------------
    case(
        "schedule.publication",
        D(2026, 6, 15),
        D(2026, 6, 8),
        id="publish schedule >=5WD before session Mon 15/6: Fri 12, Thu 11, Wed 10, Tue 9, Mon 8 -> Mon 8/6",
    ),
    case(
        "schedule.publication",
        D(2026, 2, 24),
        D(2026, 2, 10),
        id="publish schedule >=5WD before session Tue 24/2: Mon 23, (Tet 16-20), Fri 13-Tue 10 -> Tue 10/2",
    ),
    case(
        "complaint.dialogue_invitation",
        D(2026, 7, 13),
        D(2026, 7, 8),
        id="dialogue invitation >=5CD before Mon 13/7: 12, 11, 10, 9, 8 -> Wed 8/7",
    ),
]


@pytest.mark.parametrize(("code", "variant", "start", "on", "pauses", "extensions", "admin_days", "expected"), CASES)
def test_due_date(code, variant, start, on, pauses, extensions, admin_days, expected):
    for day, kind in admin_days:
        CalendarDay.objects.create(date=day, kind=kind, name="amendment", source=DaySource.ADMIN)

    deadline = compute(code=code, start=start, on=on, variant=variant, pauses=pauses, extensions=extensions)

    assert deadline.due_date == expected


def test_the_seeded_2026_calendar_is_the_one_the_table_was_computed_with():
    rows = dict(CalendarDay.objects.filter(date__year=2026).values_list("date", "kind"))
    off = [D(2026, 1, 1), *(D(2026, 2, d) for d in range(16, 21)), D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1)]
    off += [D(2026, 9, 1), D(2026, 9, 2), D(2026, 11, 24)]
    assert rows == {
        **dict.fromkeys(off, DayKind.HOLIDAY),
        D(2026, 8, 31): DayKind.DAY_OFF,
        D(2026, 8, 22): DayKind.WORKING_DAY,
    }


def test_an_open_suspension_has_no_due_date_but_keeps_the_time_left():
    # Accepted Mon 2/3, suspended Fri 13/3 with no resumption yet: 3/3-13/3 ran (11 days), 19 are left.
    deadline = compute(code="denunciation.resolution", start=D(2026, 3, 2), pauses=[(D(2026, 3, 13), None)])

    assert deadline.is_suspended
    assert deadline.due_date is None
    assert deadline.suspended_since == D(2026, 3, 13)
    assert deadline.remaining_when_suspended == 19


def test_a_computed_deadline_explains_itself():
    deadline = compute(code="denunciation.resolution", start=D(2026, 3, 2), extensions=1)

    assert deadline.code == "denunciation.resolution"
    assert deadline.variant == ""
    assert deadline.legal_basis == "Điều 30 Luật Tố cáo 2018"
    assert (deadline.unit, deadline.length, deadline.extensions, deadline.extra_days) == ("CD", 30, 1, 30)
    assert deadline.start == D(2026, 3, 2)
    assert deadline.is_operative
    assert deadline.is_statutory
    assert deadline.confidence == "V"
    assert deadline.rule_id
