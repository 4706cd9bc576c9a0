"""Settings for `make run` on a developer's machine."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A development secret for the citizens' keys of the repeat check; production has none (base.py).
CITIZEN_KEY_SECRET = env.str("TIEPDAN_CITIZEN_KEY_SECRET", default="dev-only-citizen-key-change-me")

# Serve static files straight from the source folders; no collectstatic needed in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Mail (administrator invitations…) is written to files in .tiepdan/mail/, one per message, so
# the worker's links are easy to find; DJANGO_EMAIL_BACKEND overrides it.
EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = STATE_DIR / "mail"  # noqa: F405
