"""Restore one unit's archive made by ``unit_backup`` (tenants/backup.py), all or nothing.

manage.py unit_restore 06316-20261203T112600Z.tar                       # into its own schema, if absent
manage.py unit_restore 06316-….tar --replace                             # over the unit's schema and files
manage.py unit_restore 06316-….tar --as-new-schema u_06316_check         # a copy beside it, to inspect

Under another schema name the sealed identities cannot be opened (their key is derived from the
schema's name); the copy is for checking, not for serving the unit.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenants.backup import BackupError, unit_restore


class Command(BaseCommand):
    help = "Restore a unit's backup archive into its schema (or a new one) and its files."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar written by unit_backup")
        parser.add_argument("--as-new-schema", default="", dest="as_schema", help="restore under this schema name")
        parser.add_argument("--replace", action="store_true", help="replace an existing schema and its files")

    def handle(self, *args, archive, as_schema, replace, **options):
        try:
            result = unit_restore(archive=Path(archive), as_schema=as_schema.strip(), replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{result.schema}: {result.tables} tables, {result.rows} rows, {result.files} files restored."
        )
        if result.behind:
            self.stdout.write(
                f"The schema lacks {len(result.behind)} migration(s) of this code: run manage.py migrate."
            )
