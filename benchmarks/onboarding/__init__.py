"""Onboarding benchmark: creating a unit's schema by cloning the template vs replaying migrations.

What is measured, per unit, in one run and on one database:

* ``clone``: ``tenants.provisioning.unit_provision`` as configured (``TENANT_BASE_SCHEMA`` +
  ``TENANT_CREATION_FAKES_MIGRATIONS=True``): the template schema is cloned, then the migrations
  are recorded as applied (faked);
* ``migrations``: the same ``unit_provision`` with ``TENANT_CREATION_FAKES_MIGRATIONS=False``:
  ``CREATE SCHEMA`` then ``migrate_schemas`` replays every tenant migration.

Two timings are taken for every unit: the whole ``unit_provision`` call (registry row, schema,
role groups, activation; the "provision" figures) and ``Unit.create_schema`` alone (the "schema"
figures). The two methods alternate unit by unit (clone first for even units, migrations first
for odd ones), so drift such as the growing catalogue affects both alike.

Each unit gets a new database connection by default (``--connection unit``; connecting is not
timed). A PostgreSQL session gets slower with every schema it creates, whatever the method, which
would hide the cost of the method itself; ``--connection run`` keeps one connection for the whole
run, as an onboarding job in the worker did before it closed its connection after each unit (see
README.md).

``--analyze-every N`` re-analyses the system catalogs (``tenants.provisioning.catalogs_analyze``, as
``onboarding_job_run`` does every ``CATALOG_ANALYZE_EVERY`` units) before every Nth unit of each
method, counting the warm-up units and starting with the first one. The ANALYZE runs outside the
unit's timing, on the public schema and outside any transaction; its durations are recorded
apart. The default, 0, never analyses (the behaviour before that mitigation).

Data: real units from the official list (``tenants.catalogue``); the clone method takes Lạng Sơn's
(province 20, 80 units), the migrations method Cao Bằng's (province 04, 71 units), and further
provinces when ``--units`` asks for more. Each method creates ``--units`` brand-new schemas
(default 50) after ``--warmup`` untimed ones (default 1). Also reported: the number of tenant
migrations replayed and the relations (tables, indexes, sequences…) in one unit schema.

Database: ``tiepdan_bench`` (``--database``). Results: ``benchmarks/results/onboarding-<date>.json``
(``…-connection-run`` with ``--connection run``, ``…-analyze<N>`` with ``--analyze-every N``).

Run it: ``make bench ARGS="--units 50"`` or ``.venv/bin/python -m benchmarks.onboarding --help``.
"""
