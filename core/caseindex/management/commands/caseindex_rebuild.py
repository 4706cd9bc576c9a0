"""Compare the public index with every unit's own records, report differences, and repair them.

manage.py caseindex_rebuild            # report only; exit status 1 when anything differs
manage.py caseindex_rebuild --fix      # and rewrite the rows that differ

The records are compared by the apps that push them (``core.caseindex.sources``).
"""

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from core.caseindex.sources import index_sources
from tenants.selectors import unit_list


class Command(BaseCommand):
    help = "Rebuild the case index from the units' schemas and report any difference."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="rewrite the rows that differ")
        parser.add_argument("--unit", action="append", default=[], help="only these unit codes")

    def handle(self, *args, fix, unit, **options):
        units = unit_list().exclude(status="provisioning")
        if unit:
            units = units.filter(code__in=unit)
        total = 0
        for each in units:
            with schema_context(each.schema_name):
                diffs = [check(fix=fix) for check in index_sources().values()]
            for diff in diffs:
                total += diff.count
                if diff.count:
                    self.stdout.write(
                        f"{each.code} {diff.source}: {len(diff.missing) + len(diff.missing_events)} missing, "
                        f"{len(diff.changed)} different, {len(diff.extra)} extra"
                    )
        verb = "repaired" if fix else "found"
        self.stdout.write(f"{units.count()} units checked, {total} differences {verb}.")
        if total and not fix:
            raise CommandError("The case index differs from the units' records (run with --fix to repair).")
