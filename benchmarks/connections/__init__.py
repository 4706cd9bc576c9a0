"""Connections and memory: a database backend's private memory and the throughput of the API when
one gunicorn deployment serves 1 unit vs 1,000 units, with the connection recycling of
``tenants/connections.py`` off (the baseline) and on, in the same run.

The deployment is the production one (``config.settings.production`` under gunicorn with
deploy/gunicorn.conf.py, Redis as the cache, PostgreSQL on 127.0.0.1), started as the production
smoke test starts it (``tests/production.py``). The load is bounded: locust, headless, with a fixed
number of users and no wait, each request a GET of ``/u/<code>/api/v1/me/`` or of the unit's
petition list with the unit's API key. The variants alternate gunicorn run by gunicorn run; in each
run: a warm-up on one unit, then ``--seconds`` on one unit, then twice ``--seconds`` across all the
units (each request a random unit): the first pass fills every backend's catalog caches, the second
is the steady state, compared with one unit. The backends of the web processes (``application_name``
``tiepdan-bench-web``) are found in ``pg_stat_activity``; their private memory
(``Private_Clean + Private_Dirty`` of ``/proc/<pid>/smaps_rollup``, so the process reading it must
be the server's user or root) and their CPU time, and the gunicorn workers' CPU time, are sampled
four times a second.

``--keep`` keeps the database (units, staff); ``--reuse`` measures again in it.
"""
