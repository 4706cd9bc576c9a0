"""Onboarding: registering units and creating their schemas.

A unit's schema is made by a DDL script generated from the migrated template schema
(``TENANT_BASE_SCHEMA``) once per migration state (``tenants.schema_script``): top-level
statements, no catalog matching at run time, so the cost per unit stays flat as schemas pile up
and as migrations accumulate (benchmarks/README.md, ``benchmarks.onboarding``).

Serialised where it matters, parallel where it is safe. Every creation runs in a transaction
holding PostgreSQL advisory locks: the provisioning lock *shared* (``template_schema_sync`` takes
it exclusive, so the template is never migrated while a unit is made from its script) and one lock
per unit code, taken in a fixed order (so a unit is never made twice and two transactions cannot
deadlock on each other's units). Inside the locks the unit's state is re-read, so running the same
onboarding twice, or two requests at once, creates nothing twice. A job creates a few units per
transaction (``onboarding_batch``; a failure rolls back whole units only) and runs
``ONBOARDING_WORKERS`` transactions at once, each on a connection of its own: a transaction spends
its time in PostgreSQL's work for each schema (the catalog rows of ~310 relations, on one core;
up to PostgreSQL 16 also one fsync per index it builds, ~230 with the TOAST tables' indexes, where
17 and later leave them to the next checkpoint), which two transactions overlap. A unit whose
parent the same job onboards waits for the parent's commit (``_waves``).
"""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.models import TenantMixin
from django_tenants.signals import post_schema_sync
from django_tenants.utils import schema_exists

from .catalogue import UnitSpec, province_units, unit_spec
from .citus import citus_active, ddl_prepare, schema_tables_check
from .db import connection
from .invitations import AdminSpec, InvitationError, invitation_issue_for_onboarding
from .models import OnboardingJob, Unit, UnitStatus, schema_name_for_code
from .schema_script import SchemaScript, schema_create_from_script, schema_script
from .selectors import onboarding_job_get

logger = logging.getLogger(__name__)

# Arbitrary, fixed: the advisory lock between the template's migration (exclusive) and the
# making of units from its script (shared).
PROVISIONING_LOCK = 7_410_001
# Arbitrary, fixed: the namespace of the per-unit advisory locks (two-key form, so distinct from
# the one above and from tenants.tasks.JOB_LOCK_NAMESPACE's keys).
UNIT_LOCK_NAMESPACE = 7_410_003
# Units a running job has in flight, shared out between its transactions (``onboarding_batch``).
# Each unit's schema holds ~1,430 locks until the commit (its relations, their TOAST tables, the
# objects they depend on), from the lock table every session of the server shares
# (max_locks_per_transaction × max_connections, 6,400 by default): a job must stay well under it.
ONBOARDING_UNITS_IN_FLIGHT = 4

ProgressCallback = Callable[[OnboardingJob], None]
# A committed batch's units and the seconds its transaction took (benchmarks.onboarding).
BatchCallback = Callable[[Sequence[UnitSpec], float], None]
Provisioned = tuple[list[UnitSpec], list[tuple[Unit, bool]], float]
SchemaMaker = Callable[[Unit], None]


def _lock(*, shared: bool = False) -> None:
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [PROVISIONING_LOCK])


def _unit_key(code: str) -> int:
    """The unit's advisory-lock key: a stable 32-bit hash of its code (a collision only serialises more)."""
    key = zlib.crc32(code.encode())
    return key - (1 << 32) if key >= 1 << 31 else key


def _units_lock(codes: Sequence[str]) -> None:
    """Lock the units of a transaction in ascending key order: two transactions that share units
    wait for each other, never in a cycle."""
    keys = sorted({_unit_key(code) for code in codes})
    with connection.cursor() as cursor:
        # unnest yields the array in order, so the locks are taken in that order.
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s, key)) FROM unnest(%s::int4[]) AS key", [UNIT_LOCK_NAMESPACE, keys]
        )


