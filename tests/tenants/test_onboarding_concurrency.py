"""Onboarding that commits: a whole province, and concurrent requests on separate connections.

Units are created in transactions of their own (as in production), so these tests run outside the
test transaction and remove what they created.
"""

import threading

from django.db import connection, connections
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


def _drop(codes):
    with connection.cursor() as cursor:
        for unit in Unit.objects.filter(code__in=codes):
            cursor.execute(f'DROP SCHEMA IF EXISTS "{unit.schema_name}" CASCADE')
    OnboardingJob.objects.all().delete()
    Unit.objects.filter(code__in=codes, parent__isnull=False).delete()
    Unit.objects.filter(code__in=codes).delete()


def test_concurrent_onboarding_is_serialised_and_creates_nothing_twice(committed):
    """Eight threads, each on its own connection, onboard overlapping units at the same time."""
    cao_bang = [spec for spec in province_units("04") if spec.parent_code][:3]
    committee = unit_spec("04-UBND")
    codes = [committee.code] + [spec.code for spec in cao_bang]
    unit_provision(spec=committee)
    errors, created = [], []

    def worker(specs):
        try:
            for spec in specs:
                created.append(unit_provision(spec=spec)[1])
        except Exception as exc:  # noqa: BLE001 - the assertion reports it
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(cao_bang[i % 3 :] + cao_bang[: i % 3],)) for i in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
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
    errors, created = [], []

    def worker(batch):
        try:
            created.extend(made for _unit, made in units_provision(specs=batch))
        except Exception as exc:  # noqa: BLE001 - the assertion reports it
            errors.append(exc)
        finally:
            connections.close_all()

    orders = [specs, specs[::-1], specs[1:] + specs[:1], specs[2:] + specs[:2]]
    threads = [threading.Thread(target=worker, args=(order,)) for order in orders]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert errors == []
        assert (created.count(True), len(created)) == (3, 12)
        assert all(schema_exists(unit.schema_name) for unit in Unit.objects.filter(code__in=codes))
    finally:
        _drop(codes)
