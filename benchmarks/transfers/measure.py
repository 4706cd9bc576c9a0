"""The run: units onboarded, an officer and petitions in each, forwards written to the outboxes with
the delivery tasks held back, then a real worker delivering them in batches against no-op batches,
and single forwards against single no-ops for the latency."""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from benchmarks.harness.database import connection_renew, migrate
from benchmarks.harness.machine import load_average, machine_facts, server_facts
from benchmarks.harness.results import options
from benchmarks.harness.stats import Stats, ratios, rotation
from benchmarks.harness.units import province_codes, units_take
from benchmarks.transfers.tasks import bench_noop
from config.celery_app import app
from core.accounts.services import user_create
from core.petitions.services.petitions import petition_register
from core.transfers.models import InboxMessage, OutboxMessage
from core.transfers.services import deliver_later, transfer_send
from core.transfers.tracking.models import TransferTrack
from tenants.models import Unit
from tenants.provisioning import unit_provision

ROOT = Path(__file__).resolve().parents[2]
PROVINCE = "20"  # Lạng Sơn first, then the catalogue's order
PASSWORD = "Bench-transfers-2026!"
SERVER_FACTS = ("server_version", "shared_buffers", "synchronous_commit", "fsync")


def _onboard(count: int) -> tuple[list[Unit], dict, float]:
    specs, provinces = units_take(count, [PROVINCE, *(c for c in province_codes() if c != PROVINCE)])
    started = time.perf_counter()
    units = []
    for index, spec in enumerate(specs):
        connection_renew()  # a session slows down with every schema it creates (onboarding's finding 3)
        unit, _created = unit_provision(spec=spec)
        units.append(unit)
        if (index + 1) % 25 == 0:
            print(f"  {index + 1} units", flush=True)
    return units, provinces, time.perf_counter() - started


def _officer(unit: Unit):
    with schema_context(unit.schema_name):
        return user_create(
            unit=unit,
            username=f"bench_chuyen_{unit.code.lower()}",
            password=PASSWORD,
            full_name="Hoàng Thị Lan",
            position="Chuyên viên",
            roles=["processing_officer", "leader"],
        )


def _petition(unit: Unit, officer, index: int, today):
    with schema_context(unit.schema_name):
        return petition_register(
            actor=officer,
            channel="post",
            received_date=today - timedelta(days=2),
            petition_type="complaint",
            field_code="dat-dai",
            subject=f"Quyết định thu hồi đất số {index + 1}/QĐ-UBND",
            summary="Khiếu nại việc thu hồi đất nông nghiệp của gia đình; đơn vị khác có thẩm quyền.",
            signer_kind="one",
            signers=[{"full_name": f"Lục Văn Bình {index}", "id_kind": "cccd", "id_number": f"0201850{index:05d}"}],
        )


def _forward(sender: Unit, officer, receiver: Unit, petition, today) -> str:
    """One forward in its own committed transaction (the delivery task is queued on commit)."""
    with schema_context(sender.schema_name), transaction.atomic():
        transfer = transfer_send(
            petition=petition, receiver=receiver, actor=officer, on=today, letters=[], legal_ground="Bench"
        )
    return transfer.reference


def _pairs(rng: random.Random, units: list[Unit], count: int) -> list[tuple[int, int]]:
    pairs = []
    for _ in range(count):
        a = rng.randrange(len(units))
        b = rng.randrange(len(units) - 1)
        pairs.append((a, b + (b >= a)))
    return pairs


def _worker(queue: str, concurrency: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DJANGO_DB_NAME": connection.settings_dict["NAME"],
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--include",
        "benchmarks.transfers.tasks",
        f"--concurrency={concurrency}",
        "-Q",
        queue,
        "-l",
        "warning",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _delivered(references: list[str], timeout: float) -> dict[str, datetime]:
    """Wait until every forward of ``references`` is in its receiver's inbox; {reference: when it
    arrived} (the track's ``delivered_at`` is the inbox row's ``received_at``)."""
    deadline = time.monotonic() + timeout
    while True:
        done = dict(
            TransferTrack.objects.filter(reference__in=references, delivered_at__isnull=False).values_list(
                "reference", "delivered_at"
            )
        )
        if len(done) == len(references):
            return done
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(references) - len(done)} of {len(references)} forwards not delivered in time")
        time.sleep(0.05)


def _ran(markers: list[Path], timeout: float) -> list[float]:
    deadline = time.monotonic() + timeout
    while True:
        if all(marker.exists() for marker in markers):
            try:
                return [float(marker.read_text(encoding="utf-8")) for marker in markers]
            except ValueError:  # a marker being written
                pass
        if time.monotonic() > deadline:
            raise RuntimeError("the no-op tasks did not all run in time")
        time.sleep(0.05)


def _noops(units: list[Unit], count: int, folder: Path, rng: random.Random) -> tuple[float, list[Path]]:
    markers = [folder / uuid.uuid4().hex for _ in range(count)]
    started = time.time()
    for marker in markers:
        with schema_context(units[rng.randrange(len(units))].schema_name):
            bench_noop.delay(str(marker))
    return started, markers


