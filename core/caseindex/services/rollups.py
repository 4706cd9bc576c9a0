"""The index's month counters (``CaseMonthCount``, cells in ``..counters``): their recount, and the
rebuild that proves or repairs them.

The counters are kept by the database (migration ``0011_casemonthcount_triggers``): row triggers
on the index and its events add a row's +1 to one cell per breakdown when it is written, its −1
when it is deleted, and move it when an update changes what it counts in, in the statement that
wrote the row, by one ``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`` with the cells in
one fixed order: two transactions counting the same cell both land, whichever commits first, and
never wait on each other's cells crosswise within a write. A cell emptied by a change keeps its
row at 0 until a rebuild sweeps it; readers ignore zeros.

The counter months follow the report periods' cut-off days through a copy of them
(``CaseCountCut``), which only a whole rebuild refreshes from the rules, in the transaction that
recounts every cell by the new cuts: a corrected rule (``ReportPeriodRule``) queues
``rollups_cuts_follow`` (``core.caseindex.tasks``, from ``apps.py`` on a rule's save or delete;
beat runs it daily too, should a message be lost), and until it has run the counters and the
dashboard's split of a period still agree on the old cuts (a period that no longer falls on them
is read partly from the raw rows: slower, never wrong).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from tenants.db import connection

from ..counters import CELL, MONTH_SQL, ROW_COLUMNS, Cell, counted_rows_sql
from ..models import CaseCountCut, CaseEvent, CaseIndexEntry, CaseMonthCount
from ..selectors import counter_cuts, counter_cuts_from_rules

# --- The recount --------------------------------------------------------------------------------


@dataclass
class RollupDifference:
    """Cells whose stored count differs from a recount of the index: (cell, stored, recounted)."""

    cells: list[tuple[Cell, int, int]] = field(default_factory=list)
    checked: int = 0
    #: The cuts a rebuild took afresh from the rules, when they changed.
    cuts: list[tuple[date, int]] | None = None

    @property
    def count(self) -> int:
        return len(self.cells)


def _recount_sql(unit_codes: list[str] | None) -> tuple[str, list]:
    """Every cell recounted from the index (of ``unit_codes``, or all): its columns, then n. The
    rows' days are mapped to counter months through a table of the days since 1990 (one lookup
    per day, not per row: a million rows would otherwise call ``caseindex_month`` millions of
    times), any other day by the function itself."""
    where = "" if unit_codes is None else "WHERE unit_code = ANY(%s)"
    rows = counted_rows_sql(month="{day}", case_where=where, event_where=where)
    days = (
        f"SELECT d::date, {MONTH_SQL.format(day='d::date')} FROM generate_series('1990-01-01'::date, "
        "current_date + 366, interval '1 day') d"
    )
    month = f"COALESCE(m.month, {MONTH_SQL.format(day='c.day')})"
    cell = ", ".join(f"{month if column == 'month' else 'c.' + column} AS {column}" for column in CELL)
    row_columns = ", ".join("day" if column == "month" else column for column in ROW_COLUMNS)
    sql = (
        f"WITH m (day, month) AS MATERIALIZED ({days}) SELECT {cell}, count(*) AS n FROM ({rows}) c ({row_columns}) "
        f"LEFT JOIN m ON m.day = c.day GROUP BY {', '.join(str(i + 1) for i in range(len(CELL)))}"
    )
    return sql, [] if unit_codes is None else [unit_codes] * 3


def rollups_compare(*, unit_codes: list[str] | None = None) -> RollupDifference:
    """Recount every cell from the index (of ``unit_codes``, or all) and compare, in one statement:
    counts and index rows are written in the same transactions, so one snapshot sees them agree."""
    recount, params = _recount_sql(unit_codes)
    with connection.cursor() as cursor:
        return _difference(cursor, f"({recount})", params, unit_codes)


def _difference(cursor: Any, recount: str, params: list, unit_codes: list[str] | None) -> RollupDifference:
    """The stored cells (of ``unit_codes``, or all) against ``recount``: the recount's statement in
    brackets, or a table that holds it."""
    table = CaseMonthCount._meta.db_table
    stored_where = "WHERE n <> 0" + (" AND unit_code = ANY(%s)" if unit_codes is not None else "")
    columns = ", ".join(CELL)
    join = " AND ".join(f"s.{c} = r.{c}" for c in CELL)
    sql = (
        f"WITH r ({columns}, n) AS (SELECT * FROM {recount} x), s AS (SELECT {columns}, n FROM {table} {stored_where}) "
        f"SELECT {', '.join(f'COALESCE(s.{c}, r.{c})' for c in CELL)}, COALESCE(s.n, 0), COALESCE(r.n, 0) "
        f"FROM s FULL OUTER JOIN r ON {join} WHERE s.n IS DISTINCT FROM r.n ORDER BY 1, 2, 3, 4, 5, 6"
    )
    diff = RollupDifference()
    cursor.execute(sql, [*params, *([unit_codes] if unit_codes is not None else [])])
    for row in cursor.fetchall():
        diff.cells.append((tuple(row[: len(CELL)]), row[len(CELL)], row[len(CELL) + 1]))
    cursor.execute(f"SELECT count(*) FROM {recount} x", params)
    diff.checked = cursor.fetchone()[0]
    return diff


def rollups_rebuild(*, unit_codes: list[str] | None = None) -> RollupDifference:
    """Replace the counters (of ``unit_codes``, or all) by a recount of the index, and say what
    differed. The index tables are locked against writes meanwhile, so no step is counted twice or
    lost between the recount and the swap. A rebuild of all also takes the counter months' cuts
    afresh from the report period rules (a recount of some units keeps the cuts the others were
    counted by); ``RollupDifference.cuts`` then says what they became."""
    table = CaseMonthCount._meta.db_table
    with transaction.atomic():
        _recount_lock()
        cuts = counter_cuts_from_rules() if unit_codes is None else None
        if cuts is not None and cuts != counter_cuts():
            # The dashboard reads the cuts and then the counters in one transaction (its plain
            # reads hold ACCESS SHARE): this waits for those under way and holds off the next until
            # the counters are recounted by the new cuts.
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {CaseCountCut._meta.db_table} IN ACCESS EXCLUSIVE MODE")
            CaseCountCut.objects.all().delete()
            CaseCountCut.objects.bulk_create(CaseCountCut(effective_from=f, cutoff_day=d) for f, d in cuts)
        else:
            cuts = None
        recount, params = _recount_sql(unit_codes)
        with connection.cursor() as cursor:
            # Recounted once, compared and copied from there (the recount is most of the time).
            cursor.execute("DROP TABLE IF EXISTS pg_temp.caseindex_recount")
            cursor.execute(f"CREATE TEMPORARY TABLE caseindex_recount ON COMMIT DROP AS {recount}", params)
            diff = _difference(cursor, "pg_temp.caseindex_recount", [], unit_codes)
            if unit_codes is None:
                cursor.execute(f"DELETE FROM {table}")
            else:
                cursor.execute(f"DELETE FROM {table} WHERE unit_code = ANY(%s)", [unit_codes])
            # In the order of the cell index, so that a range of it (a province's months) reads
            # neighbouring heap pages; then fresh statistics for the planner.
            columns = ", ".join(CELL)
            recounted = f"SELECT {columns}, n FROM pg_temp.caseindex_recount ORDER BY {columns}"
            cursor.execute(f"INSERT INTO {table} ({columns}, n) {recounted}")
            cursor.execute(f"ANALYZE {table}")
    diff.cuts = cuts
    return diff


def _recount_lock() -> None:
    """The index against writes, the counters and their cuts against other recounts, in one order
    (one statement each: Citus refuses several in one string)."""
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {CaseIndexEntry._meta.db_table}, {CaseEvent._meta.db_table} IN SHARE MODE")
        cursor.execute(f"LOCK TABLE {CaseMonthCount._meta.db_table}, {CaseCountCut._meta.db_table} IN EXCLUSIVE MODE")


def rollups_cuts_follow() -> RollupDifference | None:
    """Recount every counter by the cuts the report period rules call for, if they differ from those
    it was counted by; None when they do not (two small reads). Checked again under the recount's
    locks, so two rule changes in quick succession recount once."""
    if counter_cuts_from_rules() == counter_cuts():
        return None
    with transaction.atomic():
        _recount_lock()
        if counter_cuts_from_rules() == counter_cuts():
            return None
        return rollups_rebuild()
