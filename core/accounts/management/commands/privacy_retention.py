"""Report, and on request pseudonymise, the personal data past its retention period in one unit
(schedule: core/legal/data/personal_data_retention.json, periods unverified). A dry run unless
--erase is given.

manage.py privacy_retention --unit 06316              # list only (same as --dry-run)
manage.py privacy_retention --unit 06316 --erase      # pseudonymise, each erasure audited
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tenants.utils import schema_context

from core.privacy.selectors import citizens_erasable, records_past_retention
from core.privacy.services import retention_erase
from tenants.models import Unit


class Command(BaseCommand):
    help = "List records past their retention period in a unit; pseudonymise citizens with --erase."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="the unit's code")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="list only (the default)")
        mode.add_argument("--erase", action="store_true", help="pseudonymise where the schedule allows it")

    def handle(self, *args, unit, dry_run, erase, **options):
        found = Unit.objects.filter(code=unit).first()
        if found is None:
            raise CommandError(f"No unit {unit!r}.")
        today = timezone.localdate()
        with schema_context(found.schema_name):
            past = records_past_retention(on=today)
            for record in past:
                rule = record.rule
                self.stdout.write(
                    f"{record.record_kind} {record.reference}: lưu trữ đến {record.ended_on:%d/%m/%Y} "
                    f"({rule.period_years} năm kể từ {rule.counted_from_label}; {rule.legal_basis}; "
                    f"[{rule.confidence}]) " + ("được phép ẩn danh" if record.erasure_allowed else "không được xoá")
                )
            if erase:
                done = retention_erase(on=today)
                self.stdout.write(f"Đã ẩn danh {len(done)} công dân.")
            else:
                self.stdout.write(
                    f"Chạy thử: {len(past)} hồ sơ quá hạn lưu trữ, {len(citizens_erasable(on=today))} công dân "
                    "có thể ẩn danh; không thay đổi dữ liệu (thêm --erase để ẩn danh)."
                )
