"""Onboarding that commits: a whole province, and concurrent requests on separate connections.

Each unit is created in its own transaction (as in production), so these tests run outside the
test transaction and remove what they created.
"""

import threading

from django.db import connection, connections
from django_tenants.utils import schema_exists

from tenants.catalogue import province_units, unit_spec
from tenants.models import OnboardingJob, Unit, UnitStatus
from tenants.provisioning import onboarding_job_create, onboarding_job_run, unit_provision

SESSION_UNITS = {"20-UBND", "20-TTR", "06316", "05983"}


def test_a_whole_province_is_onboarded_once_however_often_it_is_asked(committed):
    codes = [spec.code for spec in province_units("20")]
    try:
        first = onboarding_job_run(job_id=onboarding_job_create(province_code="20", enqueue=False).pk)
        assert (first.status, first.done, first.total) == ("done", len(codes), len(codes))
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
