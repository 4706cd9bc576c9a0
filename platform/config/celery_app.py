"""The Celery app. ``CeleryApp`` puts the caller's schema in every message and the worker switches
to it before the task runs, so a task always executes in the unit that queued it."""

import os

from tenant_schemas_celery.app import CeleryApp

# Same default as wsgi.py: `config` is imported (and this runs) before wsgi.py can choose.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = CeleryApp("tiepdan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
