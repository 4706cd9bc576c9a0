"""The index's month counters (``CaseMonthCount``, cells in ``..counters``): their recount, and the
rebuild that proves or repairs them.

The counters are kept by the database (migration ``0011_casemonthcount_triggers``): row triggers
on the index and its events add a row's +1 to one cell per breakdown when it is written, its −1
when it is deleted, and move it when an update changes what it counts in, in the statement that
wrote the row, by one ``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`` with the cells in
one fixed order: two transactions counting the same cell both land, whichever commits first, and
never wait on each other's cells crosswise within a write. A cell emptied by a change keeps its
row at 0 until a rebuild sweeps it; readers ignore zeros.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from tenants.db import connection

from ..counters import CELL, ROW_COLUMNS, Cell, counted_rows_sql, month_of
from ..models import CaseEvent, CaseIndexEntry, CaseMonthCount

# --- The recount --------------------------------------------------------------------------------


@dataclass
class RollupDifference:
    """Cells whose stored count differs from a recount of the index: (cell, stored, recounted)."""

    cells: list[tuple[Cell, int, int]] = field(default_factory=list)
    checked: int = 0

    @property
    def count(self) -> int:
        return len(self.cells)


def _recount_sql(unit_codes: list[str] | None) -> tuple[str, list]:
    """Every cell recounted from the index (of ``unit_codes``, or all): its columns, then n."""
    where = "" if unit_codes is None else "WHERE unit_code = ANY(%s)"
    rows = counted_rows_sql(month="date_trunc('month', {day})::date", case_where=where, event_where=where)
    columns = ", ".join(CELL)
    sql = f"SELECT {columns}, count(*) FROM ({rows}) c ({', '.join(ROW_COLUMNS)}) GROUP BY {columns}"
    return sql, [] if unit_codes is None else [unit_codes] * 3


def rollups_compare(*, unit_codes: list[str] | None = None) -> RollupDifference:
    """Recount every cell from the index (of ``unit_codes``, or all) and compare, in one statement:
    counts and index rows are written in the same transactions, so one snapshot sees them agree."""
    recount, params = _recount_sql(unit_codes)
    table = CaseMonthCount._meta.db_table
    stored_where = "WHERE n <> 0" + (" AND unit_code = ANY(%s)" if unit_codes is not None else "")
    columns = ", ".join(CELL)
    join = " AND ".join(f"s.{c} = r.{c}" for c in CELL)
    sql = (
        f"WITH r ({columns}, n) AS ({recount}), s AS (SELECT {columns}, n FROM {table} {stored_where}) "
        f"SELECT {', '.join(f'COALESCE(s.{c}, r.{c})' for c in CELL)}, COALESCE(s.n, 0), COALESCE(r.n, 0) "
        f"FROM s FULL OUTER JOIN r ON {join} WHERE s.n IS DISTINCT FROM r.n ORDER BY 1, 2, 3, 4, 5, 6"
    )
    diff = RollupDifference()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *([unit_codes] if unit_codes is not None else [])])
        for row in cursor.fetchall():
            diff.cells.append((tuple(row[: len(CELL)]), row[len(CELL)], row[len(CELL) + 1]))
        cursor.execute(f"SELECT count(*) FROM ({recount}) r", params)
        diff.checked = cursor.fetchone()[0]
    return diff


def rollups_rebuild(*, unit_codes: list[str] | None = None) -> RollupDifference:
    """Replace the counters (of ``unit_codes``, or all) by a recount of the index, and say what
    differed. The index tables are locked against writes meanwhile, so no step is counted twice or
    lost between the recount and the swap."""
    table = CaseMonthCount._meta.db_table
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {CaseIndexEntry._meta.db_table}, {CaseEvent._meta.db_table} IN SHARE MODE; "
                f"LOCK TABLE {table} IN EXCLUSIVE MODE"
            )
        diff = rollups_compare(unit_codes=unit_codes)
        recount, params = _recount_sql(unit_codes)
        with connection.cursor() as cursor:
            if unit_codes is None:
                cursor.execute(f"DELETE FROM {table}")
            else:
                cursor.execute(f"DELETE FROM {table} WHERE unit_code = ANY(%s)", [unit_codes])
            # In the order of the cell index, so that a range of it (a province's months) reads
            # neighbouring heap pages; then fresh statistics for the planner.
            cursor.execute(f"INSERT INTO {table} ({', '.join(CELL)}, n) {recount} ORDER BY {', '.join(CELL)}", params)
            cursor.execute(f"ANALYZE {table}")
    return diff


def rollups_for_month(*, unit_code: str, month: date) -> dict[Cell, int]:
    """A unit's non-zero cells of one month (for checks and the admin's eye)."""
    rows = (
        CaseMonthCount.objects.filter(unit_code=unit_code, month=month_of(month)).exclude(n=0).values_list(*CELL, "n")
    )
    return {tuple(row[:-1]): row[-1] for row in rows}
