"""Unlock an account or an address locked out after repeated failed logins (django-axes).

manage.py login_unlock quantri --unit 06316          # an account of a unit
manage.py login_unlock --address 203.0.113.7 --unit 06316
manage.py login_unlock admin                         # a platform admin (public schema)
manage.py login_unlock --list --unit 06316           # who is locked out now
"""

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import get_public_schema_name, schema_context

from core.accounts.lockouts import lockout_list, login_unlock
from core.common.errors import ApplicationError
from tenants.models import Unit


class Command(BaseCommand):
    help = "Unlock an account or a client address locked out after repeated failed logins."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="")
        parser.add_argument("--address", default="", help="a client IP address instead of an account")
        parser.add_argument("--unit", default="", help="the unit's code (default: the platform's admins)")
        parser.add_argument("--list", action="store_true", help="only list the current lockouts")

    def handle(self, *args, username, address, unit, list, **options):
        schema = get_public_schema_name()
        if unit:
            found = Unit.objects.filter(code=unit).first()
            if found is None or found.is_platform:
                raise CommandError(f"No unit {unit!r}.")
            schema = found.schema_name
        with schema_context(schema):
            if list:
                for lockout in lockout_list():
                    self.stdout.write(
                        f"{lockout.kind}\t{lockout.value}\t{lockout.failures}\t{lockout.last_attempt:%d/%m/%Y %H:%M}"
                    )
                return
            try:
                cleared = login_unlock(username=username, address=address)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"Unlocked {username or address} ({cleared} failed attempts cleared)."))
