"""Which schemas are behind the code's migrations, read for every schema at once.

django-tenants decides per schema by introspecting it, and its introspection reads the whole of
``pg_class`` (every schema's relations) each time: a no-op ``migrate`` grows with the square of the
number of units (67 s at 1,000). Here the migration graph is loaded once and every schema's
``django_migrations`` is read by one query per batch of schemas (``to_regclass`` finds the
tables, one ``UNION ALL`` reads them) and compared with it, so a no-op run costs two round trips
per batch and never reads ``pg_class`` per schema. Every schema records every app's migrations, shared and tenant alike
(Django records a migration the router keeps from running), so one list of nodes is the head of
all of them.

The order of the schemas is the order they are migrated in: public, the template new units are
created from (so that units created during a run start at the new head), then the units by
schema name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.loader import MigrationLoader
from psycopg2 import sql

from .db import connection

Node = tuple[str, str]

#: Schemas per query. Reading a table takes two locks (the table and its primary key) until the
#: statement ends; 3,000 schemas in one statement would take 6,000 of the server's shared lock
#: slots (tech-notes: ``out of shared memory`` at 12,002 locks). Planning also grows faster than
#: the number of tables in one statement: 50 to 100 per query were the quickest per schema, 250
#: and more up to twice as slow (measured at 400 schemas).
BATCH = 50


def _label(node: Node) -> str:
    return f"{node[0]}.{node[1]}"


@dataclass(frozen=True)
class Head:
    """The migrations every schema should have recorded, in the order they apply."""

    nodes: tuple[Node, ...]
    #: A squashed migration counts as applied when every migration it replaces is.
    replaces: dict[Node, tuple[Node, ...]] = field(default_factory=dict)
    #: Migrations that cannot run inside a transaction (``atomic = False``).
    non_atomic: frozenset[Node] = frozenset()

    @classmethod
    def load(cls) -> Head:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        graph: MigrationGraph = loader.graph
        ordered: dict[Node, None] = {}
        for leaf in sorted(graph.leaf_nodes()):
            for node in graph.forwards_plan(leaf):
                ordered.setdefault(node, None)
        nodes = tuple(ordered)
        replaces = {
            node: tuple(migration.replaces)
            for node, migration in loader.replacements.items()
            if node in ordered and migration.replaces
        }
        non_atomic = frozenset(node for node in nodes if not getattr(graph.nodes[node], "atomic", True))
        return cls(nodes=nodes, replaces=replaces, non_atomic=non_atomic)

    @cached_property
    def labels(self) -> list[str]:
        """Every label the query asks about: the nodes and what squashed nodes replace."""
        seen = dict.fromkeys(_label(node) for node in self.nodes)
        for replaced in self.replaces.values():
            seen.update(dict.fromkeys(_label(node) for node in replaced))
        return list(seen)

    def missing(self, unrecorded: Iterable[str]) -> tuple[str, ...]:
        """The nodes not applied, given the labels a schema has not recorded."""
        absent = set(unrecorded)
        out = []
        for node in self.nodes:
            if _label(node) not in absent:
                continue
            replaced = self.replaces.get(node)
            if replaced and not any(_label(r) in absent for r in replaced):
                continue
            out.append(_label(node))
        return tuple(out)


@dataclass(frozen=True)
class SchemaState:
    schema: str
    exists: bool
    #: ``app.migration`` labels not applied in this schema, in the order they apply.
    missing: tuple[str, ...] = ()
    #: Whether the schema has no ``django_migrations`` table yet (a fresh ``CREATE SCHEMA``).
    untracked: bool = False
    #: Whether every missing migration may run in the schema's one transaction.
    atomic: bool = True

    @property
    def behind(self) -> bool:
        return self.exists and bool(self.missing)


@dataclass(frozen=True)
class MigrationPlan:
    head: Head
    schemas: tuple[SchemaState, ...]

    @property
    def behind(self) -> list[SchemaState]:
        return [state for state in self.schemas if state.behind]

    @property
    def at_head(self) -> list[SchemaState]:
        return [state for state in self.schemas if state.exists and not state.missing]

    @property
    def absent(self) -> list[SchemaState]:
        """Schemas a unit is registered with that do not exist (a creation in progress or lost)."""
        return [state for state in self.schemas if not state.exists]


def migration_schemas(*, public: bool = True, template: bool = True, units: bool = True) -> list[str]:
    """The schemas ``migrate`` looks after, in the order it migrates them."""
    from .models import Unit

    public_name = settings.PUBLIC_SCHEMA_NAME
    schemas = []
    if public:
        schemas.append(public_name)
    if template and getattr(settings, "TENANT_BASE_SCHEMA", None):
        schemas.append(settings.TENANT_BASE_SCHEMA)
    if units:
        names = (
            Unit.objects.exclude(schema_name=public_name).order_by("schema_name").values_list("schema_name", flat=True)
        )
        schemas.extend(name for name in names if name not in schemas)
    return schemas


def _tracked(schemas: Sequence[str]) -> dict[str, bool]:
    """For each existing schema of ``schemas``: whether it has a ``django_migrations`` table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, to_regclass(format('%%I.django_migrations', n.nspname)) IS NOT NULL"
            " FROM pg_namespace n WHERE n.nspname = ANY(%s)",
            [list(schemas)],
        )
        return dict(cursor.fetchall())


def _applied(schemas: Sequence[str]) -> dict[str, set[str]]:
    """For each of ``schemas`` (all with a ``django_migrations`` table): the labels it recorded.

    A plain ``UNION ALL`` of the tables: PostgreSQL plans it in time linear in the schemas, where
    a comparison inside each branch (``EXCEPT`` per schema) took 3–10 times as long to plan.
    """
    applied: dict[str, set[str]] = {schema: set() for schema in schemas}
    if not schemas:
        return applied
    query = sql.SQL(" UNION ALL ").join(
        sql.SQL("SELECT {}, app || '.' || name FROM {}").format(
            sql.Literal(schema), sql.Identifier(schema, "django_migrations")
        )
        for schema in schemas
    )
    with connection.cursor() as cursor:
        cursor.execute(query.as_string(cursor.cursor))
        for schema, label in cursor.fetchall():
            applied[schema].add(label)
    return applied


def migration_plan(schemas: Sequence[str] | None = None, *, head: Head | None = None) -> MigrationPlan:
    """Where each of ``schemas`` (default: every schema ``migrate`` looks after) stands."""
    connection.set_schema_to_public()
    if schemas is None:
        schemas = migration_schemas()
    head = head or Head.load()
    states: dict[str, SchemaState] = {}
    labels = set(head.labels)
    non_atomic = {_label(node) for node in head.non_atomic}
    for start in range(0, len(schemas), BATCH):
        batch = schemas[start : start + BATCH]
        tracked = _tracked(batch)
        applied = _applied([s for s in batch if tracked.get(s)])
        for schema in batch:
            if schema not in tracked:
                states[schema] = SchemaState(schema=schema, exists=False)
                continue
            if tracked[schema]:
                missing = head.missing(labels - applied[schema])
            else:
                missing = tuple(_label(node) for node in head.nodes)
            states[schema] = SchemaState(
                schema=schema,
                exists=True,
                missing=missing,
                untracked=not tracked[schema],
                atomic=not non_atomic.intersection(missing),
            )
    return MigrationPlan(head=head, schemas=tuple(states[s] for s in schemas))
