"""Onboarding that commits: a whole province, and concurrent requests on separate connections.

Units are created in transactions of their own (as in production), so these tests run outside the
test transaction and remove what they created.
"""

import threading

import pytest
from django.db import connection, connections, transaction
from django_tenants.utils import schema_exists

from tenants.catalogue import province_units, unit_spec
from tenants.models import OnboardingJob, Unit, UnitStatus
from tenants.provisioning import (
    onboarding_job_create,
    onboarding_job_run,
    unit_provision,
    units_provision,
)

SESSION_UNITS = {"20-UBND", "20-TTR", "06316", "05983"}


def test_a_whole_province_is_onboarded_once_however_often_it_is_asked(committed):
    """By two transactions at once: every unit once, each with its parent."""
    codes = [spec.code for spec in province_units("20")]
    batches = []
    try:
        first = onboarding_job_run(
            job_id=onboarding_job_create(province_code="20", enqueue=False).pk,
            on_batch=lambda done, seconds: batches.append([spec.code for spec in done]),
            workers=2,
        )
        assert (first.status, first.done, first.total) == ("done", len(codes), len(codes))
        assert sorted(code for batch in batches for code in batch) == sorted(codes)
        # The committee, parent of every other unit, is committed in a wave of its own before them.
        assert batches[0] == ["20-UBND"]
        assert set(
            Unit.objects.filter(province_code="20").exclude(code="20-UBND").values_list("parent__code", flat=True)
        ) == {"20-UBND"}
        assert first.created == len(codes) - len(SESSION_UNITS)  # the session's units already existed
        second = onboarding_job_run(job_id=onboarding_job_create(province_code="20", enqueue=False).pk)
        assert (second.done, second.created) == (len(codes), 0)
        assert Unit.objects.filter(province_code="20").count() == len(codes)
        assert Unit.objects.filter(province_code="20", kind="department").count() >= 10
        assert all(schema_exists(unit.schema_name) for unit in Unit.objects.filter(province_code="20"))
    finally:
        _drop([code for code in codes if code not in SESSION_UNITS])


def test_a_job_shares_its_four_units_in_flight_between_its_transactions(db):
    """One transaction of 4 by default; two of 2; never more transactions than units in flight,
    so the lock table's bound holds whatever TIEPDAN_ONBOARDING_WORKERS says."""
    from tenants.provisioning import onboarding_batch, onboarding_workers

    assert (onboarding_workers(), onboarding_batch(onboarding_workers())) == (1, 4)
    assert (onboarding_workers(2), onboarding_batch(2)) == (2, 2)
    assert (onboarding_workers(3), onboarding_batch(3)) == (3, 1)
    assert onboarding_workers(16) == 4


def _drop(codes):
    with connection.cursor() as cursor:
        for unit in Unit.objects.filter(code__in=codes):
            cursor.execute(f'DROP SCHEMA IF EXISTS "{unit.schema_name}" CASCADE')
    OnboardingJob.objects.all().delete()
    Unit.objects.filter(code__in=codes, parent__isnull=False).delete()
    Unit.objects.filter(code__in=codes).delete()


def _in_threads(work, arguments) -> list[Exception]:
    """``work(argument)`` for every argument at once, each in a thread on its own connection
    (closed at its end); the exceptions they raised."""
    errors: list[Exception] = []

    def run(argument):
        try:
            work(argument)
        except Exception as exc:  # noqa: BLE001 - the caller's assertion reports it
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return errors


def test_concurrent_onboarding_is_serialised_and_creates_nothing_twice(committed):
    """Eight threads, each on its own connection, onboard overlapping units at the same time."""
    cao_bang = [spec for spec in province_units("04") if spec.parent_code][:3]
    committee = unit_spec("04-UBND")
    codes = [committee.code] + [spec.code for spec in cao_bang]
    unit_provision(spec=committee)
    created: list[bool] = []

    def worker(specs):
        for spec in specs:
            created.append(unit_provision(spec=spec)[1])

    try:
        errors = _in_threads(worker, [cao_bang[i % 3 :] + cao_bang[: i % 3] for i in range(8)])
        assert errors == []
        assert created.count(True) == 3
        assert len(created) == 24
        for spec in cao_bang:
            unit = Unit.objects.get(code=spec.code)
            assert unit.status == UnitStatus.ACTIVE
            assert schema_exists(unit.schema_name)
    finally:
        _drop(codes)


def test_transactions_sharing_units_in_opposite_orders_neither_deadlock_nor_make_twice(committed):
    """Four threads, each with the same three units in one transaction, in different orders: the
    per-unit locks are taken in one fixed order, so they wait for each other and one makes each."""
    committee = unit_spec("08-UBND")
    specs = [spec for spec in province_units("08") if spec.parent_code][:3]
    codes = [committee.code] + [spec.code for spec in specs]
    unit_provision(spec=committee)
    created: list[bool] = []

    def worker(batch):
        created.extend(made for _unit, made in units_provision(specs=batch))

    orders = [specs, specs[::-1], specs[1:] + specs[:1], specs[2:] + specs[:2]]
    try:
        errors = _in_threads(worker, orders)
        assert errors == []
        assert (created.count(True), len(created)) == (3, 12)
        assert all(schema_exists(unit.schema_name) for unit in Unit.objects.filter(code__in=codes))
    finally:
        _drop(codes)


