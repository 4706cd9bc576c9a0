"""A tenant app that exists only for tests/tenants/test_migrations_at_scale.py (its settings module
adds it): two migrations, the second of which fails in the schema named by ``SCRATCH_FAIL_SCHEMA``."""
