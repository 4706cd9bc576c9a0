"""The data: ``--units`` real units onboarded by the script, a staff member and an API key in each.

The official list has 3,821 units; beyond it (``--units 4000``) the rest are made-up departments of
the provinces in turn (``PP-BENCHnnn``, their committee as parent): a schema like any unit's.
"""

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
from tenants.catalogue import UnitSpec, province_units
from tenants.models import Unit, UnitKind, UnitStatus
from tenants.provisioning import onboarding_batch, onboarding_workers, units_provision

PROVINCE = "20"  # Lạng Sơn first, then the catalogue's order
USERNAME = "bench_conn_staff"
PASSWORD = "Bench-connections-2026!"


def _made_up(count: int, order: list[str]) -> list[UnitSpec]:
    """``count`` departments that the official list does not have, one province after another."""
    specs = []
    for index in range(count):
        province = order[index % len(order)]
        committee = province_units(province)[0]  # parents first: the People's Committee office
        specs.append(
            UnitSpec(
                code=f"{province}-BENCH{index // len(order) + 1:03d}",
                name=f"Sở thử nghiệm {index // len(order) + 1} (benchmark)",
                kind=UnitKind.DEPARTMENT,
                province_code=province,
                province_name=committee.province_name,
                parent_code=committee.code,
            )
        )
    return specs


def units_onboard(count: int) -> tuple[list[Unit], dict[str, Any], float]:
    """``count`` units (the ones already there are kept); the seconds it took. The provinces' figures
    have ``"made_up"``: how many units are not on the official list (see the module's text)."""
    order = [PROVINCE, *(c for c in province_codes() if c != PROVINCE)]
    official = sum(len(province_units(code)) for code in order)
    specs, provinces = units_take(min(count, official), order)
    specs += _made_up(count - len(specs), order)
    provinces["made_up"] = {"units": count - min(count, official)}
    started = time.perf_counter()
    existing = set(Unit.objects.filter(status=UnitStatus.ACTIVE).values_list("code", flat=True))
    todo = [spec for spec in specs if spec.code not in existing]
    batch = onboarding_batch(onboarding_workers())  # units per transaction, as the job
    for index in range(0, len(todo), batch):
        connection_renew()  # a session slows down with every schema it creates (onboarding's finding 3)
        units_provision(specs=todo[index : index + batch])
        if (index // batch + 1) % 25 == 0:
            print(f"  {index + batch} units", flush=True)
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
