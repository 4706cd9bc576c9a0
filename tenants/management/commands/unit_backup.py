"""Back up one unit: its schema (``pg_dump -n``) and its files, in one archive (tenants/backup.py).

manage.py unit_backup 06316 --out /backups          # writes /backups/06316-<UTC time>.tar
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenants.backup import BackupError, unit_backup


class Command(BaseCommand):
    help = "Back up one unit's schema and files into DIR/<code>-<time>.tar."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the unit's code")
        parser.add_argument("--out", required=True, help="the folder the archive is written to")

    def handle(self, *args, code, out, **options):
        try:
            archive = unit_backup(code=code, out_dir=Path(out))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(archive))
