"""Repeats benchmark: the cost of the repeat check at registration, in a province whose index holds 200,000 rows.

What is measured, in one run and on one database: ``core.petitions.services.petitions.petition_register``
of a complaint with one sender (the real service, one transaction each) in a commune of Hà Nội
(``00004``, Phường Ba Đình), with the repeat check on (``REPEAT_CHECK_ENABLED=True``: the sender's
keyed digest is stored and looked up among the province's other units, and any match recorded)
and off (the baseline: the same registration without it), the two variants alternating registration
by registration so that machine load touches them alike. Each payload is registered once; a share
of them (``--match-percent``, default 30) carry the identity number of a citizen already in the
index with a case of the same field at another unit, so the match path (pair recorded, units'
kinds read) is timed as well as the miss.

For each variant: mean, p50, p95 and max; the added cost (check on minus off) at p50 and mean; one
more registration per variant statement by statement (round trips, time in SQL); the lookup query's
``EXPLAIN (ANALYZE, BUFFERS)``.

Data: ``--rows`` (default 200,000) case-index rows of the province (``CaseIndexEntry``), spread over
its real units (the official list), fields from the catalogue, received over the last two years, a
third closed; each with one sender's ``CitizenKey`` — keyed digests of generated CCCD numbers
computed by ``core.caseindex.citizen_keys`` (a quarter of the citizens have two to four cases).
Bulk-loaded, then ``VACUUM (ANALYZE)``. Only the registering unit gets a schema: the index is public.

Database: ``tiepdan_bench_repeats`` (``--database``). Results: ``benchmarks/results/repeats-<date>.json``.

Run it: ``make bench BENCH=repeats ARGS="--quick"`` or ``.venv/bin/python -m benchmarks.repeats --help``.
"""
