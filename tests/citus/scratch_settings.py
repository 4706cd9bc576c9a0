"""The test settings plus a tenant app with one migration pending in every unit (tests/citus)."""

from config.settings.test import *  # noqa: F403
from config.settings.test import INSTALLED_APPS, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, "tests.citus.scratch"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.citus.scratch"]
