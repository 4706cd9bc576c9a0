"""With these settings, tests run faster.

Celery runs eagerly by default; tests marked ``worker`` switch eager mode off and talk to a real
worker process through the real broker.
"""

from .base import *  # noqa: F403
from .base import env

CITIZEN_KEY_SECRET = env.str("TIEPDAN_CITIZEN_KEY_SECRET", default="test-only-citizen-key")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
if CELERY_BROKER_URL == "filesystem://":  # noqa: F405
    # The worker tests wait for every message: kombu's 1 s poll of the folder would add up to a
    # second to each (Redis, as in CI, pushes them).
    CELERY_BROKER_TRANSPORT_OPTIONS["polling_interval"] = 0.1  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A worker test gives its worker process the test's own SMTP server (tests/test_citizen_messages_worker.py).
if env.str("TIEPDAN_TEST_EMAIL_URL", default=""):
    vars().update(env.email_url("TIEPDAN_TEST_EMAIL_URL"))
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# The national database hand-off of tests (their workers included) drops its batches apart from make run's.
TIEPDAN_NATIONAL_DB = {
    **TIEPDAN_NATIONAL_DB,  # noqa: F405
    "folder": str(STATE_DIR / "test-nationaldb" / "outbox"),  # noqa: F405
    "signing_key": str(STATE_DIR / "test-nationaldb" / "signing-key.pem"),  # noqa: F405
}