def template_schema_sync() -> None:
    """Create the template schema, or bring it up to the latest migrations."""
    template = settings.TENANT_BASE_SCHEMA
    with transaction.atomic():
        _lock()
        connection.set_schema_to_public()
        if not schema_exists(template):
            ddl_prepare(distribute=False)  # on Citus the template is no unit: it stays on the coordinator
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{template}"')
        call_command("migrate_schemas", tenant=True, schema_name=template, interactive=False, verbosity=0)
        connection.set_schema_to_public()


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


def unit_provision(*, spec: UnitSpec, schema_maker: SchemaMaker | None = None) -> tuple[Unit, bool]:
    """Register the unit, create its schema from the template's script, let the apps fill it; activate it.

    Returns the unit and whether a schema was created. Idempotent and safe under concurrency.
    """
    return units_provision(specs=[spec], schema_maker=schema_maker)[0]


def units_provision(*, specs: Sequence[UnitSpec], schema_maker: SchemaMaker | None = None) -> list[tuple[Unit, bool]]:
    """``unit_provision`` for several units in one transaction, under the locks of the module's text.

    First every unit's registry row and schema, then the apps that put rows in a new schema
    (``core.accounts``: the unit's roles, and the platform's audit entry) receive django-tenants'
    ``post_schema_sync``, inside the locks and the transaction, on every run, so a re-run repairs
    what they own; tenants itself imports none of them. In that order the audit chain's table lock
    (taken by its first entry, held to the commit) covers a few milliseconds, not the schemas' DDL,
    so parallel transactions do not queue on it. ``schema_maker`` replaces the script for the
    benchmarks' baselines (django-tenants' clone, the migrations).
    """
    connection.set_schema_to_public()
    results: list[tuple[Unit, bool]] = []
    with transaction.atomic():
        # Shared: transactions of different units overlap. Citus wants its distributed schemas' DDL
        # one transaction at a time across the server (docs/citus.md), so there it is exclusive.
        _lock(shared=not citus_active())
        _units_lock([spec.code for spec in specs])
        script: SchemaScript | None = None
        for spec in specs:
            unit = unit_register(spec=spec)
            created = False
            if not schema_exists(unit.schema_name):
                if schema_maker is not None:
                    schema_maker(unit)
                else:
                    # Read inside the lock: template_schema_sync() migrates the template under it.
                    script = script or schema_script()
                    schema_create_from_script(unit.schema_name, script)
                created = True
            connection.set_schema_to_public()
            results.append((unit, created))
        for unit, _created in results:
            # django-tenants sends it from save() with auto_create_schema, which units do not use:
            # we do, with the same sender.
            post_schema_sync.send(sender=TenantMixin, tenant=unit)
            connection.set_schema_to_public()
            if unit.status == UnitStatus.PROVISIONING:
                unit.status = UnitStatus.ACTIVE
                unit.save(update_fields=["status"])
        # On Citus, a schema whose tables stayed on the coordinator is rolled back, not activated.
        schema_tables_check([unit.schema_name for unit, created in results if created])
    connection.set_schema_to_public()
    return results


def onboarding_job_create(
    *,
    requested_by: str = "",
    unit_codes: list[str] | None = None,
    province_code: str = "",
    admins: list[AdminSpec] | None = None,
    enqueue: bool = True,
) -> OnboardingJob:
    """Validate the request and (unless ``enqueue`` is false) queue it for the worker.

    Unknown codes are refused here, before anything is queued (``UnknownUnitCode``), and so is an
    administrator named for a unit the request does not onboard (``InvitationError``). Each
    administrator is invited as soon as their unit is ready.
    """
    from .tasks import onboarding_job_run as onboarding_job_run_task

    specs = _job_specs(unit_codes=unit_codes or [], province_code=province_code)
    codes = {spec.code for spec in specs}
    for admin in admins or []:
        if admin.unit_code not in codes:
            raise InvitationError(
                _("An administrator is named for unit %(code)s, which this request does not onboard.")
                % {"code": admin.unit_code},
                field="admins",
            )
    job = OnboardingJob.objects.create(
        requested_by=requested_by,
        unit_codes=list(unit_codes or []),
        province_code=province_code,
        admins=[admin.as_dict() for admin in admins or []],
        total=len(specs),
    )
    if enqueue:
        transaction.on_commit(lambda: onboarding_job_run_task.delay(job.pk))
    return job


