"""Recount the index's month counters (``CaseMonthCount``) and compare them with the stored ones.

manage.py caseindex_rollups_rebuild            # replace the counters by the recount; print what differed
manage.py caseindex_rollups_rebuild --check    # compare only; exit status 1 on any difference
manage.py caseindex_rollups_rebuild --unit 06040 --unit 20-TTR   # only these units

Run it once after migrating to fill the counters of rows indexed before they existed.
"""

from django.core.management.base import BaseCommand, CommandError

from core.caseindex.services.rollups import rollups_compare, rollups_rebuild

#: Differing cells printed at most; the total is always given.
SHOWN = 20


class Command(BaseCommand):
    help = "Recount the case index's per-month counters; with --check, only compare and fail on a difference."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare only; exit status 1 when anything differs")
        parser.add_argument("--unit", action="append", default=None, help="only these unit codes")

    def handle(self, *args, check, unit, **options):
        diff = rollups_compare(unit_codes=unit) if check else rollups_rebuild(unit_codes=unit)
        for cell, stored, recounted in diff.cells[:SHOWN]:
            self.stdout.write(f"{' '.join(str(value) for value in cell)}: stored {stored}, recounted {recounted}")
        if diff.count > SHOWN:
            self.stdout.write(f"… and {diff.count - SHOWN} more")
        verb = "found" if check else "repaired"
        self.stdout.write(f"{diff.checked} cells recounted, {diff.count} differences {verb}.")
        if check and diff.count:
            raise CommandError("The month counters differ from a recount of the case index (run without --check).")
