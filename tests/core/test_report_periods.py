from datetime import date

import pytest

from core.reports.periods import period_bounds, period_containing

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "year", "start", "end"),
    [
        ("q1", 2026, date(2025, 12, 15), date(2026, 3, 14)),
        ("q2", 2026, date(2026, 3, 15), date(2026, 6, 14)),
        ("q3", 2026, date(2026, 6, 15), date(2026, 9, 14)),
        ("q4", 2026, date(2026, 9, 15), date(2026, 12, 14)),
        ("6m", 2026, date(2025, 12, 15), date(2026, 6, 14)),
        ("9m", 2026, date(2025, 12, 15), date(2026, 9, 14)),
        ("year", 2026, date(2025, 12, 15), date(2026, 12, 14)),
        ("q2", 2020, date(2020, 3, 16), date(2020, 6, 15)),  # the old 16 -> 15 cycle of TT 03/2013
    ],
)
def test_periods_follow_the_cut_off_rule_in_force(kind, year, start, end):
    period = period_bounds(kind, year)
    assert (period.start, period.end) == (start, end)


def test_data_of_late_december_belong_to_the_next_year():
    assert period_containing(date(2026, 12, 20)).label.endswith("2027")
    assert period_containing(date(2026, 12, 20)).kind == "q1"
    assert period_containing(date(2026, 11, 29)).kind == "q4"
