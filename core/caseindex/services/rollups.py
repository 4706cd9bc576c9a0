"""The per-day counters of the index (``CaseDayCount``): their upkeep and their recount.

Every write of an index row or of a step adds its +1 (and a case's old cell its −1) in the same
transaction, by one ``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``: two transactions
counting the same cell both land, whichever commits first. Cells are written in sorted order, so
two writers never wait on each other's cells crosswise. A cell emptied by a change keeps its row at
0 until a rebuild sweeps it; readers ignore zeros.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from tenants.db import connection

from ..models import CASE_DAY_CELL, CaseDayCount, CaseEvent, CaseIndexEntry

#: The columns of a cell, in the order of the table's unique key.
CELL = CASE_DAY_CELL
#: What a case's cell is made of, from its index row (``source`` "case", ``kind`` "received").
CASE_CELL_FIELDS = ("province_code", "received_date", "unit_code", "petition_type", "field_code", "channel", "status")
SOURCE_CASE, SOURCE_EVENT = "case", "event"
RECEIVED = "received"

Cell = tuple


def case_cell(values: Mapping) -> Cell:
    """The cell a case counts in: the day it was received and where it stands now."""
    return (
        values["province_code"],
        SOURCE_CASE,
        RECEIVED,
        values["received_date"],
        values["unit_code"],
        values["petition_type"],
        values["field_code"] or "",
        values["channel"],
        values["status"],
        "",
    )


def on_time_code(on_time: bool | None) -> str:
    return "" if on_time is None else ("y" if on_time else "n")


def event_cell(event: CaseEvent) -> Cell:
    """The cell a step counts in: its kind, its day and where the case stood after it."""
    return (
        event.province_code,
        SOURCE_EVENT,
        event.kind,
        event.event_date,
        event.unit_code,
        event.petition_type,
        event.field_code or "",
        event.channel,
        event.outcome or "",
        on_time_code(event.on_time),
    )


def counts_add(deltas: Mapping[Cell, int]) -> None:
    """Add ``deltas`` to their cells; call inside the transaction of the write they count."""
    rows = sorted((cell, n) for cell, n in deltas.items() if n)
    if not rows:
        return
    table = CaseDayCount._meta.db_table
    columns = ", ".join(CELL)
    values = ", ".join(["(" + ", ".join(["%s"] * (len(CELL) + 1)) + ")"] * len(rows))
    sql = (
        f"INSERT INTO {table} ({columns}, n) VALUES {values} "
        f"ON CONFLICT ({columns}) DO UPDATE SET n = {table}.n + EXCLUDED.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for cell, n in rows for value in (*cell, n)])


def case_moved(old: Mapping | None, new: Mapping | None) -> None:
    """A case's index row went from ``old`` to ``new`` (either None: created or deleted)."""
    deltas: dict[Cell, int] = {}
    if old is not None:
        deltas[case_cell(old)] = deltas.get(case_cell(old), 0) - 1
    if new is not None:
        deltas[case_cell(new)] = deltas.get(case_cell(new), 0) + 1
    counts_add(deltas)


def event_counted(event: CaseEvent) -> None:
    counts_add({event_cell(event): 1})


# --- The recount --------------------------------------------------------------------------------

_RECOUNT_SQL = f"""
    SELECT province_code, '{SOURCE_CASE}', '{RECEIVED}', received_date, unit_code, petition_type,
           field_code, channel, status, '', count(*)
      FROM {CaseIndexEntry._meta.db_table} {{case_where}}
     GROUP BY province_code, received_date, unit_code, petition_type, field_code, channel, status
    UNION ALL
    SELECT province_code, '{SOURCE_EVENT}', kind, event_date, unit_code, petition_type, field_code,
           channel, outcome, CASE WHEN on_time THEN 'y' WHEN NOT on_time THEN 'n' ELSE '' END, count(*)
      FROM {CaseEvent._meta.db_table} {{event_where}}
     GROUP BY province_code, kind, event_date, unit_code, petition_type, field_code, channel, outcome, 10
"""


@dataclass
class RollupDifference:
    """Cells whose stored count differs from a recount of the index: (cell, stored, recounted)."""

    cells: list[tuple[Cell, int, int]] = field(default_factory=list)
    checked: int = 0

    @property
    def count(self) -> int:
        return len(self.cells)


def _recount_sql(unit_codes: list[str] | None) -> tuple[str, list]:
    if unit_codes is None:
        return _RECOUNT_SQL.format(case_where="", event_where=""), []
    where = "WHERE unit_code = ANY(%s)"
    return _RECOUNT_SQL.format(case_where=where, event_where=where), [unit_codes, unit_codes]


def rollups_compare(*, unit_codes: list[str] | None = None) -> RollupDifference:
    """Recount every cell from the index (of ``unit_codes``, or all) and compare, in one statement:
    counts and index rows are written in the same transactions, so one snapshot sees them agree."""
    recount, params = _recount_sql(unit_codes)
    table = CaseDayCount._meta.db_table
    stored_where = "WHERE n <> 0" + (" AND unit_code = ANY(%s)" if unit_codes is not None else "")
    columns = ", ".join(CELL)
    join = " AND ".join(f"s.{c} = r.{c}" for c in CELL)
    sql = (
        f"WITH r ({columns}, n) AS ({recount}), s AS (SELECT {columns}, n FROM {table} {stored_where}) "
        f"SELECT {', '.join(f'COALESCE(s.{c}, r.{c})' for c in CELL)}, COALESCE(s.n, 0), COALESCE(r.n, 0), "
        f"(SELECT count(*) FROM r) FROM s FULL OUTER JOIN r ON {join} "
        f"WHERE s.n IS DISTINCT FROM r.n"
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
    table = CaseDayCount._meta.db_table
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
            cursor.execute(f"INSERT INTO {table} ({', '.join(CELL)}, n) {recount}", params)
    return diff


def rollups_for_day(*, unit_code: str, day: date) -> dict[Cell, int]:
    """A unit's non-zero cells of one day (for checks and the admin's eye)."""
    rows = CaseDayCount.objects.filter(unit_code=unit_code, day=day).exclude(n=0).values_list(*CELL, "n")
    return {tuple(row[:-1]): row[-1] for row in rows}
