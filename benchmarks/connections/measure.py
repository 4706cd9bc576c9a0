"""The run: units, staff and keys; then, variant by variant (the recycling limit, 0 = off), a
gunicorn deployment under a bounded locust load on one unit and across all the units, with the
private memory of its database backends sampled every second."""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from django.db import connection
from django.utils import timezone

from benchmarks.connections.data import keys_issue, units_onboard
from benchmarks.harness.database import connect, migrate
from benchmarks.harness.machine import load_average, machine_facts, server_facts
from benchmarks.harness.results import options
from benchmarks.harness.stats import rotation
from tests.production import Stack, free_port, production_env, redis_flush

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).resolve().parent / "load" / "locustfile.py"
APPLICATION = "tiepdan-bench-web"
SERVER_FACTS = ("server_version", "shared_buffers", "work_mem", "max_connections")
MB = 1024 * 1024
# The access log's format in the deployment (``GUNICORN_CMD_ARGS`` overrides the config file's): the
# worker's pid and the path, so the bench can count the units each worker served.
ACCESS_FORMAT = "%(p)s %(U)s %(s)s"
ACCESS_LINE = re.compile(r"^<(?P<pid>\d+)> /u/(?P<code>[^/]+)/")


def private_bytes(pid: int) -> tuple[int, int] | None:
    """Private_Clean + Private_Dirty of process ``pid``: in all, and in PostgreSQL's dynamic shared
    memory segments (``/dev/shm/PostgreSQL.*``: the shared statistics live there since PostgreSQL 15;
    a page of it only this backend has mapped counts as its private, yet it stays when the backend
    exits). None if it has exited."""
    try:
        text = Path(f"/proc/{pid}/smaps").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    total = shm = 0
    in_shm = False
    for line in text.splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            size = int(line.split()[1]) * 1024
            total += size
            shm += size if in_shm else 0
        elif "-" in line.split(" ", 1)[0] and not line.endswith("kB"):  # a mapping's first line
            in_shm = "/dev/shm/" in line
    return total, shm


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of process ``pid`` (None if it has exited)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text.rsplit(")", 1)[1].split()  # after the command's name: state, ppid, … utime, stime
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (gunicorn's workers)."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []


class CpuClock:
    """The CPU time a set of processes spent between ``start`` and the last ``tick``; one that
    appears meanwhile counts from its birth."""

    def __init__(self) -> None:
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.started = False

    def tick(self, pids: list[int]) -> None:
        for pid in pids:
            value = cpu_seconds(pid)
            if value is not None:
                self.first.setdefault(pid, value if not self.started else 0.0)
                self.last[pid] = value
        self.started = True

    def seconds(self) -> float:
        return sum(self.last[pid] - self.first[pid] for pid in self.last)


def backends(conn: Any, database: str) -> list[int]:
    """The pids of the web processes' backends on ``database``."""
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name = %s", [database, APPLICATION]
        )
        return [pid for (pid,) in cursor.fetchall()]


class Sampler:
    """Every quarter second, the private memory of each web backend: the largest seen per pid, and the
    last. A recycled backend lives a few seconds; sampled often, its peak is seen to within a few %."""

    def __init__(self, database: str, web: int) -> None:
        self.database, self.web = database, web
        self.db_cpu, self.web_cpu = CpuClock(), CpuClock()
        self._conn = connect(database)  # the main thread's and then the sampling thread's, in turn
        self.peak: dict[int, int] = {}
        self.peak_own: dict[int, int] = {}  # without the dynamic shared memory (private_bytes)
        self.last: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def sample(self) -> dict[int, int]:
        now = {}
        pids = backends(self._conn, self.database)
        self.db_cpu.tick(pids)
        self.web_cpu.tick(children(self.web))
        for pid in pids:
            sizes = private_bytes(pid)
            if sizes is not None:
                size, shm = sizes
                now[pid] = size
                self.peak[pid] = max(size, self.peak.get(pid, 0))
                self.peak_own[pid] = max(size - shm, self.peak_own.get(pid, 0))
        self.last = now
        return now

    def _loop(self) -> None:
        while not self._stop.wait(0.25):
            self.sample()

    def __enter__(self) -> Sampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
        self._conn.close()

    def figures(self) -> dict[str, Any]:
        return {
            "backends_seen": len(self.peak),
            "backend_pids": sorted(self.peak),
            "peak_mb": max(self.peak.values(), default=0) / MB,
            "peak_own_mb": max(self.peak_own.values(), default=0) / MB,
            "end_mb": sorted(value / MB for value in self.last.values()),
            "db_cpu_seconds": self.db_cpu.seconds(),
            "web_cpu_seconds": self.web_cpu.seconds(),
        }