def test_a_batch_failing_beside_another_fails_the_job_and_leaves_whole_units_only(committed):
    """Two transactions at once, one of which fails (its second unit's schema name is taken): the
    job is marked failed with the error and raises it; the other transaction's units are committed
    whole and counted; the failed batch's units are not registered, nor any schema of theirs; no
    batch starts after the failure (the one still waiting is made only if it started before)."""
    from django.core.exceptions import ValidationError

    from tenants.models import schema_name_for_code
    from tenants.provisioning import onboarding_batch

    committee = unit_spec("12-UBND")
    children = [spec for spec in province_units("12") if spec.parent_code][:5]
    codes = [committee.code] + [spec.code for spec in children]
    # Batches of wave 2: children[0:2], children[2:4], children[4:]; the unit making children[3]'s
    # schema name is taken by another registry row, so the second batch fails at its registration.
    assert onboarding_batch(2) == 2
    blocked = children[3]
    squatter = Unit.objects.create(
        schema_name=schema_name_for_code(blocked.code),
        code="12-SQUAT",
        name="Squatter",
        kind=blocked.kind,
        province_code="12",
        province_name=blocked.province_name,
        status=UnitStatus.ARCHIVED,
    )
    job = onboarding_job_create(unit_codes=codes, enqueue=False)
    batches = []
    try:
        with pytest.raises(ValidationError):
            onboarding_job_run(
                job_id=job.pk, on_batch=lambda done, seconds: batches.append([s.code for s in done]), workers=2
            )
        job.refresh_from_db()
        assert job.status == OnboardingJob.Status.FAILED
        assert "schema" in job.error.lower()
        assert job.finished_at is not None
        made = set(Unit.objects.filter(code__in=codes).values_list("code", flat=True))
        assert {committee.code, children[0].code, children[1].code} <= made
        assert not made & {children[2].code, children[3].code}  # the failed batch, rolled back whole
        assert made <= {committee.code, children[0].code, children[1].code, children[4].code}
        # Every unit made is whole and counted; the failed batch left no schema.
        assert sorted(code for batch in batches for code in batch) == sorted(made)
        assert (job.done, job.created) == (len(made), len(made))
        for unit in Unit.objects.filter(code__in=made):
            assert unit.status == UnitStatus.ACTIVE
            assert schema_exists(unit.schema_name)
        assert not schema_exists(schema_name_for_code(children[2].code))
        assert not schema_exists(schema_name_for_code(blocked.code))
    finally:
        squatter.delete()
        _drop(codes)


@pytest.mark.parametrize("missing", ["group", "links"])
def test_roles_ensured_by_two_transactions_at_once_neither_fails(committed, missing):
    """``roles_ensure`` on one unit's schema from two transactions (the unit re-provisioned while
    ``migrate`` brings its roles up to date): the second waits for the first's new group or links
    and then finds them made, instead of failing on their unique keys."""
    import time

    from django.contrib.auth.models import Group
    from django_tenants.utils import schema_context

    from core.accounts.roles import ROLE_PERMISSIONS, roles_for_unit_kind
    from core.accounts.services import roles_ensure

    spec = unit_spec("08-UBND")
    unit, _created = unit_provision(spec=spec)
    role = roles_for_unit_kind(unit.kind)[0]
    with schema_context(unit.schema_name):
        if missing == "group":
            Group.objects.filter(name=role).delete()  # its links go with it: both are made again
        else:
            Group.objects.get(name=role).permissions.clear()
    first_made, second_waits, first_commits = threading.Event(), threading.Event(), threading.Event()
    errors, pids = [], []

    def first():
        try:
            with transaction.atomic(), schema_context(unit.schema_name):
                roles_ensure(unit=unit)
                first_made.set()
                first_commits.wait(60)
        except Exception as exc:  # noqa: BLE001 - the assertion reports it
            errors.append(exc)
        finally:
            first_made.set()
            connections.close_all()

    def second():
        try:
            connection.ensure_connection()
            pids.append(connection.connection.info.backend_pid)
            second_waits.set()
            with transaction.atomic(), schema_context(unit.schema_name):
                roles_ensure(unit=unit)
        except Exception as exc:  # noqa: BLE001 - the assertion reports it
            errors.append(exc)
        finally:
            second_waits.set()
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    try:
        threads[0].start()
        assert first_made.wait(60)
        threads[1].start()
        assert second_waits.wait(60)
        waiting = False
        for _ in range(200):  # until the second transaction waits on the first's uncommitted rows
            with connection.cursor() as cursor:
                cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", pids or [0])
                row = cursor.fetchone()
            if row is not None and row[0] == "Lock":
                waiting = True
                break
            time.sleep(0.05)
        first_commits.set()
        for thread in threads:
            thread.join(timeout=120)
        assert waiting
        assert errors == []
        with schema_context(unit.schema_name):
            group = Group.objects.get(name=role)
            assert {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} == set(
                ROLE_PERMISSIONS[role]
            )
    finally:
        first_commits.set()
        _drop([spec.code])
