"""Counter months that follow the report periods' cut-off days (``CaseCountCut``), so that every
report period is whole counter months and the dashboard reads no raw rows for it.

The cuts are copied from the report period rules; ``public.caseindex_month(day)`` gives a day's
counter month by them (calendar months before the first); the triggers of 0011 count by it; the
counters are recounted by it here.
"""

import importlib
import re
from datetime import date, timedelta

from django.db import migrations, models

_0010 = importlib.import_module("core.caseindex.migrations.0010_casemonthcount")
_0011 = importlib.import_module("core.caseindex.migrations.0011_casemonthcount_triggers")

def cuts_fill(apps, schema_editor):
    """The cuts the report period rules call for (``selectors.counter_cuts_from_rules`` as of this
    migration): on each day where the rule in force changes, the cut-off day of the rule then in
    force (of those in force, the one that began last; calendar months where none is), where it
    differs from the one before."""
    rules = list(apps.get_model("reports", "ReportPeriodRule").objects.order_by("effective_from", "pk"))
    changes = {rule.effective_from for rule in rules}
    changes |= {rule.effective_to + timedelta(days=1) for rule in rules if rule.effective_to}
    cuts: list[tuple[date, int]] = []
    for day in sorted(changes):
        in_force = [r for r in rules if r.effective_from <= day and (r.effective_to is None or day <= r.effective_to)]
        cutoff = max(in_force, key=lambda rule: (rule.effective_from, rule.pk)).cutoff_day if in_force else 1
        if cutoff != (cuts[-1][1] if cuts else 1):
            cuts.append((day, cutoff))
    Cut = apps.get_model("caseindex", "CaseCountCut")
    Cut.objects.bulk_create(Cut(effective_from=day, cutoff_day=cutoff) for day, cutoff in cuts)


# The first day of a day's counter month: the cut-off day of its month, or of the month before when
# the day comes earlier, but never before the cut in force began. PL/pgSQL, not SQL: a SQL function
# with a subquery is not inlined, and would be planned again at every trigger's firing; this one's
# plan is kept for the session.
MONTH_FUNCTION = """
CREATE OR REPLACE FUNCTION public.caseindex_month(day date) RETURNS date
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    since date;
    cutoff integer;
BEGIN
    SELECT c.effective_from, c.cutoff_day INTO since, cutoff
      FROM public.caseindex_casecountcut c
     WHERE c.effective_from <= day
     ORDER BY c.effective_from DESC
     LIMIT 1;
    IF NOT FOUND THEN
        RETURN date_trunc('month', day)::date;
    END IF;
    RETURN GREATEST(since, make_date(extract(year FROM day - (cutoff - 1))::integer,
                                     extract(month FROM day - (cutoff - 1))::integer, cutoff));
END
$$
"""

_CALENDAR_MONTH = re.compile(r"date_trunc\('month', ((?:NEW\.|OLD\.)?\w+)\)::date")


def _by_counter_month(sql: str) -> str:
    """The recount of 0010 by counter month."""
    by_month, count = _CALENDAR_MONTH.subn(r"public.caseindex_month(\1)", sql)
    assert count, "no calendar month to replace"
    return by_month


def _trigger_by_counter_month(function: str, day: str) -> str:
    """A trigger function of 0011 by counter month: the row's month looked up once per firing (the
    new row's cells use it once per breakdown)."""
    for row, variable in (("NEW", "new_month"), ("OLD", "old_month")):
        function, count = re.subn(rf"date_trunc\('month', {row}\.{day}\)::date", variable, function)
        assert count, f"no month of {row}.{day}"
    declare = (
        "DECLARE\n"
        f"    new_month date := CASE WHEN TG_OP <> 'DELETE' THEN public.caseindex_month(NEW.{day}) END;\n"
        f"    old_month date := CASE WHEN TG_OP <> 'INSERT' THEN public.caseindex_month(OLD.{day}) END;\n"
        "BEGIN\n"
    )
    assert function.count("AS $$\nBEGIN\n") == 1
    return function.replace("AS $$\nBEGIN\n", "AS $$\n" + declare)


RECOUNT = [
    "DELETE FROM caseindex_casemonthcount",
    _by_counter_month(_0010.FILL) + "ORDER BY province_code, measure, month, dimension, value, unit_code",
]
CALENDAR_RECOUNT = ["DELETE FROM caseindex_casemonthcount", _0010.FILL]


class Migration(migrations.Migration):
    dependencies = [
        ("caseindex", "0011_casemonthcount_triggers"),
        ("reports", "0002_period_rules"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseCountCut",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("effective_from", models.DateField(unique=True, verbose_name="effective from")),
                ("cutoff_day", models.PositiveSmallIntegerField(verbose_name="cut-off day of the month")),
            ],
            options={
                "verbose_name": "counter month cut",
                "verbose_name_plural": "counter month cuts",
                "ordering": ["effective_from"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("cutoff_day__gte", 1), ("cutoff_day__lte", 28)),
                        name="casecountcut_cutoff_day",
                    )
                ],
            },
        ),
        migrations.RunPython(cuts_fill, migrations.RunPython.noop),
        # No index write between the triggers' swap and the recount (the migration's transaction
        # holds the lock): old code still running would otherwise count a row by calendar month.
        migrations.RunSQL(
            "LOCK TABLE caseindex_caseindexentry, caseindex_caseevent IN SHARE MODE", migrations.RunSQL.noop
        ),
        migrations.RunSQL(MONTH_FUNCTION, "DROP FUNCTION IF EXISTS public.caseindex_month(date)"),
        migrations.RunSQL(
            [
                _trigger_by_counter_month(_0011.CASE_FUNCTION, "received_date"),
                _trigger_by_counter_month(_0011.EVENT_FUNCTION, "event_date"),
            ],
            [_0011.CASE_FUNCTION, _0011.EVENT_FUNCTION],
        ),
        migrations.RunSQL(RECOUNT, CALENDAR_RECOUNT),
    ]
