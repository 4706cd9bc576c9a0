"""The three ways to answer the province's question: ``d`` (the dashboard), ``a`` (the limit) and
``b`` (the per-unit loop), and the plain data their answers are compared as."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from core.oversight import selectors
from core.oversight.selectors import PROCESSED_DIMENSIONS, RECEIVED_DIMENSIONS, Figures, figures_fold
from core.petitions.choices import RESOLVING_EVENTS
from core.reports.periods import Period
from tenants.models import Unit


@dataclass(frozen=True)
class Question:
    province: str
    period: Period
    today: date
    near_due_days: int

    @property
    def soon(self) -> date:
        return self.today + timedelta(days=self.near_due_days)

    def params(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "start": self.period.start,
            "end": self.period.end,
            "today": self.today,
            "soon": self.soon,
            "resolving": [str(kind) for kind in RESOLVING_EVENTS],
        }


def petition_figures(figures: Figures) -> dict[str, Any]:
    """A unit's figures as plain data, without the citizen-reception figures that later versions of
    ``Figures`` carry (``a`` and ``b`` answer the petition figures only; the bench has no reception
    data)."""
    values = asdict(figures)
    values.pop("reception", None)
    return values


def answer(units: list[tuple[str, str, str, Figures]], province: Figures) -> dict[str, Any]:
    """A dashboard as plain data, to compare the three methods' answers."""
    return {
        "units": sorted((code, name, kind, petition_figures(figures)) for code, name, kind, figures in units),
        "province": petition_figures(province),
    }


def dashboard_rows(registry: list[tuple[str, str, str]], by_code: dict[str, Figures]) -> tuple[list[tuple], Figures]:
    """What ``province_dashboard`` builds from the figures per unit: the registry's units in code
    order, then codes no longer in the registry, and the province's sum."""
    rows = [(code, name, kind, by_code.pop(code, Figures())) for code, name, kind in registry]
    rows += [(code, code, "", figures) for code, figures in sorted(by_code.items())]
    province = Figures()
    for row in rows:
        province.add(row[3])
    return rows, province


#
# d: the dashboard's own function, as an inspector's request calls it.
#
def dashboard_d(q: Question, inspectorate: Unit) -> tuple[list[tuple], Figures]:
    # As web/oversight/views.py's dashboard and api/oversight/views.py do, request.tenant being the
    # inspectorate (the period comes from the request, outside the timing here).
    with schema_context(inspectorate.schema_name):
        board = selectors.province_dashboard(unit=inspectorate, period=q.period, today=q.today)
        rows, _sort = selectors.units_sorted(board.units, "code")
    return [(row.code, row.name, row.kind, row.figures) for row in rows], board.province


def reception_d(q: Question, inspectorate: Unit, unit_kinds: dict[str, str]) -> Any:
    """For information: the citizen-reception part of ``d`` alone."""
    with schema_context(inspectorate.schema_name):
        return selectors.unit_reception_figures(
            province_code=q.province, period=q.period, unit_kinds=unit_kinds, today=q.today
        )


#
# a: the limit, plain tables and raw SQL.
#
def grouping_sets_sql(*, select_first: str, dimensions: list[str], source: str, where: str) -> str:
    """``SELECT <first>, <dims>, GROUPING(<dim>)…, COUNT(*) … GROUP BY GROUPING SETS``: every
    breakdown in one scan, as the dashboard's SQL."""
    if select_first == "unit_code":  # one table, every unit: per unit, then per unit and dimension
        sets = ["(unit_code)", *(f"(unit_code, {d})" for d in dimensions)]
    else:  # one unit's own table: in all, then per dimension
        sets = ["()", *(f"({d})" for d in dimensions)]
    return (
        f"SELECT {select_first}, {', '.join(dimensions)}, {', '.join(f'GROUPING({d})' for d in dimensions)}, "
        f"COUNT(*) FROM {source} WHERE {where} GROUP BY GROUPING SETS ({', '.join(sets)})"
    )


def shared_statements() -> dict[str, str]:
    return {
        "units": f"SELECT code, name, kind FROM public.{Unit._meta.db_table} WHERE province_code = %(province)s "
        "AND schema_name <> %(public)s AND status <> %(provisioning)s ORDER BY code",
        "received": grouping_sets_sql(
            select_first="unit_code",
            dimensions=list(RECEIVED_DIMENSIONS),
            source="public.bench_shared",
            where="province_code = %(province)s AND received_date BETWEEN %(start)s AND %(end)s",
        ),
        "processed": grouping_sets_sql(
            select_first="unit_code",
            dimensions=list(PROCESSED_DIMENSIONS),
            source="public.bench_shared_events",
            where="province_code = %(province)s AND event_date BETWEEN %(start)s AND %(end)s "
            "AND kind LIKE 'outcome.%%'",
        ),
        "clocks": "SELECT unit_code, count(*) FILTER (WHERE is_overdue), "
        "count(*) FILTER (WHERE NOT is_overdue AND next_due_date BETWEEN %(today)s AND %(soon)s) "
        "FROM public.bench_shared WHERE province_code = %(province)s "
        "AND (is_overdue OR next_due_date BETWEEN %(today)s AND %(soon)s) GROUP BY unit_code",
        "resolutions": "SELECT unit_code, count(*), count(*) FILTER (WHERE on_time) FROM public.bench_shared_events "
        "WHERE province_code = %(province)s AND kind = ANY(%(resolving)s) "
        "AND event_date BETWEEN %(start)s AND %(end)s GROUP BY unit_code",
    }


