"""The data: ``--units`` real units onboarded by the script, a staff member and an API key in each."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from benchmarks.harness.database import connection_renew
from benchmarks.harness.units import province_codes, units_take
from core.accounts.models import User
from core.accounts.services import user_create
from core.accounts.tokens import token_create
from tenants.models import Unit, UnitStatus
from tenants.provisioning import ONBOARDING_BATCH, units_provision

PROVINCE = "20"  # Lạng Sơn first, then the catalogue's order
USERNAME = "bench_conn_staff"
PASSWORD = "Bench-connections-2026!"


def units_onboard(count: int) -> tuple[list[Unit], dict[str, Any], float]:
    """``count`` units (the ones already there are kept); the seconds it took."""
    specs, provinces = units_take(count, [PROVINCE, *(c for c in province_codes() if c != PROVINCE)])
    started = time.perf_counter()
    existing = set(Unit.objects.filter(status=UnitStatus.ACTIVE).values_list("code", flat=True))
    todo = [spec for spec in specs if spec.code not in existing]
    for index in range(0, len(todo), ONBOARDING_BATCH):  # units per transaction, as the job
        connection_renew()  # a session slows down with every schema it creates (onboarding's finding 3)
        units_provision(specs=todo[index : index + ONBOARDING_BATCH])
        if (index // ONBOARDING_BATCH + 1) % 25 == 0:
            print(f"  {index + ONBOARDING_BATCH} units", flush=True)
    connection_renew()
    codes = [spec.code for spec in specs]
    by_code = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
    return [by_code[code] for code in codes], provinces, time.perf_counter() - started


def keys_issue(units: list[Unit]) -> list[dict[str, str]]:
    """A staff member in each unit (made once) and a new API key of theirs: [{code, key}]."""
    keys = []
    expires_on = timezone.localdate() + timedelta(days=30)
    for unit in units:
        with schema_context(unit.schema_name):
            user = User.objects.filter(username=USERNAME).first() or user_create(
                unit=unit,
                username=USERNAME,
                password=PASSWORD,
                full_name="Nông Thị Hoa",
                position="Chuyên viên",
                roles=["reception_officer", "processing_officer"],
            )
            _token, key = token_create(user=user, name="benchmark", expires_on=expires_on)
        keys.append({"code": unit.code, "key": key})
    connection.set_schema_to_public()
    return keys
