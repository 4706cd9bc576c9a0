"""Onboarding: registering units and creating their schemas.

Schemas are created by cloning a migrated template schema (``TENANT_BASE_SCHEMA``) instead of
replaying every migration, which keeps the cost per unit flat as migrations accumulate
(tech-notes §3.2; ``benchmarks/onboarding.py`` measures it). Every creation runs in one
transaction holding a PostgreSQL advisory lock, because django-tenants re-creates its clone
function and type in ``public`` on each clone and concurrent clones collide there. Inside the lock
the unit's state is re-read, so running the same onboarding twice, or two requests at once,
creates nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists

from core.accounts.services import roles_ensure

from .catalogue import UnitSpec, province_units, unit_spec
from .models import OnboardingJob, Unit, UnitStatus, schema_name_for_code
from .selectors import onboarding_job_get

# Arbitrary, fixed: the advisory lock that serialises schema DDL across every process.
PROVISIONING_LOCK = 7_410_001
# Creating schemas quickly grows pg_class/pg_index faster than autovacuum re-analyses them, and the
# stale statistics give the clone function a plan whose cost grows with the number of schemas
# (benchmarks/README.md). Re-analysing the catalogs every few units keeps the plan right.
CATALOG_ANALYZE_EVERY = 20
CATALOGS = ("pg_class", "pg_index", "pg_namespace", "pg_attribute", "pg_constraint", "pg_depend", "pg_type")

ProgressCallback = Callable[[OnboardingJob], None]


def _lock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PROVISIONING_LOCK])


def template_schema_sync() -> None:
    """Create the template schema, or bring it up to the latest migrations."""
    template = settings.TENANT_BASE_SCHEMA
    with transaction.atomic():
        _lock()
        connection.set_schema_to_public()
        if not schema_exists(template):
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{template}"')
        call_command("migrate_schemas", tenant=True, schema_name=template, interactive=False, verbosity=0)
        connection.set_schema_to_public()


def catalogs_analyze() -> None:
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for catalog in CATALOGS:
            cursor.execute(f"ANALYZE pg_catalog.{catalog}")


def unit_register(*, spec: UnitSpec) -> Unit:
    """The registry row for ``spec``, created if missing (its schema is not created here)."""
    unit = Unit.objects.filter(code=spec.code).first()
    if unit is not None:
        return unit
    parent = Unit.objects.filter(code=spec.parent_code).first() if spec.parent_code else None
    unit = Unit(
        schema_name=schema_name_for_code(spec.code),
        code=spec.code,
        name=spec.name,
        kind=spec.kind,
        parent=parent,
        province_code=spec.province_code,
        province_name=spec.province_name,
        status=UnitStatus.PROVISIONING,
    )
    unit.full_clean()
    unit.save()
    return unit


def unit_provision(*, spec: UnitSpec) -> tuple[Unit, bool]:
    """Register the unit, create its schema from the template and its roles; activate it.

    Returns the unit and whether a schema was created. Idempotent and safe under concurrency.
    """
    connection.set_schema_to_public()
    with transaction.atomic():
        _lock()
        unit = unit_register(spec=spec)
        created = False
        if not schema_exists(unit.schema_name):
            unit.create_schema(check_if_exists=True, verbosity=0)
            created = True
        with schema_context(unit.schema_name):
            roles_ensure(unit=unit)
        if unit.status == UnitStatus.PROVISIONING:
            unit.status = UnitStatus.ACTIVE
            unit.save(update_fields=["status"])
    connection.set_schema_to_public()
    return unit, created


def onboarding_job_create(
    *, requested_by: str = "", unit_codes: list[str] | None = None, province_code: str = "", enqueue: bool = True
) -> OnboardingJob:
    """Validate the request and (unless ``enqueue`` is false) queue it for the worker.

    Unknown codes are refused here, before anything is queued.
    """
    from .tasks import onboarding_job_run as onboarding_job_run_task

    specs = _job_specs(unit_codes=unit_codes or [], province_code=province_code)
    job = OnboardingJob.objects.create(
        requested_by=requested_by,
        unit_codes=list(unit_codes or []),
        province_code=province_code,
        total=len(specs),
    )
    if enqueue:
        transaction.on_commit(lambda: onboarding_job_run_task.delay(job.pk))
    return job


def _job_specs(*, unit_codes: list[str], province_code: str) -> list[UnitSpec]:
    specs = province_units(province_code) if province_code else []
    known = {spec.code for spec in specs}
    specs += [unit_spec(code) for code in unit_codes if code not in known]
    return specs


def onboarding_job_run(*, job_id: int, on_progress: ProgressCallback | None = None) -> OnboardingJob:
    """Provision every unit of the job, committing progress after each one."""
    job = onboarding_job_get(job_id)
    if job.status == OnboardingJob.Status.DONE:
        return job
    specs = _job_specs(unit_codes=job.unit_codes, province_code=job.province_code)
    _job_update(job, status=OnboardingJob.Status.RUNNING, started_at=timezone.now(), total=len(specs), done=0)
    try:
        template_schema_sync()
        for index, spec in enumerate(specs):
            if index % CATALOG_ANALYZE_EVERY == 0:
                catalogs_analyze()
            _job_update(job, current=spec.name)
            _unit, created = unit_provision(spec=spec)
            _job_update(job, done=job.done + 1, created=job.created + int(created))
            if on_progress is not None:
                on_progress(job)
            if not connection.in_atomic_block:
                # A backend caches the catalog entries of every schema it touches, and each clone
                # then gets slower (benchmarks/README.md): one fresh connection per unit.
                connection.close()
    except Exception as exc:
        _job_update(job, status=OnboardingJob.Status.FAILED, error=str(exc), finished_at=timezone.now())
        raise
    _job_update(job, status=OnboardingJob.Status.DONE, current="", finished_at=timezone.now())
    return job


def _job_update(job: OnboardingJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def unit_archive(*, unit: Unit, valid_to=None) -> Unit:
    """Archive a unit (merged or dissolved): its pages answer 410 and its data stay for history."""
    unit.status = UnitStatus.ARCHIVED
    unit.valid_to = valid_to or timezone.localdate()
    unit.full_clean()
    unit.save(update_fields=["status", "valid_to"])
    return unit
