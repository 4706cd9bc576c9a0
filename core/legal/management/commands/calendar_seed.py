"""Seed the national working calendar from the ``holidays`` package.

    manage.py calendar_seed --from 2019 --to 2031

Idempotent; rows a platform admin added or edited are never overwritten.
"""

from django.core.management.base import BaseCommand, CommandError

from core.legal.services import calendar_seed


class Command(BaseCommand):
    help = "Seed public holidays, government days off and swapped working Saturdays for a range of years."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="year_from", type=int, required=True, help="first year")
        parser.add_argument("--to", dest="year_to", type=int, required=True, help="last year (inclusive)")

    def handle(self, *args, year_from: int, year_to: int, **options):
        if year_to < year_from:
            raise CommandError("--to must not be before --from.")
        result = calendar_seed(years=range(year_from, year_to + 1))
        self.stdout.write(
            self.style.SUCCESS(
                f"Calendar {year_from}–{year_to}: {result.created} created, {result.updated} updated, "
                f"{result.deleted} removed, {result.kept_admin} admin rows kept."
            )
        )
