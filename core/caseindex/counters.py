"""What the index's month counters (``CaseMonthCount``) count, as the rows of the cells of cases and
steps in SQL, for the recount (``services.rollups``) and for the partial months of a report period
that the dashboard reads from the raw rows (``core.oversight.selectors``). The counters themselves
are kept by the index's triggers (migration ``0011_casemonthcount_triggers``), which count the
same cells; the rebuild's check and the tests compare the two.

What is counted, by calendar month (the measure is ``received`` for cases, else the step's kind):

* each case in the month it was received, by type, field, channel and status as it stands now;
* each step but the outcome steps in its month by whether it was on time (``y``, ``n``, or empty
  where no clock ran), which also gives how many steps of each kind there were;
* the outcome steps (kind ``outcome.…``) together, under the measure ``outcome.*``, by type,
  field, channel and outcome (one row fewer per step than also counting them by kind).
"""

from __future__ import annotations

from datetime import date

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


def month_of(day: date) -> date:
    return day.replace(day=1)


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
