"""Dashboard benchmark: the inspectorate's province summary over the public case index, at 1,000 units.

What is measured, in one run and on one database holding ``--units`` units (default 1,000) of
``--per-unit`` petitions each (default 200), for one province (``--province``, default Thái
Nguyên, 19, 106 units) and one report period (``--period``, default the current reporting year,
15 December to 14 December):

* ``d`` (dashboard): ``core.oversight.selectors.province_dashboard(unit=<the province's
  inspectorate>, period=<Period>, today=<today>)`` then ``units_sorted``, called as the dashboard
  views call them, inside the inspectorate's schema (``PP-TTR``) as an inspector's request runs.
  It reads only the public, PII-free tables: per unit, petitions received in the period by type,
  field, channel and status (``CaseIndexEntry``, GROUPING SETS), processed in the period by type,
  field, channel and outcome (``CaseEvent``), overdue and near-due counts as of today, and
  resolutions with the on-time ones (``CaseEvent``); the province's units from the registry; and
  the citizen-reception figures (the bench has no reception data, and ``a``/``b`` do not compute
  them, so the comparison leaves them out).
* ``a`` (the limit): the same question asked of plain tables with the same rows and the same
  indexes and no tenancy at all (``public.bench_shared`` and ``public.bench_shared_events``, made by
  ``CREATE TABLE … AS SELECT`` from the case index and the case events), by the same SQL
  statements written raw, on a plain psycopg2 connection (no django-tenants, no ORM), folded by the
  same Python code (``selectors.figures_fold``).
* ``b`` (per-unit loop): for each unit of the province, ``schema_context`` and the same four
  aggregates over its own ``petitions_petition``, ``petitions_petitionevent`` and
  ``petitions_deadline`` (raw SQL through the tenant connection, one cursor per unit), combined in
  Python.
* for information, ``a_sql`` (``a``'s statements and fetches alone), ``d_reception`` (the
  reception part of ``d`` alone), and, after the rest, ``d_page``: the dashboard page
  (``web.oversight``, ``/u/<PP>-TTR/thanh-tra/?period=…``) through Django's test client as a
  signed-in inspector, alternating with ``d`` (``--pages`` requests; 0 skips it).
* with ``--pages``, the rollups part (``rollups.py``, issue 13 item 3), for the current quarter and
  the year: the page (``page``) against the very same page with its per-unit figures asked of the
  plain shared tables (``page_plain``, the HTML checked equal), the page without the month
  counters, ``a`` and ``d``; then the write path with and without the counters' upkeep, as bare
  index writes and as the petition services' register and classify steps.

The three answers (every figure of every unit, and the province's sum) are compared and must be
equal. Each method runs ``--repeats`` times (default 30) after ``--warmup`` untimed rounds
(default 2); the order of the methods rotates every round, so machine load affects them alike.
Reported: mean, p50, p95 and max, the ratios d/a (goal ≤ 1.5) and b/d (goal ≥ 30), the round trips
of each method, and ``EXPLAIN (ANALYZE, BUFFERS)`` of the SQL of ``d`` and ``a``. The state of
``core/oversight/selectors.py`` (hash, functions) is recorded when measuring starts and at the end.

Data: real units from the official list (``tenants.catalogue.province_units``): the measured
province first, then other whole provinces in the catalogue's order, the last one cut to reach
``--units``. Every unit gets a new connection, with ``benchmarks.onboarding.provision.catalogs_analyze()``
every 20 units (README.md, findings 2 and 3). The measured province's units (all those ``d``
lists and ``b`` visits) are onboarded with ``tenants.provisioning.unit_provision`` (schema cloned
from the template by django-tenants' ``clone_schema()``); the others are registered with
``unit_register`` and get their schema from one plain-DDL script generated from the template
(``schemas.copy_script``: ``CREATE TABLE … (LIKE … INCLUDING ALL)``, the template's rows, identity
sequences, foreign keys), then roles and activation as ``unit_provision`` does, because
``clone_schema()`` falls into a slow mode (about 30 s per unit at about 190 schemas under load)
that makes 1,000 clones take hours. ``--provision all`` clones every unit. Both kinds of schema
are checked to hold the same relations and constraints. Each unit then gets one user (the
registering officer), ``--per-unit`` petitions bulk-inserted into its ``petitions_petition``
(types, channels, fields, received dates over two years weighted to recent months, statuses that
depend on the age, due dates), their events (registration, classification, outcome, acceptance,
decision or answer, closing) and resolution clocks (``petitions_deadline``), then ``ANALYZE`` of
those three tables; no citizens, signers or texts beyond a short subject and summary. The
matching public rows go into ``CaseIndexEntry`` (same case ids, statuses, types, dates and due
dates) and ``CaseEvent`` (one per event, with ``on_time`` for decisions and answers). Then
``VACUUM (ANALYZE)`` of the public tables and their plain copies.

Database: ``tiepdan_bench_dashboard`` (``--database``); ``--reuse`` measures again on a database kept
with ``--keep``, without setting it up. Results: ``benchmarks/results/dashboard-<date>.json``
(``…-u<units>x<per-unit>`` for other sizes).

Run it: ``make bench BENCH=dashboard ARGS="--quick"`` or ``.venv/bin/python -m benchmarks.dashboard --help``.
"""
