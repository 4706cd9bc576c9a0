"""Migrating the schemas a plan found behind: each in one transaction, in parallel worker processes.

A schema is migrated whole or not at all (its pending migrations share one transaction; PostgreSQL
rolls DDL back), unless one of them declares ``atomic = False``, which cannot run inside one. On
the first failure no further schema is started; the schemas already running finish. So a failure
at schema k of N leaves the schemas before it migrated, k as it was and the rest untouched (with
one worker exactly; with W workers, up to W − 1 schemas after k may also finish), and the next run
finds the ones still behind and continues with them.

Workers are forked processes with a connection each; the plan's states are all they receive.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from django.db import connections, transaction

from .citus import ddl_prepare
from .db import connection
from .migration_plan import SchemaState

#: What a worker is given of the command's options: plain values only (no streams).
PASSED_OPTIONS = (
    "database",
    "verbosity",
    "interactive",
    "fake",
    "fake_initial",
    "run_syncdb",
    "no_color",
    "force_color",
)


@dataclass(frozen=True)
class SchemaResult:
    schema: str
    seconds: float
    applied: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class RunReport:
    results: tuple[SchemaResult, ...]
    not_started: tuple[str, ...]

    @property
    def failed(self) -> list[SchemaResult]:
        return [result for result in self.results if not result.ok]

    @property
    def migrated(self) -> list[SchemaResult]:
        return [result for result in self.results if result.ok]


def schema_migrate(state: SchemaState, *, options: dict[str, Any], position: int = 0, count: int = 0) -> None:
    """Apply ``state``'s missing migrations to its schema: Django's ``migrate`` with its output,
    pre- and post-migrate signals, run by django-tenants for the schema, in one transaction."""
    from django_tenants.migration_executors.base import run_migrations

    opts = {key: options[key] for key in PASSED_OPTIONS if key in options}
    opts.setdefault("verbosity", 1)
    opts.setdefault("interactive", False)
    # The command checked the project once; per schema it would cost more than a no-op migration.
    opts["skip_checks"] = True
    opts.update(app_label=None, migration_name=None, plan=False, prune=False, check_unapplied=False)
    # A fresh schema (no migration table yet) replays every migration: one transaction each, as
    # Django does, rather than hundreds of tables' locks held at once. Inside a caller's
    # transaction (the template's creation) everything is in that one.
    whole = state.atomic and not state.untracked
    try:
        if whole or connection.in_atomic_block:
            with transaction.atomic():
                ddl_prepare()
                run_migrations((), opts, "workers", state.schema, allow_atomic=True, idx=position, count=count)
        else:
            run_migrations((), opts, "workers", state.schema, allow_atomic=False, idx=position, count=count)
    finally:
        connection.set_schema_to_public()


def _migrate_one(state: SchemaState, options: dict[str, Any], position: int, count: int) -> SchemaResult:
    started = time.perf_counter()
    try:
        schema_migrate(state, options=options, position=position, count=count)
    except Exception:
        # A rolled-back transaction also rolled back the search_path: the next use starts afresh.
        connection.close()
        return SchemaResult(state.schema, time.perf_counter() - started, 0, traceback.format_exc())
    return SchemaResult(state.schema, time.perf_counter() - started, len(state.missing))


def _worker_start() -> None:
    # The parent closed its connections before forking; a child opens its own on first use.
    connections.close_all()


def schemas_migrate(
    states: Sequence[SchemaState],
    *,
    options: dict[str, Any],
    workers: int = 1,
    on_result: Callable[[SchemaResult, int, int], None] | None = None,
) -> RunReport:
    """Migrate ``states`` in their order with ``workers`` processes; stop starting schemas at the
    first failure. ``on_result(result, done, total)`` is called as each schema finishes."""
    total = len(states)
    results: list[SchemaResult] = []
    options = {key: options[key] for key in PASSED_OPTIONS if key in options}

    def record(result: SchemaResult) -> bool:
        results.append(result)
        if on_result is not None:
            on_result(result, len(results), total)
        return result.ok

    queue: Iterator[tuple[int, SchemaState]] = iter(enumerate(states))
    started: set[str] = set()
    if workers <= 1 or total <= 1:
        for position, state in queue:
            started.add(state.schema)
            if not record(_migrate_one(state, options, position, total)):
                break
    else:
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=min(workers, total), mp_context=context, initializer=_worker_start
        ) as pool:
            running: set[Future[SchemaResult]] = set()
            stopping = False

            def submit() -> None:
                nxt = next(queue, None)
                if nxt is not None:
                    position, state = nxt
                    started.add(state.schema)
                    running.add(pool.submit(_migrate_one, state, options, position, total))

            for _ in range(min(workers, total)):
                submit()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    running.discard(future)
                    if not record(future.result()):
                        stopping = True
                    if not stopping:
                        submit()
    not_started = tuple(state.schema for state in states if state.schema not in started)
    return RunReport(results=tuple(results), not_started=not_started)