def units_served(log: Path, offset: int) -> tuple[int, dict[str, list[str]]]:
    """The units each gunicorn worker (by pid) served in the access lines written to ``log`` after
    ``offset``, and the offset after the last whole line."""
    with log.open("rb") as file:
        file.seek(offset)
        data = file.read()
    data = data[: data.rfind(b"\n") + 1]
    by_worker: dict[str, list[str]] = {}
    for line in data.decode(errors="replace").splitlines():
        match = ACCESS_LINE.match(line)
        if match:
            by_worker.setdefault(match["pid"], []).append(match["code"])
    return offset + len(data), by_worker


def _number(text: str) -> float:
    return float("nan") if text == "N/A" else float(text)  # locust's figure of no request


def locust(args: argparse.Namespace, base: str, keys: Path, units: int, seconds: int, folder: Path) -> dict[str, Any]:
    """A headless locust run of ``args.users`` users without waits; its aggregated figures."""
    prefix = folder / f"locust-{units}-{time.monotonic_ns()}"
    env = {**os.environ, "BENCH_CONN_KEYS": str(keys), "BENCH_CONN_UNITS": str(units)}
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "--users", str(args.users), "--spawn-rate", str(args.users), "--run-time", f"{seconds}s",
        "--host", base, "--csv", str(prefix), "--loglevel", "WARNING", "--stop-timeout", "10",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 120)
    rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").read_text(encoding="utf-8").splitlines()))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    figures = {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "per_second": _number(total["Requests/s"]),
        "p50_ms": _number(total["50%"]),
        "p95_ms": _number(total["95%"]),
        "p99_ms": _number(total["99%"]),
        "mean_ms": _number(total["Average Response Time"]),
        "by_name": {
            row["Name"]: {"requests": int(row["Request Count"]), "p50_ms": _number(row["50%"])}
            for row in rows
            if row["Name"] != "Aggregated"
        },
    }
    if figures["failures"] or figures["requests"] == 0:
        raise RuntimeError(f"locust: {figures}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return figures


def _database_url() -> str:
    """The bench database's URL (the server of ``DATABASES["default"]``, a socket folder too), its
    connections named ``APPLICATION``."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    query = urlencode({"application_name": APPLICATION})
    if (db["HOST"] or "").startswith("/"):  # a socket folder (the embedded server): django-environ's form
        return f"postgres://{credentials}@/{db['HOST']}/{quote(db['NAME'], safe='')}?{query}"
    host = quote(db["HOST"] or "127.0.0.1", safe="") + (f":{db['PORT']}" if db["PORT"] else "")
    return f"postgres://{credentials}@{host}/{quote(db['NAME'], safe='')}?{query}"


def _served_line(served: dict[str, dict[str, int]]) -> str:
    return ", ".join(f"{pid}: {w['units']} units in {w['requests']} requests" for pid, w in served.items())


def deployment_run(args: argparse.Namespace, limit: int, keys: Path, units: int) -> dict[str, Any]:
    """One gunicorn deployment with the recycling ``limit``: warm-up, one unit, then all ``units``."""
    database = connection.settings_dict["NAME"]
    folder = Path(tempfile.mkdtemp(prefix="bench-connections-"))
    port = free_port()
    redis_flush(args.redis)
    env = production_env(
        port=port, redis=args.redis, folder=folder, queue="bench-connections",
        DATABASE_URL=_database_url(), DJANGO_DB_NAME=database,
        GUNICORN_WORKERS=str(args.workers), GUNICORN_MAX_REQUESTS="0",
        DJANGO_CONN_MAX_AGE=str(args.conn_max_age), TIEPDAN_DB_CONN_MAX_SCHEMAS=str(limit),
        TIEPDAN_DB_UNITS_PER_CONNECTION=str(args.units_per_connection if limit else 0),
        GUNICORN_CMD_ARGS=f"--access-logformat '{ACCESS_FORMAT}'",
    )  # fmt: skip
    stack = Stack(db_name=database, db_params={}, env=env, base=f"http://127.0.0.1:{port}", folder=folder)
    result: dict[str, Any] = {
        "limit": limit,
        "units_per_connection": args.units_per_connection if limit else 0,
        "load_before": load_average(),
    }
    try:
        stack.serve(port)
        if args.warmup:
            locust(args, stack.base, keys, 1, args.warmup, folder)
        with Sampler(database, stack.processes["web"].pid) as sampler:
            result["memory_start"] = sampler.figures()
        log = Path(stack.logs[0].name)
        offset = units_served(log, 0)[0]  # after the warm-up
        # Per worker: the distinct units served in the two passes across all the units together,
        # what its backend (recycling off) or its successive backends (on) have served at the end.
        across: dict[str, set[str]] = {}
        # "many" is the first pass across the units (cold catalog caches in every backend), "again"
        # the next one: the steady state, which the goal compares with one unit.
        for phase, count in (("one", 1), ("many", units), ("again", units)):
            with Sampler(database, stack.processes["web"].pid) as sampler:
                result[phase] = locust(args, stack.base, keys, count, args.seconds, folder)
            result[f"memory_{phase}"] = sampler.figures()
            offset, served = units_served(log, offset)
            result[f"served_{phase}"] = {
                pid: {"requests": len(codes), "units": len(set(codes))} for pid, codes in sorted(served.items())
            }
            if count > 1:
                for pid, codes in served.items():
                    across.setdefault(pid, set()).update(codes)
            memory, requests = result[f"memory_{phase}"], result[phase]["requests"]
            db_ms, web_ms = (1000 * memory[f"{side}_cpu_seconds"] / requests for side in ("db", "web"))
            print(
                f"    {phase:>5} ({count} units): {result[phase]['per_second']:.1f} requests/s, "
                f"p50 {result[phase]['p50_ms']:.0f} ms, p95 {result[phase]['p95_ms']:.0f} ms; backends' peak "
                f"{memory['peak_mb']:.0f} MB, {memory['peak_own_mb']:.0f} MB outside /dev/shm "
                f"({memory['backends_seen']} backends); CPU per request: database "
                f"{db_ms:.1f} ms, web {web_ms:.1f} ms",
                flush=True,
            )
            print(f"          units served per worker: {_served_line(result[f'served_{phase}'])}", flush=True)
        result["served_all_units"] = {pid: len(codes) for pid, codes in sorted(across.items())}
        print(f"    units served per worker in both passes: {result['served_all_units']}", flush=True)
    finally:
        stack.stop()
        shutil.rmtree(folder, ignore_errors=True)
    result["load_after"] = load_average()
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    loads: dict[str, float] = {"before": load_average()}
    if not args.reuse:
        print("Migrating the bench database…", flush=True)
        migrate()
    print(f"Onboarding {args.units} units (those already there are kept)…", flush=True)
    units, provinces, onboard_seconds = units_onboard(args.units)
    print("A staff member and an API key in each…", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-connections-keys-"))
    keys = folder / "keys.json"
    keys.write_text(json.dumps(keys_issue(units)), encoding="utf-8")
    connection.close()
    limits = [0, *args.limits]
    runs = []
    try:
        for index in range(args.rounds):
            for limit in rotation(limits, index):
                label = f"after {limit} schemas" if limit else "off"
                if limit and args.units_per_connection:
                    label += f", {args.units_per_connection} units per connection"
                print(f"Round {index + 1}, recycling {label}:", flush=True)
                runs.append(deployment_run(args, limit, keys, len(units)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    loads["after"] = load_average()
    return {
        "benchmark": "connections",
        "date": timezone.localdate().isoformat(),
        "machine": {**machine_facts(server_facts(SERVER_FACTS)), "load_average": loads},
        "options": options(args),
        "provinces": provinces,
        "onboard_seconds": onboard_seconds,
        "units": len(units),
        "runs": runs,
    }
