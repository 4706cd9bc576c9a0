"""Data that many tests read, built once for consecutive tests that ask for it.

Building the reports' petitions through the real services takes seconds (every step lays out its
documents), and dozens of tests read the very same petitions. So such data is registered here with
``shared``: for a test that asks for it, it is built in a transaction of its own, opened before the
test's transaction, which then nests in it as a savepoint (pytest-django's ``TestCase`` leaves
higher-scoped transactions alone, for this very use). What a test changes is rolled back with the
test, as always; the next test that asks for the same data finds it as built. The data itself is
rolled back as soon as the next test does not ask for exactly the same set, so a test that does not
ask for it never sees it, whatever the order. Nothing is ever committed: a killed run leaves
nothing behind. Tests asking for the same set are run one after the other within their module.

    @shared("cases_a", needs=("leader_a",))
    def _cases_a(leader_a):          # the built values of ``needs``
        return {...}                 # kept for the following tests

    @pytest.fixture
    def cases_a(leader_a, shared_data):  # the same ``needs`` as fixtures, so pytest knows the set
        return shared_data("cases_a")

``load`` gives each test fresh model instances from what ``build`` returned, so that a test that
changes an instance in memory does not hand the change to the next one.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

#: pytest-django's fixture that opens each test's transaction: shared data is opened before it.
TEST_TRANSACTION_FIXTURE = "_django_db_helper"


@dataclass(frozen=True, eq=False)
class Entry:
    name: str
    folder: Path
    needs: tuple[str, ...]
    build: Callable[..., Any]
    load: Callable[[Any], Any]


_ENTRIES: list[Entry] = []


def shared(name: str, *, needs: tuple[str, ...] = (), load: Callable[[Any], Any] | None = None):
    """Register ``build`` as how the data ``name`` is made: for the tests of the registering module,
    or of a conftest's folder and below."""

    def register(build: Callable[..., Any]) -> Callable[..., Any]:
        source = Path(inspect.getfile(build)).resolve()
        folder = source.parent if source.name == "conftest.py" else source
        _ENTRIES.append(Entry(name, folder, tuple(needs), build, load or (lambda value: value)))
        return build

    return register


def _entry(name: str, path: Path) -> Entry | None:
    """The entry ``name`` nearest to a test file at ``path``, like pytest's fixture lookup."""
    found = [entry for entry in _ENTRIES if entry.name == name and path.is_relative_to(entry.folder)]
    return max(found, key=lambda entry: len(entry.folder.parts), default=None)


def wanted(item: pytest.Item) -> tuple[Entry, ...]:
    """The shared data ``item`` asks for, each entry after the ones it needs."""
    names = getattr(item, "fixturenames", ())
    if not names or "transactional_db" in names:
        return ()
    path = Path(item.path).resolve()
    ordered: list[Entry] = []

    def visit(entry: Entry) -> None:
        if entry in ordered:
            return
        for need in entry.needs:
            needed = _entry(need, path)
            if needed is None:
                raise pytest.UsageError(f"shared data {entry.name!r} needs {need!r}, which is not shared data")
            visit(needed)
        ordered.append(entry)

    for name in names:
        entry = _entry(name, path)
        if entry is not None:
            visit(entry)
    return tuple(ordered)


@dataclass
class _Open:
    """The shared data built now, and the transaction that holds it."""

    key: tuple[Entry, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    atomic: Any = None
    blocker: Any = None


_open = _Open()


def open_for(request: pytest.FixtureRequest) -> None:
    """Before the test's own transaction: make sure exactly the data it asks for is built."""
    key = wanted(request.node)
    if key == _open.key:
        return
    close()
    if not key:
        return
    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        _open.atomic, _open.blocker = atomic, blocker
        try:
            for entry in key:
                _open.values[entry.name] = entry.build(*(_open.values[need] for need in entry.needs))
        except BaseException:
            close()
            raise
        finally:
            connection.set_schema_to_public()
    _open.key = key


def close() -> None:
    """Roll the shared data back (the tests' own transactions have ended by now)."""
    if _open.atomic is None:
        return
    atomic, blocker = _open.atomic, _open.blocker
    _open.key, _open.values, _open.atomic, _open.blocker = (), {}, None, None
    with blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
        connection.set_schema_to_public()


def value(name: str, path: Path) -> Any:
    entry = _entry(name, Path(path).resolve())
    if entry is None or entry not in _open.key:
        raise RuntimeError(f"shared data {name!r} is not built: ask for it as a fixture of a non-transactional test")
    return entry.load(_open.values[name])


def keep_together(items: list[pytest.Item]) -> None:
    """Run the tests that ask for the same shared data one after the other within their module (in
    their order otherwise), so that it is built once per module rather than once per run of tests;
    and start a module with what the one before ended with, and end it with what the next one asks
    for, where they can, so that it is not built again at the border."""
    modules: dict[Any, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(getattr(item, "module", None), []).append(item)
    groups = [[wanted(item) for item in module_items] for module_items in modules.values()]
    ordered: list[pytest.Item] = []
    previous: tuple[Entry, ...] = ()
    for index, (module_items, keys) in enumerate(zip(modules.values(), groups, strict=True)):
        distinct = list(dict.fromkeys(keys))
        following = set(groups[index + 1]) if index + 1 < len(groups) else set()
        first = previous if previous and previous in distinct else None
        last = max((key for key in distinct if key and key in following and key != first), key=len, default=None)
        rank = {key: position for position, key in enumerate(distinct)}
        if first is not None:
            rank[first] = -1
        if last is not None:
            rank[last] = len(distinct)
        positions = sorted(range(len(module_items)), key=lambda position: (rank[keys[position]], position))
        ordered.extend(module_items[position] for position in positions)
        previous = keys[positions[-1]] if positions else ()
    items[:] = ordered