def _batches(args, units, forwards: list[tuple[str, str]], folder: Path, rng) -> dict[str, Any]:
    """Delivery batches against no-op batches of the same size, alternating."""
    size = len(forwards) // args.batches
    per_second: dict[str, list[float]] = {"deliver": [], "noop": []}
    waits: dict[str, list[float]] = {"deliver": [], "noop": []}
    timeout = 60 + 2 * size
    for index in range(args.batches):
        for variant in rotation(("deliver", "noop"), index):
            if variant == "deliver":
                batch = forwards[index * size : (index + 1) * size]
                started, sent = time.time(), {}
                for schema, reference in batch:
                    sent[reference] = time.time()
                    deliver_later(schema, reference)
                arrived = _delivered([reference for _schema, reference in batch], timeout)
                last = max(when.timestamp() for when in arrived.values())
                waits["deliver"] += [arrived[ref].timestamp() - sent[ref] for ref in sent]
            else:
                started, markers = _noops(units, size, folder, rng)
                times = _ran(markers, timeout)
                last = max(times)
                waits["noop"] += [ran - started for ran in times]
            per_second[variant].append(size / (last - started))
            print(f"  batch {index + 1} {variant}: {per_second[variant][-1]:.1f} per second", flush=True)
    return {"batch_size": size, "per_second": per_second, "batch_waits": waits}


def _latency(args, units, officers, petitions, pairs, folder: Path, rng, today) -> dict[str, list[float]]:
    """One forward at a time, the worker otherwise idle, against one no-op at a time."""
    samples: dict[str, list[float]] = {"forward": [], "noop": []}
    for index in range(args.warmup + args.latency):
        for variant in rotation(("forward", "noop"), index):
            if variant == "forward":
                a, b = pairs[index]
                sender, receiver = units[a], units[b]
                reference = _forward(sender, officers[a], receiver, petitions[a].pop(), today)
                _delivered([reference], 120)
                with schema_context(sender.schema_name):
                    created = OutboxMessage.objects.get(reference=reference, seq=1).created_at
                with schema_context(receiver.schema_name):
                    received = InboxMessage.objects.get(reference=reference, seq=1).received_at
                value = (received - created).total_seconds()
            else:
                started, markers = _noops(units, 1, folder, rng)
                value = _ran(markers, 120)[0] - started
            if index >= args.warmup:
                samples[variant].append(value)
    return samples


def _purge(queue: str) -> None:
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)


def run(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    loads: dict[str, float] = {"before": load_average()}
    hold, work = f"bench-hold-{uuid.uuid4().hex[:8]}", f"bench-transfers-{uuid.uuid4().hex[:8]}"
    # The forwards' delivery tasks go to a queue no worker reads while the outboxes are filled;
    # the batches then send the same deliveries (the outbox rows are the truth) to the worker's.
    app.conf.task_always_eager, app.conf.task_default_queue = False, hold
    print(f"Migrating the bench database and onboarding {args.units} units…", flush=True)
    migrate()
    units, provinces, onboard_seconds = _onboard(args.units)
    connection.set_schema_to_public()
    today = timezone.localdate()
    officers = [_officer(unit) for unit in units]
    batch_pairs = _pairs(rng, units, args.warmup + args.transfers)
    latency_pairs = _pairs(rng, units, args.warmup + args.latency)
    needed = [0] * len(units)
    for a, _b in batch_pairs + latency_pairs:
        needed[a] += 1
    print(f"Registering {sum(needed)} petitions and writing {len(batch_pairs)} forwards…", flush=True)
    counter = iter(range(10**6))
    petitions = [
        [_petition(unit, officers[i], next(counter), today) for _ in range(needed[i])] for i, unit in enumerate(units)
    ]
    forwards = [
        (units[a].schema_name, _forward(units[a], officers[a], units[b], petitions[a].pop(), today))
        for a, b in batch_pairs
    ]
    connection.set_schema_to_public()
    _purge(hold)
    loads["after_setup"] = load_average()
    app.conf.task_default_queue = work
    folder = Path(tempfile.mkdtemp(prefix="bench-transfers-"))
    print(f"Worker of {args.concurrency} processes: {args.warmup} untimed deliveries and no-ops…", flush=True)
    worker = _worker(work, args.concurrency)
    try:
        warm = forwards[: args.warmup]
        for schema, reference in warm:
            deliver_later(schema, reference)
        _delivered([reference for _schema, reference in warm], 300)
        _ran(_noops(units, args.warmup, folder, rng)[1], 300)
        print(f"{args.transfers} deliveries in {args.batches} batches against as many no-ops…", flush=True)
        batches = _batches(args, units, forwards[args.warmup :], folder, rng)
        loads["after_batches"] = load_average()
        print(f"Latency: {args.latency} single forwards against as many single no-ops…", flush=True)
        latency = _latency(args, units, officers, petitions, latency_pairs, folder, rng, today)
        loads["after_latency"] = load_average()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    stats = {
        "latency_forward": Stats.of(latency["forward"]),
        "latency_noop": Stats.of(latency["noop"]),
        "batch_wait_deliver": Stats.of(batches["batch_waits"]["deliver"]),
        "batch_wait_noop": Stats.of(batches["batch_waits"]["noop"]),
    }
    rates = {variant: Stats.of(values) for variant, values in batches["per_second"].items()}
    broker = settings.CELERY_BROKER_URL.split("://")[0]
    return {
        "benchmark": "transfers",
        "date": today.isoformat(),
        "machine": {
            **machine_facts(server_facts(SERVER_FACTS)),
            "load_average": loads,
            "broker": broker,
            "broker_polling_seconds": settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("polling_interval")
            if broker == "filesystem"
            else None,
        },
        "options": options(args),
        "provinces": provinces,
        "onboard_seconds": onboard_seconds,
        "batch_size": batches["batch_size"],
        "per_second": {variant: asdict(value) for variant, value in rates.items()},
        "per_second_batches": batches["per_second"],
        "stats": {name: asdict(value) for name, value in stats.items()},
        "ratios": {
            "latency_forward_over_noop": ratios(stats["latency_forward"], stats["latency_noop"]),
            "noop_rate_over_deliver_rate": {"mean": rates["noop"].mean / rates["deliver"].mean},
        },
        "samples": {**latency, **{f"batch_wait_{k}": v for k, v in batches["batch_waits"].items()}},
    }
