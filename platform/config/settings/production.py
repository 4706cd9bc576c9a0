"""Settings for a real deployment (deploy/compose.yml): everything secret or site-specific comes from
the environment, and a missing DJANGO_SECRET_KEY stops the process instead of running insecurely."""

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
# Sealed denouncer identities are encrypted with keys derived from this; no default in production.
SEAL_MASTER_KEY = env.str("TIEPDAN_SEAL_MASTER_KEY")
# The repeat check's citizens' keys (base.py); no default in production either.
CITIZEN_KEY_SECRET = env.str("TIEPDAN_CITIZEN_KEY_SECRET")
# Empty by default: a forgotten setting answers 400 rather than trusting every Host header.
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Links in e-mails: by default the first trusted origin (https://tiepdan.example.gov.vn).
TIEPDAN_SITE_URL = env.str("TIEPDAN_SITE_URL", default=(CSRF_TRUSTED_ORIGINS or ["http://127.0.0.1:8000"])[0])

# TLS ends at nginx (or in front of it); nginx tells Django the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Overridable only so a plain-HTTP trial install can log in at all.
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=True)
# On by default (a year): a government system is reached over HTTPS only. A trial install on plain
# HTTP sets DJANGO_SECURE_HSTS_SECONDS=0 (and the two cookie settings above to false).
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
# nginx's health checks and the container's own reach Django over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# nginx (deploy/nginx.conf) is the only way in and appends the address it saw to X-Forwarded-For:
# the login lockout and the public lookup limiter count that address, not nginx's own, so one
# citizen cannot exhaust a unit's lookup budget for everyone behind the proxy.
TRUST_X_FORWARDED_FOR = env.bool("TIEPDAN_TRUST_X_FORWARDED_FOR", default=True)

# Persistent connections save a connect per request and keep their units' catalog caches warm (an age
# counts from the connect, not from the last use); health checks drop ones PostgreSQL closed.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A backend grows by the catalog entries of every unit schema it serves (0.25–0.5 MB each): each
# request thread keeps one connection per 150 units, a unit always on the same one, so that every
# backend holds about 150 units' entries, kept warm; a connection that has served 300 all the same
# (units added since the count) is closed (benchmarks/README.md, *connections*).
TIEPDAN_DB_UNITS_PER_CONNECTION = env.int("TIEPDAN_DB_UNITS_PER_CONNECTION", default=150)
TIEPDAN_DB_CONN_MAX_SCHEMAS = env.int("TIEPDAN_DB_CONN_MAX_SCHEMAS", default=300)

# Shared by every gunicorn and Celery process (locmem is per process); keys stay per schema.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("REDIS_URL", default="redis://127.0.0.1:6379/1"),
        "KEY_FUNCTION": CACHES["default"]["KEY_FUNCTION"],
        "REVERSE_KEY_FUNCTION": CACHES["default"]["REVERSE_KEY_FUNCTION"],
    }
}

# Redis is shared by every process, so django-ratelimit's error check applies again; its warning only
# says it tests django-redis rather than Django's own Redis backend (whose INCR is atomic all the same).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# `check --deploy` would also generate the OpenAPI schema and report its style warnings; the schema is
# checked by the API contract tests instead, so the deploy check stays about the deployment.
SPECTACULAR_SETTINGS = {**SPECTACULAR_SETTINGS, "ENABLE_DJANGO_DEPLOY_CHECK": False}  # noqa: F405

# e.g. smtp+tls://user:password@smtp.example.gov.vn:587 ; sets EMAIL_BACKEND, EMAIL_HOST, ...
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))

# Logs as JSON lines with the unit and the request id, one per request too (README, "Operations");
# TIEPDAN_LOG_FORMAT=text for the readable line.
if env.str("TIEPDAN_LOG_FORMAT", default="json") == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
    LOGGING["loggers"]["tiepdan.requests"]["level"] = env.str("TIEPDAN_REQUEST_LOG_LEVEL", default="INFO")  # noqa: F405

# Outside the source tree, so they can be volumes shared with nginx and the worker.
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default="/app/staticfiles")
MEDIA_ROOT = env.str("DJANGO_MEDIA_ROOT", default="/app/media")