def onboarding_ensure(
    *, requested_by: str, province_code: str = "", unit_codes: list[str] | None = None, enqueue: bool = True
) -> OnboardingJob | None:
    """A job for the units of the request that are not ready yet; ``None`` when there are none.

    Nothing is queued either while a queued job still waits for the worker: it will create them.
    """
    specs = _job_specs(unit_codes=unit_codes or [], province_code=province_code)
    ready = set(
        Unit.objects.filter(code__in=[spec.code for spec in specs], status=UnitStatus.ACTIVE).values_list(
            "code", flat=True
        )
    )
    missing = [spec.code for spec in specs if spec.code not in ready]
    if not missing or (enqueue and OnboardingJob.objects.filter(status=OnboardingJob.Status.QUEUED).exists()):
        return None
    return onboarding_job_create(requested_by=requested_by, unit_codes=missing, enqueue=enqueue)


def onboarding_jobs_interrupted_close() -> int:
    """Mark jobs left running by a worker that was stopped; call it only while no worker runs.

    Units are created a few per transaction (``onboarding_batch``), so a stopped job leaves
    finished units and no half-made one; ``onboarding_ensure`` then queues the rest.
    """
    return OnboardingJob.objects.filter(status=OnboardingJob.Status.RUNNING).update(
        status=OnboardingJob.Status.FAILED,
        error="Interrupted: the worker stopped before the job ended.",
        current="",
        finished_at=timezone.now(),
    )


def _job_specs(*, unit_codes: list[str], province_code: str) -> list[UnitSpec]:
    specs = province_units(province_code) if province_code else []
    known = {spec.code for spec in specs}
    specs += [unit_spec(code) for code in unit_codes if code not in known]
    return specs


def onboarding_workers(requested: int | None = None) -> int:
    """Transactions a job runs at once: ``requested``, else ``ONBOARDING_WORKERS`` (the
    ``TIEPDAN_ONBOARDING_WORKERS`` environment variable), at most one per unit in flight; one on
    Citus, whose distributed DDL is not proven in parallel here."""
    if citus_active():
        return 1
    wanted = requested or int(getattr(settings, "ONBOARDING_WORKERS", 1))
    return min(ONBOARDING_UNITS_IN_FLIGHT, max(1, wanted))


def onboarding_batch(workers: int) -> int:
    """Units per transaction when ``workers`` transactions run at once: the job's units in flight
    (``ONBOARDING_UNITS_IN_FLIGHT``) shared between them."""
    return max(1, ONBOARDING_UNITS_IN_FLIGHT // workers)


def _waves(specs: Sequence[UnitSpec]) -> list[list[UnitSpec]]:
    """The specs in waves, in their order within each: a unit whose parent is in the same job
    comes in a wave after its parent's, so its registry row finds the parent committed."""
    by_code = {spec.code: spec for spec in specs}
    depth: dict[str, int] = {}

    def depth_of(spec: UnitSpec) -> int:
        if spec.code not in depth:
            depth[spec.code] = 0  # a cycle (none in the official list) ends here
            parent = by_code.get(spec.parent_code) if spec.parent_code else None
            depth[spec.code] = 0 if parent is None else depth_of(parent) + 1
        return depth[spec.code]

    waves: dict[int, list[UnitSpec]] = {}
    for spec in specs:
        waves.setdefault(depth_of(spec), []).append(spec)
    return [waves[level] for level in sorted(waves)]


def _batch_provision(batch: list[UnitSpec]) -> tuple[list[tuple[Unit, bool]], float]:
    """One batch committed, with its seconds; then the connection is closed (a backend caches the
    catalog entries of every schema it touches and gets slower with each: benchmarks/README.md,
    finding 3), unless the batch ran inside the caller's transaction (tests)."""
    try:
        started = time.perf_counter()
        results = units_provision(specs=batch)
        return results, time.perf_counter() - started
    finally:
        if not connection.in_atomic_block:
            connection.close()


def _batches_provision(
    batches: list[list[UnitSpec]], *, workers: int, on_start: Callable[[list[UnitSpec]], None]
) -> Iterator[Provisioned]:
    """Each batch provisioned and committed, yielded as it ends (in the caller's thread).

    With one worker, or inside the caller's transaction (tests), the batches run here one after
    the other. Otherwise ``workers`` threads each run one batch at a time; after a failure no
    batch starts, those running end (committed: whole units), their results are yielded, then
    the failure is raised.
    """
    if workers <= 1 or len(batches) <= 1 or connection.in_atomic_block:
        for batch in batches:
            on_start(batch)
            yield batch, *_batch_provision(batch)
        return
    pending: dict[Future, list[UnitSpec]] = {}
    queue = iter(batches)
    failure: BaseException | None = None
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="onboarding") as pool:

        def submit() -> None:
            batch = next(queue, None)
            if batch is not None:
                on_start(batch)
                pending[pool.submit(_batch_provision, batch)] = batch

        for _ in range(workers):
            submit()
        while pending:
            finished, _running = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                batch = pending.pop(future)
                error = future.exception()
                if error is not None:
                    if failure is not None:  # the first is raised; the others would be lost
                        logger.error("Onboarding batch %s failed too", [spec.code for spec in batch], exc_info=error)
                    failure = failure or error
                    continue
                yield batch, *future.result()
                if failure is None:
                    submit()
    if failure is not None:
        raise failure


