"""What the index's month counters (``CaseMonthCount``) count, as the rows of the cells of cases and
steps in SQL, for the recount (``services.rollups``) and for the partial months of a report period
that the dashboard reads from the raw rows (``core.oversight.selectors``). The counters themselves
are kept by the index's triggers (migration ``0011_casemonthcount_triggers``), which count the
same cells; the rebuild's check and the tests compare the two.

What is counted, by counter month (the measure is ``received`` for cases, else the step's kind):

* each case in the month it was received, by type, field, channel and status as it stands now;
* each step but the outcome steps in its month by whether it was on time (``y``, ``n``, or empty
  where no clock ran), which also gives how many steps of each kind there were;
* the outcome steps (kind ``outcome.…``) together, under the measure ``outcome.*``, by type,
  field, channel and outcome (one row fewer per step than also counting them by kind).

A counter month runs from the report periods' cut-off day of one month to the day before that of
the next (the cuts: ``CaseCountCut``; calendar months before the first), so that a report period
is whole counter months, except one that spans a change of cut-off day, whose days before the new
cut are read from the raw rows (a cut's first counter month begins on its first day).
``MONTH_SQL`` (the database function ``caseindex_month``, made by migration 0012, which the
triggers call too) and ``counter_month`` say the same in SQL and in Python; a test holds them
equal.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta

from .models import CASE_MONTH_CELL, CaseEvent, CaseIndexEntry

#: The columns of a cell (a tuple of their values), in the order of the table's unique key.
CELL = CASE_MONTH_CELL
#: The measure of cases (by the month received); a step's measure is its kind.
RECEIVED = "received"
#: The breakdowns of cases, of every step, and of outcome steps: each a column of the index row or event.
RECEIVED_DIMENSIONS = ("petition_type", "field_code", "channel", "status")
STEP_DIMENSIONS = ("on_time",)
OUTCOME_DIMENSIONS = ("petition_type", "field_code", "channel", "outcome")
#: Outcome steps (what the dashboard counts as processed): their kind starts with this; their
#: breakdowns by type, field, channel and outcome are counted together, under this measure.
OUTCOME_PREFIX = "outcome."
OUTCOMES = "outcome.*"

Cell = tuple
#: The columns of ``counted_rows_sql``'s rows, in their order.
ROW_COLUMNS = ("province_code", "month", "measure", "dimension", "value", "unit_code")


#: The counter month of ``{day}`` (an SQL date expression), as the triggers compute it.
MONTH_SQL = "public.caseindex_month({day})"

#: (effective from, cut-off day), ascending: ``CaseCountCut``'s rows.
Cuts = Sequence[tuple[date, int]]


def _cut_at(day: date, cuts: Cuts) -> tuple[int, int]:
    """The index of the cut in force on ``day`` (-1 before the first) and its cut-off day."""
    index = bisect_right([start for start, _ in cuts], day) - 1
    return index, cuts[index][1] if index >= 0 else 1


def counter_month(day: date, cuts: Cuts) -> date:
    """The first day of ``day``'s counter month (``caseindex_month`` in SQL)."""
    index, cutoff = _cut_at(day, cuts)
    month = (day - timedelta(days=cutoff - 1)).replace(day=cutoff)
    return max(month, cuts[index][0]) if index >= 0 else month


def counter_month_next(month: date, cuts: Cuts) -> date:
    """The first day of the counter month after the one beginning on ``month``: the next cut-off
    day, or the next cut's first day if that comes sooner."""
    index, cutoff = _cut_at(month, cuts)
    following = month.replace(day=cutoff) if month.day < cutoff else (month.replace(day=28) + timedelta(days=4))
    following = following.replace(day=cutoff)
    if index + 1 < len(cuts):
        following = min(following, cuts[index + 1][0])
    return following


def counter_months_within(start: date, end: date, cuts: Cuts) -> tuple[date, date] | None:
    """The first days of the first and the last whole counter month within [start, end], or None."""
    first = counter_month(start, cuts)
    if first != start:
        first = counter_month_next(first, cuts)
    last, month = None, first
    while (following := counter_month_next(month, cuts)) <= end + timedelta(days=1):
        last, month = month, following
    return None if last is None else (first, last)


def _unpivot(dimensions: tuple[str, ...]) -> str:
    """``(VALUES ('dim', value)…)``: one row per breakdown of each source row (``on_time`` as its code)."""
    on_time = "CASE WHEN on_time THEN 'y' WHEN NOT on_time THEN 'n' ELSE '' END"
    values = (on_time if d == "on_time" else f"COALESCE({d}, '')" for d in dimensions)
    return "(VALUES " + ", ".join(f"('{d}', {v})" for d, v in zip(dimensions, values, strict=True)) + ")"


def counted_rows_sql(*, month: str, case_where: str, event_where: str, outcome_where: str | None = None) -> str:
    """One row (``ROW_COLUMNS``) per breakdown of every case and step matching the WHERE clauses
    (each empty or a whole ``WHERE …``; ``outcome_where`` of the outcome steps' own breakdowns,
    ``event_where`` when None); ``month`` is an SQL expression of ``{day}``. The recount groups it
    by month; the dashboard reads the partial months of a report period from it."""
    cases, events = CaseIndexEntry._meta.db_table, CaseEvent._meta.db_table
    case_month, event_month = month.format(day="received_date"), month.format(day="event_date")
    step_and = event_where.replace("WHERE", "AND", 1)
    outcome_and = (event_where if outcome_where is None else outcome_where).replace("WHERE", "AND", 1)
    return f"""
        SELECT province_code, {case_month}, '{RECEIVED}', d.dimension, d.value, unit_code
          FROM {cases} CROSS JOIN LATERAL {_unpivot(RECEIVED_DIMENSIONS)} d (dimension, value) {case_where}
        UNION ALL
        SELECT province_code, {event_month}, kind, d.dimension, d.value, unit_code
          FROM {events} CROSS JOIN LATERAL {_unpivot(STEP_DIMENSIONS)} d (dimension, value)
         WHERE kind NOT LIKE '{OUTCOME_PREFIX}%%' {step_and}
        UNION ALL
        SELECT province_code, {event_month}, '{OUTCOMES}', d.dimension, d.value, unit_code
          FROM {events} CROSS JOIN LATERAL {_unpivot(OUTCOME_DIMENSIONS)} d (dimension, value)
         WHERE kind LIKE '{OUTCOME_PREFIX}%%' {outcome_and}
    """
