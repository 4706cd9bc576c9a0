"""The Celery app. ``CeleryApp`` puts the caller's schema in every message and the worker switches
to it before the task runs, so a task always executes in the unit that queued it."""

from tenant_schemas_celery.app import CeleryApp

# No DJANGO_SETTINGS_MODULE default here: this module runs whenever `config` is imported, before
# manage.py, wsgi.py or the launcher could choose. Workers get it from their environment.

app = CeleryApp("tiepdan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
