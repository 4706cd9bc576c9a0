"""gunicorn settings for the `web` service; sizes come from the environment so one image fits any host."""

import os

bind = "0.0.0.0:8000"
# cpu_count() inside a container reports the host's CPUs, not the container's share: size explicitly.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Long enough for a large attachment upload or export, short enough to recycle a stuck worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycling workers now and then bounds the damage of a slow memory leak; not too often, since a
# worker's end closes its database connections and their units' warm catalog caches with them.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 100
# The heartbeat file on an overlay filesystem can stall workers; /dev/shm is memory.
worker_tmp_dir = "/dev/shm"

# Only nginx reaches port 8000 (it is not published), so its X-Forwarded-* headers can be trusted.
forwarded_allow_ips = "*"

# Containers log to stdout; the client address is nginx's, so log X-Forwarded-For instead.
# The path without its query string (%(U)s, not the request line %(r)s) and no referer: staff
# searches by a citizen's name or identity number travel in query strings, which must not end up
# in access logs.
accesslog = "-"
errorlog = "-"
access_log_format = '%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(M)sms'

# Prometheus (core/ops/metrics.py): with PROMETHEUS_MULTIPROC_DIR set (deploy/.env.example), every
# worker writes its counters there and /metrics adds them up. The folder starts empty, and a worker
# that exits is marked dead so its live gauges stop counting.


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
