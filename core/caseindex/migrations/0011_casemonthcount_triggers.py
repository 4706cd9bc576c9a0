"""The month counters (``CaseMonthCount``) kept by the database itself: row triggers on the case
index and its events add each row's cells (``core.caseindex.counters``) when it is inserted, take
them away when it is deleted, and move them when an update changes what it counts in, in the
statement that wrote the row.

So a write of the index is the write alone, one statement (no read before it, no second round trip
for the counters), and no path that writes the index (the services, a repair, a bulk load, a raw
statement) can leave the counters behind. Each trigger adds its cells' deltas in one
``INSERT … ON CONFLICT DO UPDATE``, summed per cell (a cell that nets to 0 is not written) and in
one fixed order (the cells' columns, text in byte order): two statements never take the same cells
crosswise (two transactions that each write two cases in opposite orders still can: PostgreSQL
detects that and aborts one; a unit's steps already wait for each other on the audit lock). The
functions run with ``search_path = public, pg_temp`` (temporary tables last), so their plans stay
cached whatever unit a connection is set to. The counters already stored (filled by 0010 and kept since) count the
same cells, so nothing is recounted here; ``caseindex_rollups_rebuild --check`` proves it.
"""

from django.db import migrations

CELLS = "province_code, measure, month, dimension, value, unit_code"
UPSERT = f"ON CONFLICT ({CELLS}) DO UPDATE SET n = c.n + EXCLUDED.n"
# The cells' one order: Python's sort of the cell tuples, as SQL.
ORDER = (
    'x.province_code COLLATE "C", {measure} COLLATE "C", x.month, d.dimension COLLATE "C", '
    'd.value COLLATE "C", x.unit_code COLLATE "C"'
)
# The breakdowns of a case and of an outcome step, frozen here as this migration wrote them
# (``core.caseindex.counters`` holds today's, which the recount uses): sorted, so a new row's cells
# come in the cells' order.
CASE_DIMENSIONS = ("channel", "field_code", "petition_type", "status")
OUTCOME_DIMENSIONS = ("channel", "field_code", "outcome", "petition_type")


def _new_cells(measure: str, day: str, dimensions: tuple[str, ...]) -> str:
    """The VALUES rows of a new row's cells, +1 each, one per breakdown."""
    return ",\n".join(
        f"(NEW.province_code, {measure}, date_trunc('month', NEW.{day})::date, '{name}', "
        f"COALESCE(NEW.{name}, ''), NEW.unit_code, 1)"
        for name in dimensions
    )


def _unpivot(dimensions: tuple[str, ...]) -> str:
    """The breakdowns of the row ``x`` as (dimension, value) rows."""
    return ", ".join(f"('{name}', COALESCE(x.{name}, ''))" for name in dimensions)


# A new row's cells are written as they are, in their order; a row that moves or goes takes −1
# from its old cells and +1 to its new ones, summed per cell and sorted.
CASE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION public.caseindex_case_counted() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO caseindex_casemonthcount AS c ({CELLS}, n) VALUES
        {_new_cells("'received'", "received_date", CASE_DIMENSIONS)}
        {UPSERT};
        RETURN NULL;
    END IF;
    INSERT INTO caseindex_casemonthcount AS c ({CELLS}, n)
    SELECT x.province_code, 'received', x.month, d.dimension, d.value, x.unit_code, sum(x.n)
      FROM (SELECT OLD.province_code, date_trunc('month', OLD.received_date)::date, OLD.unit_code,
                   OLD.petition_type, OLD.field_code, OLD.channel, OLD.status, -1
            UNION ALL
            SELECT NEW.province_code, date_trunc('month', NEW.received_date)::date, NEW.unit_code,
                   NEW.petition_type, NEW.field_code, NEW.channel, NEW.status, 1
             WHERE TG_OP = 'UPDATE'
           ) x (province_code, month, unit_code, petition_type, field_code, channel, status, n)
     CROSS JOIN LATERAL (VALUES {_unpivot(CASE_DIMENSIONS)}) d (dimension, value)
     GROUP BY x.province_code, x.month, d.dimension, d.value, x.unit_code
    HAVING sum(x.n) <> 0
     ORDER BY {ORDER.format(measure="'received'")}
    {UPSERT};
    RETURN NULL;
