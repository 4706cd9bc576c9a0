"""What the database did: the statements a call sent, their timings, their plans."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def captured() -> Iterator[Any]:
    """The statements sent on Django's default connection inside the block (``captured_queries``)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        yield context


def captured_statements(run_once: Callable[[], Any]) -> list[str]:
    """The SQL of every statement ``run_once()`` sends (its round trips)."""
    with captured() as context:
        run_once()
    return [query["sql"] for query in context.captured_queries]


@contextmanager
def statement_timer() -> Iterator[list[dict[str, Any]]]:
    """Time every statement that goes through Django's execute wrappers (precisely, unlike
    ``connection.queries``, which rounds to the millisecond)."""
    from django.db import connection

    timings: list[dict[str, Any]] = []

    def wrapper(execute: Callable[..., Any], sql_text: str, params: Any, many: bool, context: dict) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            timings.append({"sql": sql_text[:200], "seconds": time.perf_counter() - started})

    with connection.execute_wrapper(wrapper):
        yield timings


def explain(cursor: Any, statement: str, params: Any = None) -> dict[str, Any]:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of ``statement``: the plan's lines and its two times."""
    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params)
    lines = [row[0] for row in cursor.fetchall()]
    return {
        "sql": statement,
        "planning": next((line for line in lines if line.startswith("Planning Time")), ""),
        "execution": next((line for line in lines if line.startswith("Execution Time")), ""),
        "plan": lines,
    }


def explain_selects(statements: list[str]) -> list[dict[str, Any]]:
    """``explain`` of each SELECT among ``statements`` (captured SQL, re-run once more)."""
    from django.db import connection

    with connection.cursor() as cursor:
        return [explain(cursor, s) for s in statements if s.lstrip().upper().startswith("SELECT")]


def slowest_explained(samples: list[float], run_once: Callable[[int], Any]) -> dict[str, Any]:
    """Re-run the slowest sample under query capture and ``EXPLAIN ANALYZE`` its SELECTs."""
    index = max(range(len(samples)), key=samples.__getitem__)
    with captured() as context:
        run_once(index)
    queries = [{"sql": query["sql"], "seconds": float(query["time"])} for query in context.captured_queries]
    return {
        "sample": index,
        "seconds": samples[index],
        "queries": queries,
        "explain": explain_selects([query["sql"] for query in queries]),
    }


def schema_relations(schema_name: str) -> dict[str, int]:
    """The relations in one schema by kind, and their total."""
    from django.db import connection

    kinds = {"r": "tables", "i": "indexes", "S": "sequences", "v": "views", "m": "materialized_views", "p": "tables"}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind, count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s GROUP BY c.relkind",
            [schema_name],
        )
        rows = cursor.fetchall()
    counts: dict[str, int] = {}
    for relkind, number in rows:
        name = kinds.get(relkind, f"relkind_{relkind}")
        counts[name] = counts.get(name, 0) + number
    counts["total"] = sum(number for _relkind, number in rows)
    return counts
