"""Re-key the citizens' digests of the repeat check under the current secret, unit by unit.

manage.py caseindex_rekey              # every unit; exit status 1 if rows under another version remain
manage.py caseindex_rekey --unit 06316

Run it during a rotation, with the new secret current and the previous one still configured
(README, "Repeats across units"): the digests are computed again from the identity documents in
each unit's schema by the app that holds them (``core.caseindex.sources.key_sources``); the index
never sees a number. Matches already found are pairs of cases and do not depend on the keys.
"""

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from core.caseindex.citizen_keys import citizen_key_version
from core.caseindex.models import CitizenKey
from core.caseindex.sources import key_sources
from tenants.selectors import unit_list


class Command(BaseCommand):
    help = "Re-key the citizens' keys of the repeat check under the current secret."

    def add_arguments(self, parser):
        parser.add_argument("--unit", action="append", default=[], help="only these unit codes")

    def handle(self, *args, unit, **options):
        units = unit_list().exclude(status="provisioning")
        if unit:
            units = units.filter(code__in=unit)
        current = citizen_key_version()
        total = 0
        for each in units:
            with schema_context(each.schema_name):
                count = sum(rekey() for rekey in key_sources().values())
            if count:
                self.stdout.write(f"{each.code}: {count} cases re-keyed")
            total += count
        stale = CitizenKey.objects.exclude(key_version=current)
        if unit:
            stale = stale.filter(case__unit_code__in=unit)
        left = stale.count()
        self.stdout.write(f"{units.count()} units, {total} cases re-keyed under version {current}; {left} rows left.")
        if left:
            raise CommandError(
                f"{left} keys remain under another version (a unit not reached?): keep the previous secret configured."
            )
