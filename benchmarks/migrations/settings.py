"""The test settings plus the benchmark's scratch tenant app (a migration pending everywhere)."""

from config.settings.test import *  # noqa: F403
from config.settings.test import INSTALLED_APPS, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, "benchmarks.migrations.scratch"]
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.migrations.scratch"]
