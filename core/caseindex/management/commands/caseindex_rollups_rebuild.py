"""Recount the index's month counters (``CaseMonthCount``) and compare them with the stored ones.

manage.py caseindex_rollups_rebuild            # replace the counters by the recount; print what differed
manage.py caseindex_rollups_rebuild --check    # compare only; exit status 1 on any difference
manage.py caseindex_rollups_rebuild --unit 06040 --unit 20-TTR   # only these units

Migrations fill the counters; run it to prove (``--check``) or repair them, or to apply corrected
report period rules at once (a run without ``--unit`` takes the counter months' cuts afresh from the
rules; with ``--unit`` the cuts are kept). ``--check`` also fails while the cuts differ from what the
rules call for (a recount is pending).
"""

from django.core.management.base import BaseCommand, CommandError

from core.caseindex.selectors import counter_cuts, counter_cuts_from_rules
from core.caseindex.services.rollups import rollups_compare, rollups_rebuild

#: Differing cells printed at most; the total is always given.
SHOWN = 20


def _cuts(cuts: list) -> str:
    return ", ".join(f"{cutoff} from {day:%d/%m/%Y}" for day, cutoff in cuts) or "calendar months"


class Command(BaseCommand):
    help = "Recount the case index's counter-month counters; with --check, only compare and fail on a difference."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare only; exit status 1 when anything differs")
        parser.add_argument("--unit", action="append", default=None, help="only these unit codes")

    def handle(self, *args, check, unit, **options):
        diff = rollups_compare(unit_codes=unit) if check else rollups_rebuild(unit_codes=unit)
        if diff.cuts is not None:
            self.stdout.write(f"Counter months now cut on: {_cuts(diff.cuts)} (every cell recounted by them).")
        for cell, stored, recounted in diff.cells[:SHOWN]:
            self.stdout.write(f"{' '.join(str(value) for value in cell)}: stored {stored}, recounted {recounted}")
        if diff.count > SHOWN:
            self.stdout.write(f"… and {diff.count - SHOWN} more")
        verb = "found" if check else "repaired"
        self.stdout.write(f"{diff.checked} cells recounted, {diff.count} differences {verb}.")
        if check and diff.count:
            raise CommandError("The month counters differ from a recount of the case index (run without --check).")
        wanted = counter_cuts_from_rules()
        if check and wanted != counter_cuts():
            raise CommandError(
                f"The counters are cut on {_cuts(counter_cuts())}, the report period rules call for {_cuts(wanted)}: "
                "a recount is pending (run without --check)."
            )
