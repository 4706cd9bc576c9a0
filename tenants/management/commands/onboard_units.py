"""Onboard units from the official list: one or more by code, or a whole province.

    manage.py onboard_units --province 20          # Lạng Sơn: provincial bodies + every commune
    manage.py onboard_units 06040 20-SNV           # single units
    manage.py onboard_units --province 20 --inline # no worker: run in this process

The job is queued for the Celery worker (schema creation is serialised there) and this command
follows its progress with a progress bar; re-running creates nothing twice.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tenants.catalogue import UnknownUnitCode
from tenants.models import OnboardingJob
from tenants.provisioning import onboarding_job_create, onboarding_job_run


class Command(BaseCommand):
    help = "Onboard administrative units (by code, or a whole province) and create their schemas."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="official unit codes (e.g. 06040, 20-SNV)")
        parser.add_argument("--province", default="", help="two-digit province code: onboard the whole province")
        parser.add_argument("--inline", action="store_true", help="run in this process instead of the worker")
        parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for the worker")

    def handle(self, *args, codes, province, inline, timeout, **options):
        if not codes and not province:
            raise CommandError("Give unit codes or --province.")
        try:
            job = onboarding_job_create(
                requested_by="manage.py", unit_codes=codes, province_code=province, enqueue=not inline
            )
        except UnknownUnitCode as exc:
            raise CommandError(f"Not in the official list of administrative units: {exc.args[0]}") from exc

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
