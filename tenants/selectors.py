"""Reads of the unit registry (public schema)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from .models import Domain, OnboardingJob, Unit, UnitStatus


def public_unit_get() -> Unit:
    return Unit.objects.get(schema_name=settings.PUBLIC_SCHEMA_NAME)


def unit_get_by_code(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).first()


def domain_unit_get(hostname: str) -> Unit | None:
    domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
    return domain.tenant if domain is not None else None


def unit_list(
    *, province_code: str | None = None, kind: str | None = None, status: str | None = None
) -> QuerySet[Unit]:
    units = Unit.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME)
    if province_code:
        units = units.filter(province_code=province_code)
    if kind:
        units = units.filter(kind=kind)
    if status:
        units = units.filter(status=status)
    return units.select_related("parent")


def active_units() -> QuerySet[Unit]:
    return unit_list(status=UnitStatus.ACTIVE)


def onboarding_job_get(job_id: int) -> OnboardingJob:
    return OnboardingJob.objects.get(pk=job_id)
