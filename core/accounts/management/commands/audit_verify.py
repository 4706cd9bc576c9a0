"""Verify the tamper-evident audit log: recompute every row's hash and link, and say where a chain
breaks (the first broken row, the hash expected and the one found).

manage.py audit_verify --unit 06316      # one unit's chain
manage.py audit_verify --public          # the platform's chain (public schema)
manage.py audit_verify --all             # the platform's and every unit's (the default)

Exits with status 1 when a chain is broken, so it can run from cron or a monitoring check.
"""

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import get_public_schema_name, schema_context

from core.accounts.audit import ChainReport, audit_verify
from tenants.models import Unit


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log of one unit, of the platform, or of all."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--unit", default="", help="a unit's code")
        which.add_argument("--public", action="store_true", help="the platform's log (public schema)")
        which.add_argument("--all", action="store_true", help="the platform's log and every unit's (default)")

    def handle(self, *args, unit, public, all, **options):
        if unit:
            found = Unit.objects.filter(code=unit.strip().upper()).exclude(kind="platform").first()
            if found is None:
                raise CommandError(f"No unit {unit!r}.")
            targets = [(found.code, found.schema_name)]
        elif public:
            targets = [("public", get_public_schema_name())]
        else:
            targets = [("public", get_public_schema_name())]
            targets += list(Unit.objects.exclude(kind="platform").order_by("code").values_list("code", "schema_name"))
        broken = 0
        for label, schema in targets:
            with schema_context(schema):
                report = audit_verify()
            broken += not report.ok
            self.stdout.write(self._line(label, report))
        if broken:
            raise CommandError(f"{broken} broken chain(s).", returncode=1)

    @staticmethod
    def _line(label: str, report: ChainReport) -> str:
        if report.ok:
            return f"{label}\tOK\t{report.count} rows"
        return (
            f"{label}\tBROKEN at row #{report.broken_seq}: {report.problem}"
            f"\texpected {report.expected}\tfound {report.found}"
        )
