"""Onboarding in the real worker invites the named administrator once the unit's schema exists,
and sends the e-mail after the invitation is committed (``sent_at`` is set by the worker)."""

from __future__ import annotations

import pytest
from django.db import connection

from tenants.models import OnboardingJob, Unit, UnitInvitation
from tests.test_worker import _wait_for

pytestmark = pytest.mark.worker
CODE = "06085"  # Xã Thiện Hòa, onboarded by no other test


def _remove_unit() -> None:
    unit = Unit.objects.filter(code=CODE).first()
    if unit is not None:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{unit.schema_name}" CASCADE')
        UnitInvitation.objects.filter(unit=unit).delete()
        unit.delete()
    OnboardingJob.objects.filter(unit_codes=[CODE]).delete()


def test_the_worker_invites_the_admin_when_the_unit_is_ready(worker, committed):
    from tenants.invitations import admin_spec_clean
    from tenants.provisioning import onboarding_job_create

    _remove_unit()
    admin = admin_spec_clean(unit_code=CODE, email="quantri@thienhoa.gov.vn", full_name="Lăng Thị Hòa")
    try:
        job = onboarding_job_create(requested_by="nen_tang", unit_codes=[CODE], admins=[admin])
        _wait_for(lambda: OnboardingJob.objects.filter(pk=job.pk, status="done").exists(), timeout=120)
        invitation = _wait_for(lambda: UnitInvitation.objects.filter(unit__code=CODE, sent_at__isnull=False).first())
        assert (invitation.state, invitation.email, invitation.issued_by) == (
            "pending",
            "quantri@thienhoa.gov.vn",
            "nen_tang",
        )
        assert invitation.unit.status == "active"
    finally:
        _remove_unit()