END
$$
"""

# A step counts in its month: an outcome step (kind ``outcome.…``) under ``outcome.*`` by type,
# field, channel and outcome; any other step under its kind, by on time (y, n, or '' for no clock).
ON_TIME = "CASE WHEN {row}.on_time THEN 'y' WHEN NOT {row}.on_time THEN 'n' ELSE '' END"
EVENT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION public.caseindex_event_counted() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.kind LIKE 'outcome.%' THEN
        INSERT INTO caseindex_casemonthcount AS c ({CELLS}, n) VALUES
        {_new_cells("'outcome.*'", "event_date", OUTCOME_DIMENSIONS)}
        {UPSERT};
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO caseindex_casemonthcount AS c ({CELLS}, n) VALUES
            (NEW.province_code, NEW.kind, date_trunc('month', NEW.event_date)::date, 'on_time',
             {ON_TIME.format(row="NEW")}, NEW.unit_code, 1)
        {UPSERT};
        RETURN NULL;
    END IF;
    INSERT INTO caseindex_casemonthcount AS c ({CELLS}, n)
    SELECT x.province_code, d.measure, x.month, d.dimension, d.value, x.unit_code, sum(x.n)
      FROM (SELECT OLD.province_code, date_trunc('month', OLD.event_date)::date, OLD.unit_code, OLD.kind,
                   OLD.petition_type, OLD.field_code, OLD.channel, OLD.outcome, OLD.on_time, -1
            UNION ALL
            SELECT NEW.province_code, date_trunc('month', NEW.event_date)::date, NEW.unit_code, NEW.kind,
                   NEW.petition_type, NEW.field_code, NEW.channel, NEW.outcome, NEW.on_time, 1
             WHERE TG_OP = 'UPDATE'
           ) x (province_code, month, unit_code, kind, petition_type, field_code, channel, outcome, on_time, n)
     CROSS JOIN LATERAL (
            SELECT 'outcome.*', o.dimension, o.value
              FROM (VALUES {_unpivot(OUTCOME_DIMENSIONS)}) o (dimension, value)
             WHERE x.kind LIKE 'outcome.%'
            UNION ALL
            SELECT x.kind, 'on_time', {ON_TIME.format(row="x")}
             WHERE x.kind NOT LIKE 'outcome.%'
           ) d (measure, dimension, value)
     GROUP BY x.province_code, d.measure, x.month, d.dimension, d.value, x.unit_code
    HAVING sum(x.n) <> 0
     ORDER BY {ORDER.format(measure="d.measure")}
    {UPSERT};
    RETURN NULL;
END
$$
"""

CASE_COUNTED = "province_code, received_date, unit_code, petition_type, field_code, channel, status"
EVENT_COUNTED = "province_code, event_date, unit_code, kind, petition_type, field_code, channel, outcome, on_time"


def _changed(columns: str) -> str:
    old = ", ".join(f"OLD.{c.strip()}" for c in columns.split(","))
    new = ", ".join(f"NEW.{c.strip()}" for c in columns.split(","))
    return f"(({old}) IS DISTINCT FROM ({new}))"


# One statement per execute: Citus refuses several commands in one string (docs/citus.md).
FORWARD = [
    CASE_FUNCTION,
    EVENT_FUNCTION,
    "CREATE TRIGGER caseindex_case_counted AFTER INSERT OR DELETE ON caseindex_caseindexentry "
    "FOR EACH ROW EXECUTE FUNCTION public.caseindex_case_counted()",
    "CREATE TRIGGER caseindex_case_moved AFTER UPDATE ON caseindex_caseindexentry "
    f"FOR EACH ROW WHEN {_changed(CASE_COUNTED)} EXECUTE FUNCTION public.caseindex_case_counted()",
    "CREATE TRIGGER caseindex_event_counted AFTER INSERT OR DELETE ON caseindex_caseevent "
    "FOR EACH ROW EXECUTE FUNCTION public.caseindex_event_counted()",
    "CREATE TRIGGER caseindex_event_moved AFTER UPDATE ON caseindex_caseevent "
    f"FOR EACH ROW WHEN {_changed(EVENT_COUNTED)} EXECUTE FUNCTION public.caseindex_event_counted()",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS caseindex_event_moved ON caseindex_caseevent",
    "DROP TRIGGER IF EXISTS caseindex_event_counted ON caseindex_caseevent",
    "DROP TRIGGER IF EXISTS caseindex_case_moved ON caseindex_caseindexentry",
    "DROP TRIGGER IF EXISTS caseindex_case_counted ON caseindex_caseindexentry",
    "DROP FUNCTION IF EXISTS public.caseindex_event_counted()",
    "DROP FUNCTION IF EXISTS public.caseindex_case_counted()",
]


class Migration(migrations.Migration):
    dependencies = [
        ("caseindex", "0010_casemonthcount"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
