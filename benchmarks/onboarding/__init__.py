"""Onboarding benchmark: a unit's schema made by the template's DDL script vs django-tenants' clone.

What is measured, per unit, in one run and on one database (``benchmarks.onboarding.provision``):

* ``script``: what ``tenants.provisioning.unit_provision`` does, the schema made by the script of
  ``tenants.schema_script``;
* ``clone`` (the baseline): django-tenants' ``clone_schema()`` of ``TENANT_BASE_SCHEMA``, then the
  migrations recorded as applied, as onboarding did before the script, after a catalog ANALYZE
  every ``--analyze-every`` (20) clones, untimed, as the job did then;
* ``migrations`` (``--methods script,clone,migrations``): ``CREATE SCHEMA`` then every tenant
  migration replayed.

Two timings per unit: the whole ``units_provision`` call for one unit (registry row, schema, roles,
audit entry, activation: "provision") and making the schema alone ("schema"). Each unit gets a new
connection by default (``--connection run`` keeps one for the whole run).

Phases: ``start``, the methods alternating unit by unit over ``--units`` province-level bodies
each (after ``--warmup``); ``job_baseline``, ``--baseline-units`` other bodies onboarded by the
real job as it ran before (one transaction at a time, 4 units each); ``communes``, ``--communes``
communes onboarded by the real job (``onboarding_job_run``, ``ONBOARDING_WORKERS`` transactions
at once, ``onboarding_batch`` units each; a unit's latency = its batch's time / its units, and
the job's wall time / its units); ``fill``, schemas made by the script alone until ``--grow-to``
exist (the official list has 3,821 units); ``end``, the methods alternating again over
``--end-units`` bodies each. ``--full`` sets 100 / 150 / 3,321 / 4,000 / 50. Reported: mean, p50,
p95, max, units over 1 s, growth per 1,000 schemas (Theil–Sen) and a table by 500 schemas; whether
each method's unit has the template's relations.

Database: ``tiepdan_bench`` (``--database``). Results:
``benchmarks/results/onboarding-<date>[-<methods>][-<N>-schemas].json``.

Run it: ``make bench ARGS="--units 50"``, ``make bench ARGS="--full"`` or
``.venv/bin/python -m benchmarks.onboarding --help``.
"""
