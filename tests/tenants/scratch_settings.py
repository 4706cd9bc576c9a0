"""The test settings plus a tenant app whose migrations are pending in every schema (and fail in
one on request): how tests/tenants/test_migrations_at_scale.py makes a real migration to run."""

from config.settings.test import *  # noqa: F403
from config.settings.test import INSTALLED_APPS, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, "tests.tenants.scratch_migrations"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.tenants.scratch_migrations"]