def shared_figures(cursor: Any, statements: dict[str, str], params: dict[str, Any]) -> dict[str, Figures]:
    """Every unit's figures from the plain shared tables: ``a``'s four statements (received,
    processed, clocks, resolutions), folded by the selectors' own code."""
    figures: dict[str, Figures] = {}
    cursor.execute(statements["received"], params)
    figures_fold(cursor.fetchall(), RECEIVED_DIMENSIONS, figures, total="received", by="received_by")
    cursor.execute(statements["processed"], params)
    figures_fold(cursor.fetchall(), PROCESSED_DIMENSIONS, figures, total="processed", by="processed_by")
    cursor.execute(statements["clocks"], params)
    for code, overdue, near_due in cursor.fetchall():
        unit = figures.setdefault(code, Figures())
        unit.overdue, unit.near_due = overdue, near_due
    cursor.execute(statements["resolutions"], params)
    for code, resolved, on_time in cursor.fetchall():
        unit = figures.setdefault(code, Figures())
        unit.resolved, unit.resolved_on_time = resolved, on_time
    return figures


def dashboard_a(raw: Any, statements: dict[str, str], params: dict[str, Any]) -> tuple[list[tuple], Figures]:
    with raw.cursor() as cursor:
        cursor.execute(statements["units"], params)
        registry = cursor.fetchall()
        figures = shared_figures(cursor, statements, params)
    return dashboard_rows(registry, figures)


def plain_unit_figures(statements: dict[str, str]) -> Callable[..., dict[str, Figures]]:
    """A stand-in for ``core.oversight.selectors.unit_figures`` (the one function of the dashboard
    that reads the case index and its month counters) that asks ``a``'s statements of the plain
    shared tables instead, on the request's own connection, and folds them with the same code: the
    page's baseline (``page_plain``). Everything else of the page (the registry, reception,
    repeats, stuck transfers, the view, the template) stays as it is."""

    def unit_figures(*, province_code: str, period: Period, today: date | None = None) -> dict[str, Figures]:
        q = Question(
            province=province_code,
            period=period,
            today=today or timezone.localdate(),
            near_due_days=selectors.NEAR_DUE_DAYS,
        )
        with connection.cursor() as cursor:
            return shared_figures(cursor, statements, q.params())

    return unit_figures


def shared_sql_only(raw: Any, statements: dict[str, str], params: dict[str, Any]) -> int:
    """For information: ``a``'s statements and fetches alone, without building the figures."""
    rows = 0
    with raw.cursor() as cursor:
        for statement in statements.values():
            cursor.execute(statement, params)
            rows += len(cursor.fetchall())
    return rows


#
# b: the per-unit loop over the schemas.
#
def unit_statements() -> dict[str, str]:
    outcome = "split_part(e.kind, '.', 2)"
    return {
        "received": grouping_sets_sql(
            select_first="%(unit)s",
            dimensions=list(RECEIVED_DIMENSIONS),
            source="petitions_petition",
            where="received_date BETWEEN %(start)s AND %(end)s",
        ),
        "processed": grouping_sets_sql(
            select_first="%(unit)s",
            dimensions=["p.petition_type", "p.field_code", "p.channel", outcome],
            source="petitions_petitionevent e JOIN petitions_petition p ON p.id = e.petition_id",
            where="e.event_date BETWEEN %(start)s AND %(end)s AND e.kind LIKE 'outcome.%%'",
        ),
        "clocks": "SELECT count(*) FILTER (WHERE next_due_date < %(today)s), "
        "count(*) FILTER (WHERE next_due_date >= %(today)s) FROM petitions_petition "
        "WHERE status <> ALL(%(closed)s) AND next_due_date <= %(soon)s",
        "resolutions": "SELECT count(*), count(*) FILTER (WHERE e.event_date <= (SELECT d.due_date "
        "FROM petitions_deadline d WHERE d.petition_id = e.petition_id AND d.code = ANY(%(clocks)s) "
        "ORDER BY d.id DESC LIMIT 1)) FROM petitions_petitionevent e "
        "WHERE e.kind = ANY(%(resolving)s) AND e.event_date BETWEEN %(start)s AND %(end)s",
    }


def dashboard_b(q: Question, statements: dict[str, str], params: dict[str, Any]) -> tuple[list[tuple], Figures]:
    """For each unit of the province: its schema, four aggregates of its own tables; combined in Python."""
    units = list(selectors.province_units(q.province).values_list("code", "name", "kind", "schema_name"))
    figures: dict[str, Figures] = {}
    for code, _name, _kind, schema_name in units:
        unit_params = {**params, "unit": code}
        with schema_context(schema_name), connection.cursor() as cursor:
            cursor.execute(statements["received"], unit_params)
            figures_fold(cursor.fetchall(), RECEIVED_DIMENSIONS, figures, total="received", by="received_by")
            cursor.execute(statements["processed"], unit_params)
            figures_fold(cursor.fetchall(), PROCESSED_DIMENSIONS, figures, total="processed", by="processed_by")
            unit = figures.setdefault(code, Figures())
            cursor.execute(statements["clocks"], unit_params)
            unit.overdue, unit.near_due = cursor.fetchone()
            cursor.execute(statements["resolutions"], unit_params)
            unit.resolved, unit.resolved_on_time = cursor.fetchone()
    return dashboard_rows([unit[:3] for unit in units], figures)
