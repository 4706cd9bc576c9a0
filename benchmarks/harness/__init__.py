"""What every benchmark shares.

* ``cli``: the command line (sizes with ``--quick`` values, ``--database``, ``--keep``, ``--output``)
  and the run around a benchmark: bench database recreated, Django set up, results printed and
  written, database dropped;
* ``database``: the bench database on the server of ``DATABASES["default"]`` (so ``DATABASE_URL``'s);
* ``stats``: timing, statistics (mean, p50, p95…), ratios to a baseline, the rotation of variants;
* ``machine``: the machine, server settings and load averages a result depends on;
* ``results``: the JSON files in ``benchmarks/results/``;
* ``sql``: captured statements, per-statement timings, ``EXPLAIN (ANALYZE, BUFFERS)``;
* ``units``: real units from the official list, province by province;
* ``generate``: the weights and helpers of generated petitions;
* ``pages``: timing a unit's page through Django's test client, not only the selector behind it.

Nothing here imports Django models at import time: a benchmark's ``__main__`` parses its
arguments and names its database before ``django.setup()``.
"""
