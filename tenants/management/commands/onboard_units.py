"""Onboard units from the official list: one or more by code, or a whole province.

    manage.py onboard_units --province 20          # Lạng Sơn: provincial bodies + every commune
    manage.py onboard_units 06040 20-SNV           # single units
    manage.py onboard_units --province 20 --inline # no worker: run in this process
    manage.py onboard_units 06040 --admin-email lan@thatkhe.langson.gov.vn --admin-name "Hoàng Thị Lan"
    manage.py onboard_units --province 20 --admins admins.csv   # unit code, e-mail, phone, full name

The job is queued for the Celery worker (schema creation is serialised there) and this command
follows its progress with a progress bar; re-running creates nothing twice. Each named
administrator is e-mailed a one-time link once their unit is ready (``invite_unit_admin`` issues
one again and prints it).
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tenants.catalogue import UnknownUnitCode
from tenants.invitations import AdminSpec, InvitationError, admin_spec_clean, admin_specs_from_csv
from tenants.models import OnboardingJob
from tenants.provisioning import onboarding_job_create, onboarding_job_run


class Command(BaseCommand):
    help = "Onboard administrative units (by code, or a whole province) and create their schemas."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="official unit codes (e.g. 06040, 20-SNV)")
        parser.add_argument("--province", default="", help="two-digit province code: onboard the whole province")
        parser.add_argument("--inline", action="store_true", help="run in this process instead of the worker")
        parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for the worker")
        parser.add_argument("--admin-email", default="", help="e-mail of the one unit's administrator to invite")
        parser.add_argument("--admin-phone", default="", help="phone of the one unit's administrator")
        parser.add_argument("--admin-name", default="", help="full name of the one unit's administrator")
        parser.add_argument(
            "--admins", type=Path, help="CSV of administrators to invite: unit code, e-mail, phone, full name"
        )

    def handle(self, *args, codes, province, inline, timeout, **options):
        if not codes and not province:
            raise CommandError("Give unit codes or --province.")
        try:
            job = onboarding_job_create(
                requested_by="manage.py",
                unit_codes=codes,
                province_code=province,
                admins=self._admins(codes, province, options),
                enqueue=not inline,
            )
        except UnknownUnitCode as exc:
            raise CommandError(f"Not in the official list of administrative units: {exc.args[0]}") from exc
        except InvitationError as exc:
            raise CommandError(exc.message) from exc

        bar = tqdm(total=job.total, unit="unit", desc="Onboarding", disable=options["verbosity"] == 0)
        if inline:
            job = onboarding_job_run(job_id=job.pk, on_progress=lambda j: self._advance(bar, j))
        else:
            job = self._follow(job, bar, timeout)
        bar.close()
        if job.status != OnboardingJob.Status.DONE:
            raise CommandError(f"Onboarding job #{job.pk} {job.status}: {job.error}")
        self.stdout.write(self.style.SUCCESS(f"{job.done} units ready, {job.created} schemas created (job #{job.pk})."))

    @staticmethod
    def _admins(codes: list[str], province: str, options: dict) -> list[AdminSpec]:
        one = {"email": options["admin_email"], "phone": options["admin_phone"], "full_name": options["admin_name"]}
        if any(one.values()) and options["admins"]:
            raise CommandError("Give --admin-email/--admin-phone for one unit, or --admins for several, not both.")
        if options["admins"]:
            try:
                content = options["admins"].read_bytes()
            except OSError as exc:
                raise CommandError(f"Cannot read {options['admins']}: {exc.strerror}") from exc
            try:
                return admin_specs_from_csv(content)
            except InvitationError as exc:
                raise CommandError(exc.message) from exc
        if not any(one.values()):
            return []
        if province or len(codes) != 1:
            raise CommandError("--admin-email and --admin-phone are for one unit code; use --admins file.csv.")
        try:
            return [admin_spec_clean(unit_code=codes[0], **one)]
        except InvitationError as exc:
            raise CommandError(exc.message) from exc

    @staticmethod
    def _advance(bar, job: OnboardingJob) -> None:
        bar.n = job.done
        bar.set_postfix_str(job.current[:40])
        bar.refresh()

    def _follow(self, job: OnboardingJob, bar, timeout: float) -> OnboardingJob:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job.refresh_from_db()
            self._advance(bar, job)
            if job.status in (OnboardingJob.Status.DONE, OnboardingJob.Status.FAILED):
                return job
            time.sleep(0.5)
        raise CommandError(f"Onboarding job #{job.pk} did not finish in {timeout:.0f} s: is a worker running?")
