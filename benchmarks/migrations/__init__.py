"""Migrations benchmark: a no-op ``migrate`` at 100 to 1,000+ unit schemas, and a real migration.

What is measured, in one run and on one bench database:

* **no-op**: ``manage.py migrate --noinput -v 0`` when every schema is at head, as a whole process
  (start-up and system checks included, as an operator or a deployment runs it), at each size of
  ``--steps``; the baseline is the command as it was before (django-tenants' ``migrate_schemas``
  with ``django_tenants_smart_executor``, then the template: ``benchmarks.migrations.baseline``),
  run in the same step on the same schemas. The plan alone (``tenants.migration_plan``, in
  process) is timed as well.
* **real**: a scratch tenant app (``benchmarks.migrations.scratch``: a column and an index on
  ``petitions_petition``) pending in ``--real`` unit schemas (recorded as applied in the others),
  applied by ``migrate --workers 1`` and ``--workers 2``, and by the baseline; between variants
  the column, the index and the records are removed again (untimed).

Data: unit schemas made from the migrated template schema by ``CREATE TABLE … (LIKE …
INCLUDING ALL)`` for each of its tables, its migration records copied, and a registry row each
(bulk): the same relations per schema as onboarding makes (foreign keys aside), in seconds
rather than hours.
"""
