"""The run: one unit onboarded, the province's index loaded, then registrations with the check on and off."""

from __future__ import annotations

import argparse
import random
import time
import uuid
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import schema_context

from benchmarks.harness.database import migrate
from benchmarks.harness.generate import received_date
from benchmarks.harness.machine import load_average, machine_facts, server_facts
from benchmarks.harness.results import options
from benchmarks.harness.sql import captured, explain_selects, statement_timer
from benchmarks.harness.stats import Stats, ratios, rotation, timed
from core.accounts.services import user_create
from core.caseindex.citizen_keys import citizen_key_version, citizen_keys
from core.caseindex.models import CaseIndexEntry, CitizenKey, RepeatMatch
from core.catalogue.models import PetitionField
from core.petitions.services.petitions import petition_register
from tenants.catalogue import province_units, unit_spec
from tenants.provisioning import unit_provision

PROVINCE = "01"  # Hà Nội: the most units of any province
UNIT = "00004"  # Phường Ba Đình, where the registrations are made
PASSWORD = "Bench-repeats-2026!"
VARIANTS = {"check_on": True, "check_off": False}
SERVER_FACTS = ("server_version", "shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "jit")
CLOSED_SHARE = 1 / 3
REPEAT_SHARE = 0.25  # rows whose sender already has a case in the index


def cccd(rng: random.Random) -> str:
    """A valid CCCD number of someone born in Hà Nội between 1940 and 1999."""
    return f"001{rng.choice('01')}{rng.randint(40, 99):02d}{rng.randrange(10**6):06d}"


def index_load(rng: random.Random, *, rows: int, batch: int, units: list[str], fields: list[str], today: date) -> dict:
    """``rows`` index rows of the province with one sender key each; the citizens and their cases."""
    version = citizen_key_version()
    citizens: list[tuple[str, str, str, date | None]] = []  # number, unit, field, closed
    entries: list[CaseIndexEntry] = []
    keys: list[CitizenKey] = []
    started = time.perf_counter()
    for index in range(rows):
        number = rng.choice(citizens)[0] if citizens and rng.random() < REPEAT_SHARE else cccd(rng)
        received = received_date(rng, today)
        closed = None
        if rng.random() < CLOSED_SHARE:
            closed = min(received + timedelta(days=rng.randint(10, 200)), today)
        case_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        unit, field = rng.choice(units), rng.choice(fields)
        entries.append(
            CaseIndexEntry(
                case_id=case_id,
                unit_code=unit,
                province_code=PROVINCE,
                registry_number=f"{index % 99999 + 1:05d}/{received.year}",
                petition_type=rng.choice(["complaint", "recommendation", "feedback"]),
                field_code=field,
                channel=rng.choice(["post", "reception", "online"]),
                status="filed" if closed else "registered",
                received_date=received,
                closed_date=closed,
            )
        )
        [key] = [k for k in citizen_keys("cccd", number) if k.version == version]
        keys.append(CitizenKey(case_id=case_id, key_version=key.version, digest=key.digest))
        citizens.append((number, unit, field, closed))
        if len(entries) >= batch:
            CaseIndexEntry.objects.bulk_create(entries)
            CitizenKey.objects.bulk_create(keys)
            entries, keys = [], []
    CaseIndexEntry.objects.bulk_create(entries)
    CitizenKey.objects.bulk_create(keys)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("caseindex_caseindexentry", "caseindex_citizenkey"):
            cursor.execute(f"VACUUM (ANALYZE) public.{table}")
    return {
        "citizens": citizens,
        "load_seconds": loaded,
        "vacuum_analyze_seconds": time.perf_counter() - started,
        "distinct_citizens": len({c[0] for c in citizens}),
    }


def sizes() -> dict[str, Any]:
    with connection.cursor() as cursor:
        out = {}
        for table in ("caseindex_caseindexentry", "caseindex_citizenkey"):
            qualified = f"public.{table}"
            cursor.execute(
                f"SELECT count(*), pg_table_size('{qualified}'), pg_indexes_size('{qualified}') FROM {qualified}"
            )
            count, table_bytes, index_bytes = cursor.fetchone()
            out[table] = {"rows": count, "table_mb": table_bytes / 2**20, "indexes_mb": index_bytes / 2**20}
    return out


def payloads(rng: random.Random, citizens: list, *, count: int, match_percent: int, today: date, window: int) -> list:
    """``count`` complaints; ``match_percent`` of them from a citizen with a case of the same field,
    pending or closed within ``window`` days, at another unit (so the check finds it)."""
    matchable = [c for c in citizens if c[1] != UNIT and (c[3] is None or c[3] >= today - timedelta(days=window))]
    made = []
    for index in range(count):
        match = rng.random() * 100 < match_percent
        number, _unit, field, _closed = rng.choice(matchable) if match else (cccd(rng), "", "dat-dai", None)
        made.append(
            {
                "matching": match,
                "values": {
                    "channel": "post",
                    "received_date": today - timedelta(days=rng.randint(0, 20)),
                    "petition_type": "complaint",
                    "field_code": field,
                    "subject": f"Quyết định thu hồi đất số {index + 1}/QĐ-UBND",
                    "summary": "Khiếu nại việc thu hồi đất nông nghiệp của gia đình.",
                    "signer_kind": "one",
                    "signers": [{"full_name": "Nguyễn Văn An", "id_kind": "cccd", "id_number": number}],
                },
            }
        )
    return made


def register(unit, user, variant: str, payload: dict, samples: list[float] | None) -> None:
    with override_settings(REPEAT_CHECK_ENABLED=VARIANTS[variant]), schema_context(unit.schema_name):
        if samples is None:
            petition_register(actor=user, **payload["values"])
            return
        with timed(samples):
            petition_register(actor=user, **payload["values"])


def run(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    today = timezone.localdate()
    loads: dict[str, float] = {"before": load_average()}

    print(f"Migrating the bench database and onboarding {UNIT}…", flush=True)
    migrate()
    unit, _created = unit_provision(spec=unit_spec(UNIT))
    with schema_context(unit.schema_name):
        user = user_create(
            unit=unit, username="xu_ly", password=PASSWORD, full_name="Nông Văn Đức", roles=["processing_officer"]
        )
    units = [spec.code for spec in province_units(PROVINCE)]
    fields = list(PetitionField.objects.filter(is_active=True).values_list("code", flat=True))

    print(f"Loading {args.rows:,} index rows over {len(units)} units of province {PROVINCE}…", flush=True)
    load = index_load(rng, rows=args.rows, batch=args.batch, units=units, fields=fields, today=today)
    citizens = load.pop("citizens")
    data = sizes()
    loads["after_load"] = load_average()
    print(f"  loaded in {load['load_seconds']:.0f} s, VACUUM ANALYZE {load['vacuum_analyze_seconds']:.0f} s")

    from django.conf import settings

    window = settings.REPEAT_RECENTLY_CLOSED_DAYS
    count = args.warmup + args.registrations
    pairs = {
        variant: payloads(rng, citizens, count=count, match_percent=args.match_percent, today=today, window=window)
        for variant in VARIANTS
    }
    print(f"Registering {args.registrations} complaints per variant (after {args.warmup} untimed)…", flush=True)
    samples: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
    by_kind: dict[str, list[float]] = {"check_on_match": [], "check_on_miss": []}
    for index in range(count):
        for variant in rotation(list(VARIANTS), index):
            payload = pairs[variant][index]
            if index < args.warmup:
                register(unit, user, variant, payload, None)
                continue
            before = len(samples[variant])
            register(unit, user, variant, payload, samples[variant])
            if variant == "check_on":
                kind = "check_on_match" if payload["matching"] else "check_on_miss"
                by_kind[kind].append(samples[variant][before])
    loads["after_register"] = load_average()
    with schema_context(unit.schema_name):
        matches = RepeatMatch.objects.filter(unit_code=UNIT).count()

    details = {}
    extra = payloads(rng, citizens, count=2, match_percent=100, today=today, window=window)
    for variant, payload in zip(VARIANTS, extra, strict=True):
        started = time.perf_counter()
        with captured() as context, statement_timer() as timings:
            register(unit, user, variant, payload, None)
        details[variant] = {
            "wall_seconds": time.perf_counter() - started,
            "round_trips": len(context.captured_queries),
            "statements_seconds": sum(timing["seconds"] for timing in timings),
            "statements": timings,
        }
        if variant == "check_on":
            lookups = [q["sql"] for q in context.captured_queries if '"caseindex_citizenkey"' in q["sql"]]
            with schema_context(unit.schema_name):
                details[variant]["explain"] = explain_selects(lookups)

    stats = {variant: Stats.of(values) for variant, values in samples.items()}
    kinds = {kind: Stats.of(values) for kind, values in by_kind.items() if values}
    added = {
        "p50_ms": 1000 * (stats["check_on"].p50 - stats["check_off"].p50),
        "mean_ms": 1000 * (stats["check_on"].mean - stats["check_off"].mean),
        "p95_ms": 1000 * (stats["check_on"].p95 - stats["check_off"].p95),
    }
    return {
        "benchmark": "repeats",
        "date": today.isoformat(),
        "machine": {**machine_facts(server_facts(SERVER_FACTS)), "load_average": loads},
        "options": options(args),
        "unit": UNIT,
        "province": PROVINCE,
        "province_units": len(units),
        "load": load,
        "data": data,
        "stats": {name: asdict(value) for name, value in stats.items()},
        "stats_by_kind": {name: asdict(value) for name, value in kinds.items()},
        "ratios": {"check_on_over_off": ratios(stats["check_on"], stats["check_off"])},
        "added": added,
        "matches_recorded": matches,
        "statements": details,
        "samples": {**samples, **by_kind},
    }