def onboarding_job_run(
    *,
    job_id: int,
    on_progress: ProgressCallback | None = None,
    on_batch: BatchCallback | None = None,
    workers: int | None = None,
    batch: int | None = None,
) -> OnboardingJob:
    """Provision every unit of the job: ``onboarding_workers(workers)`` transactions at once, each
    of ``batch`` units (``onboarding_batch``), committing progress after each batch."""
    job = onboarding_job_get(job_id)
    if job.status == OnboardingJob.Status.DONE:
        return job
    specs = _job_specs(unit_codes=job.unit_codes, province_code=job.province_code)
    admins = {admin["unit_code"]: admin for admin in job.admins}
    workers = onboarding_workers(workers)
    size = batch or onboarding_batch(workers)
    job.progress_save(status=OnboardingJob.Status.RUNNING, started_at=timezone.now(), total=len(specs), done=0)
    try:
        template_schema_sync()
        for wave in _waves(specs):
            batches = [wave[start : start + size] for start in range(0, len(wave), size)]
            for done, results, seconds in _batches_provision(
                batches,
                workers=workers,
                on_start=lambda next_batch: job.progress_save(current=next_batch[0].name),
            ):
                # Invitations are sent once their unit is committed, never for a unit rolled back.
                for spec, (unit, _created) in zip(done, results, strict=True):
                    if spec.code in admins:
                        _invite(job, unit, admins[spec.code])
                job.progress_save(done=job.done + len(done), created=job.created + sum(c for _u, c in results))
                if on_batch is not None:
                    on_batch(done, seconds)
                if on_progress is not None:
                    on_progress(job)
    except Exception as exc:
        job.progress_save(status=OnboardingJob.Status.FAILED, error=str(exc), finished_at=timezone.now())
        raise
    job.progress_save(status=OnboardingJob.Status.DONE, current="", finished_at=timezone.now())
    return job


def _invite(job: OnboardingJob, unit: Unit, admin: dict) -> None:
    try:
        invitation_issue_for_onboarding(unit=unit, admin=admin, issued_by=job.requested_by or "onboarding")
    except InvitationError as exc:
        # One unit that cannot be invited (archived since) must not stop a province's onboarding;
        # its Unit page shows no invitation, and the platform admin can issue one there.
        logger.warning("Onboarding job #%s: no invitation for unit %s: %s", job.pk, unit.code, exc.message)


def unit_archive(*, unit: Unit, valid_to=None) -> Unit:
    """Archive a unit (merged or dissolved): its pages answer 410 and its data stay for history."""
    unit.status = UnitStatus.ARCHIVED
    unit.valid_to = valid_to or timezone.localdate()
    unit.full_clean()
    unit.save(update_fields=["status", "valid_to"])
    return unit
