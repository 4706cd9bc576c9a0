"""Issue a personal API key from the command line, mainly for platform admins (whose accounts live
in the public schema, where there is no workspace page for keys). Unit users have their page.

manage.py api_key_create admin --name "Onboarding script"                  # a platform admin
manage.py api_key_create quantri --unit 06316 --name "Sync" --expires 31/12/2026
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tenants.utils import schema_context

from core.accounts.models import User
from core.accounts.tokens import token_create
from core.common.errors import ApplicationError
from tenants.models import Unit


class Command(BaseCommand):
    help = "Create a personal API key for an account and print it (once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what the key is for")
        parser.add_argument("--unit", default="", help="the account's unit code (default: a platform admin)")
        parser.add_argument("--expires", default="", help="last valid day, dd/mm/yyyy (default: in 90 days)")

    def handle(self, *args, username, name, unit, expires, **options):
        try:
            day, month, year = (int(part) for part in expires.split("/")) if expires else (0, 0, 0)
            expires_on = date(year, month, day) if expires else None
        except ValueError as exc:
            raise CommandError(f"--expires: {expires!r} is not a dd/mm/yyyy date") from exc
        schema = "public"
        if unit:
            found = Unit.objects.filter(code=unit).first()
            if found is None:
                raise CommandError(f"No unit {unit!r}.")
            schema = found.schema_name
        with schema_context(schema):
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"No active account {username!r} in {unit or 'the platform'}.")
            try:
                token, key = token_create(user=user, name=name, expires_on=expires_on)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
        last_day = timezone.localtime(token.expires_at)
        self.stdout.write(f"{key}\n(prefix {token.prefix}, valid through {last_day:%d/%m/%Y}; it is not shown again)")
