"""Settings shared by every environment; environment differences come from variables.

Database: ``DATABASE_URL`` when set; otherwise the project-local embedded PostgreSQL that
``config.launcher`` starts (its socket lives in ``TIEPDAN_STATE_DIR/pgdata``).
Broker: ``CELERY_BROKER_URL`` when set; otherwise kombu's filesystem transport in
``TIEPDAN_STATE_DIR/broker``, which a separate worker process consumes like any broker.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE

from config import embedded_db

BASE_DIR = Path(__file__).resolve().parents[3]
env = environ.Env()

STATE_DIR = Path(env.str("TIEPDAN_STATE_DIR", default=str(BASE_DIR / ".tiepdan")))

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
# Master key from which each unit's key for sealed denouncer identities is derived. Keep it out of
# the database and back it up: without it sealed identities cannot be read (core/petitions/sealing.py).
SEAL_MASTER_KEY = env.str("TIEPDAN_SEAL_MASTER_KEY", default="dev-only-seal-key-change-me")
# Repeats across units (core/caseindex/citizen_keys.py): a sender is known to the public index only as
# HMAC-SHA256(secret, identity document). No default here: local.py and test.py set a dev one, and
# production refuses to start without it. During a rotation the previous secret stays configured (with
# its version) until ``manage.py caseindex_rekey`` has re-keyed every row (README, "Repeats across units").
CITIZEN_KEY_SECRET = env.str("TIEPDAN_CITIZEN_KEY_SECRET", default="")
CITIZEN_KEY_VERSION = env.int("TIEPDAN_CITIZEN_KEY_VERSION", default=1)
CITIZEN_KEY_PREVIOUS_SECRET = env.str("TIEPDAN_CITIZEN_KEY_PREVIOUS_SECRET", default="")
CITIZEN_KEY_PREVIOUS_VERSION = env.int("TIEPDAN_CITIZEN_KEY_PREVIOUS_VERSION", default=CITIZEN_KEY_VERSION - 1)
# The repeat check at registration (off: no keys stored, nothing looked up), and how long after a
# case closed at another unit a new petition of the same citizen and field still counts as a repeat.
REPEAT_CHECK_ENABLED = env.bool("TIEPDAN_REPEAT_CHECK", default=True)
REPEAT_RECENTLY_CLOSED_DAYS = env.int("TIEPDAN_REPEAT_RECENTLY_CLOSED_DAYS", default=365)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", ".localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

#
# Tenancy: one PostgreSQL schema per administrative unit (django-tenants).
#
# auth, contenttypes, sessions and accounts live at *both* levels: platform admins in the public
# schema, each unit's staff in its own schema. Keeping auth and sessions at the same level is what
# stops a session of unit A from authenticating as the same user id in unit B (django-tenants #52).
SHARED_APPS = [
    # tenants before django_tenants: its migrate/migrate_schemas commands extend django-tenants' ones.
    "tenants",
    "django_tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    # Swagger UI and Redoc served from our own static files, never a CDN.
    "drf_spectacular_sidecar",
    "django.contrib.postgres",
    "core.catalogue",
    "core.caseindex",
    "core.reports",
    "core.oversight",
    "core.accounts",
    "core.legal",
    # The forms of outgoing documents (the unit's register lives in core.documents, below).
    "core.documents.forms",
    # Where each transfer between units stands (the units' outboxes and inboxes live in core.transfers, below).
    "core.transfers.tracking",
    # Where each unit's hand-off to the national database stands (counts only; the records live in core.nationaldb).
    "core.nationaldb.status",
    # The register of units' signing certificates, which the public verification page trusts.
    "core.signing_registry",
    # The pages (templates and static files of web/); no models.
    "web",
    # Logins: failed-attempt lockouts (axes) and second factors (django-otp). Their tables live at both
    # levels, like auth: a platform admin's devices and lockouts in the public schema, each unit's in
    # its own schema, so unit A's failures can never lock unit B's account of the same name.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Their system checks (the policy's shape; the limiter's cache).
    "csp",
    "django_ratelimit",
    # The project package, for the commands that drive every app at once (seed_demo); no models.
    "config",
    # Operations: the worker's heartbeat, readiness checks, metrics, the log context (README, "Operations").
    "core.ops",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "core.accounts",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core.notifications",
    "core.petitions",
    "core.reception",
    "core.documents",
    "core.transfers",
    # Petitions citizens send online (the unit's form, Open311).
    "core.intake",
    # Open311 GeoReport v2: the unit's client applications and the requests they posted.
    "core.open311",
    # The unit's signing certificate (encrypted) and each issued PDF's signature.
    "core.signing",
    # The unit's export records for the national database (NĐ 55/2022) and their sync state.
    "core.nationaldb",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Unit"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# New units are cloned from this schema instead of replaying every migration (tech-notes §3.2);
# tenants.provisioning keeps it migrated.
TENANT_BASE_SCHEMA = "tenant_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
GET_EXECUTOR_FUNCTION = "django_tenants_smart_executor.load_executor"
# Processes `migrate` migrates unit schemas with (tenants.migration_runner; `--workers` overrides).
TENANT_MIGRATION_WORKERS = env.int("TENANT_MIGRATION_WORKERS", default=1)
# Transactions an onboarding job runs at once, each on a connection of its own and sharing the job's
# 4 units in flight (tenants.provisioning; always 1 on Citus). Two overlap PostgreSQL 16's fsync of
# each index; on 17+ a unit is CPU work, and one leaves the other cores to the officials' requests
# (deploy/README.md, "Onboarding speed").
ONBOARDING_WORKERS = env.int("TIEPDAN_ONBOARDING_WORKERS", default=1)
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Set the search_path once per connection and tenant instead of before every statement: it was
# half of a registration's round trips (benchmarks/README.md, "petitions").
TENANT_LIMIT_SET_CALLS = True
# Path prefix under which every unit's workspace is served on the platform's one hostname.
TENANT_PATH_PREFIX = "u"

ROOT_URLCONF = "config.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"

# web.middleware.InputHygieneMiddleware's refusals (a NUL byte in the address), per path prefix within
# a unit: each machine interface answers in the error format its clients read; pages get plain text.
INPUT_REFUSALS = {
    "/api/": "web.middleware.api_refusal",
    "/open311/": "api.open311.middleware.refusal",
}

MIDDLEWARE = [
    # First: the request id, metrics and log line of every request; /healthz, /readyz, /metrics.
    "web.ops.middleware.OpsMiddleware",
    "tenants.middleware.UnitRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise, so static files keep their long cache lifetime.
    "web.headers.ResponseHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "web.accounts.middleware.LanguageMiddleware",
    # After the language is chosen, so its refusals are in the user's language.
    # Open311's refusals at the edge, in GeoReport's error format (before the hygiene reads the form).
    "api.open311.middleware.Open311EdgeMiddleware",
    "web.middleware.InputHygieneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed a second factor.
    "django_otp.middleware.OTPMiddleware",
    "web.accounts.guards.SessionTimeoutMiddleware",
    "web.accounts.guards.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a lockout raised during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "platform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tenants.context_processors.current_unit",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

#
# Database
#
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    DATABASES = {"default": embedded_db.django_database(STATE_DIR, name=env.str("TIEPDAN_DB_NAME", default="tiepdan"))}
# Lets a test's worker process use the test database pytest-django created.
if env.str("DJANGO_DB_NAME", default=""):
    DATABASES["default"]["NAME"] = env.str("DJANGO_DB_NAME")
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# The backend under django-tenants' wrapper: Django's, whose schema editor makes no `_like` twin
# indexes (tenants/postgresql/base.py: fewer relations per unit schema).
ORIGINAL_BACKEND = "tenants.postgresql"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
# A kept connection is closed after serving this many unit schemas: a PostgreSQL backend keeps every
# relation's catalog entries it has opened (tenants/connections.py). 0: never; production sets it.
TIEPDAN_DB_CONN_MAX_SCHEMAS = env.int("TIEPDAN_DB_CONN_MAX_SCHEMAS", default=0)
# A request thread keeps ceil(units / this) connections, each for its own share of the units, so
# that each backend's catalog entries stay warm (tenants/connections.py). 0: one; production sets it.
TIEPDAN_DB_UNITS_PER_CONNECTION = env.int("TIEPDAN_DB_UNITS_PER_CONNECTION", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The online portal's inactive account: the permissions it needs to register, and no login.
    "core.intake.backends.PortalAccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("TIEPDAN_PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A unit's login page. Where signing in and out lead is set on the unit's own views
# (web.accounts), not here: the platform admin runs on a URL conf without the unit's pages.
LOGIN_URL = "accounts:login"

#
# Logins (README, "Security"): lockouts, second factor, sessions.
#
# Failed logins are counted per account and, separately, per client address, in the schema of the
# unit (or the platform) they were tried at; past the limit both stay locked for the cool-off time,
# or until the unit administrator (page "Khóa đăng nhập") or `manage.py login_unlock` unlocks them.
AXES_FAILURE_LIMIT = env.int("TIEPDAN_LOGIN_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Minutes; 0 keeps an account locked until someone unlocks it.
_login_cooloff_minutes = env.int("TIEPDAN_LOGIN_COOLOFF_MINUTES", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=_login_cooloff_minutes) if _login_cooloff_minutes else None
# Not reset on success: a login from the same address would also wipe the failures counted there
# against other accounts, and an insider could reset the count against a colleague's account.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "web.common.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "web.accounts.lockouts.lockout_response"
# The attempts table is what the lockout counts; the per-login access log would duplicate the audit.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Lockouts are managed on the unit's page and by `manage.py login_unlock`, not in the platform admin.
AXES_ENABLE_ADMIN = False
# Whether the proxy in front (nginx) is trusted to name the client in X-Forwarded-For: only
# production says so, where nginx is the only way in (web.common.clients).
TRUST_X_FORWARDED_FOR = False
# A session ends after this many minutes without a request, and in any case this many hours after
# the login (web.accounts.guards.SessionTimeoutMiddleware).
TIEPDAN_SESSION_IDLE_MINUTES = env.int("TIEPDAN_SESSION_IDLE_MINUTES", default=30)
TIEPDAN_SESSION_MAX_HOURS = env.int("TIEPDAN_SESSION_MAX_HOURS", default=10)
SESSION_COOKIE_AGE = TIEPDAN_SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
# Second factor: TOTP codes in an authenticator app, recovery codes for when the phone is lost.
OTP_TOTP_ISSUER = env.str("TIEPDAN_OTP_ISSUER", default="TiepDan")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
#: How many recovery codes an enrolment gives (each works once).
TIEPDAN_RECOVERY_CODES = 10

#
# Response headers (web.headers): a script policy without inline script, Permissions-Policy, no-store.
#
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Some pages still size bars with style attributes; no script can run from a style.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Redoc renders in a worker it builds from a blob.
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)
# Public lookup limiter (django-ratelimit): the cache is per schema (KEY_FUNCTION), so per unit.
RATELIMIT_USE_CACHE = "default"
# Development and tests run one process on the local-memory cache, which django-ratelimit rightly
# calls unshared; production uses Redis and keeps these checks (settings/production.py).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Open311: service requests one client application (API key) may post per unit (django-ratelimit rate).
OPEN311_POST_RATE = env.str("TIEPDAN_OPEN311_POST_RATE", default="60/h")

#
# Language and dates: Vietnamese by default whatever the browser asks for; English on request.
#
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Ours first (makemessages writes there), then our Vietnamese for the libraries' messages that their
# own catalogues lack; both win over the libraries' catalogues.
LOCALE_PATHS = [BASE_DIR / "platform" / "locale", BASE_DIR / "platform" / "locale_overrides"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = STATE_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "platform" / "static"]
MEDIA_ROOT = STATE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    # Files land under MEDIA_ROOT/<schema>/, so one unit's uploads never sit beside another's.
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        # Every key is prefixed with the current schema, so cached values cannot cross units.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}

#
# REST API
#
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous API call gets 401 with a WWW-Authenticate header.
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser", "api.parsers.FormParser", "api.parsers.MultiPartParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
        "api.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "TiepDan API",
    "DESCRIPTION": "API of a unit's workspace: citizen reception and petition handling.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Paths are relative to the unit's API root, which api/schema.py names as the server.
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation declares the errors api/exceptions.py answers (issue 11: the contract is true).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.error_responses"],
}

#
# Celery (tenant-schemas-celery carries the caller's schema in every message)
#
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = STATE_DIR / "broker"
    for _folder in ("queue", "control", "processed"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="tiepdan")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One entry per periodic job; each fans out one task per unit (core/petitions/tasks.py).
CELERY_BEAT_SCHEDULE = {
    # https://crontab.guru/#30_6_*_*_*
    "deadlines-daily-scan": {
        "task": "core.petitions.tasks.deadlines_scan_dispatch",
        "schedule": crontab(hour=6, minute=30),
    },
    # Transfers between units: re-queue any outbox message still waiting (a worker killed mid-delivery).
    "transfers-outbox-sweep": {
        "task": "core.transfers.tasks.outbox_sweep_dispatch",
        "schedule": 60.0,
    },
    # Messages to citizens: re-queue those waiting (a failed attempt whose time has come, a lost task).
    "citizen-messages-sweep": {
        "task": "core.notifications.tasks.citizen_messages_sweep_dispatch",
        "schedule": 60.0,
    },
    # Onboarding jobs whose worker was killed mid-job: queued again (tenants/tasks.py).
    "onboarding-resume": {
        "task": "tenants.tasks.onboarding_jobs_resume",
        "schedule": env.float("TIEPDAN_ONBOARDING_RESUME_SECONDS", default=60.0),
    },
    # National database hand-off: send what is due and read acknowledgements, in every unit with work.
    "nationaldb-sweep": {
        "task": "core.nationaldb.tasks.nationaldb_sweep_dispatch",
        "schedule": 60.0,
    },
    # The month counters follow corrected report period rules (queued on the change too; this
    # catches a lost message): two small reads when nothing changed.
    "caseindex-cuts-follow": {
        "task": "core.caseindex.tasks.rollups_cuts_follow",
        "schedule": crontab(hour=1, minute=15),
    },
    # Proves beat, broker, worker and database work: /readyz fails when it grows stale (core/ops).
    "ops-heartbeat": {
        "task": "core.ops.tasks.heartbeat",
        "schedule": env.float("TIEPDAN_HEARTBEAT_SECONDS", default=30.0),
    },
    # A no-op once the years exist; it keeps the calendar ahead as years pass without a deployment.
    "calendar-seed-ahead": {
        "task": "core.legal.tasks.calendar_seed_ahead",
        "schedule": crontab(hour=5, minute=0),
    },
}
# Test-only: seconds the delivery of a transfer waits between writing into the receiver's inbox and
# marking the sender's outbox, so a test can kill the worker there (tests/test_transfers_worker.py).
TRANSFERS_PAUSE_AFTER_INSERT = env.float("TIEPDAN_TRANSFERS_PAUSE_AFTER_INSERT", default=0)
# The hand-off to the national database of citizen reception and petitions (NĐ 55/2022), one adapter
# for the platform (docs/national-db.md): "filedrop" writes signed batches to FOLDER/<unit code>/ and
# reads the receiver's .ack files; "http" POSTs them to URL with the bearer TOKEN. The Ed25519 key
# signing the batches is generated at SIGNING_KEY on first use when missing (give it in production).
TIEPDAN_NATIONAL_DB = {
    "adapter": env.str("TIEPDAN_NATIONAL_DB_ADAPTER", default="filedrop"),
    "folder": env.str("TIEPDAN_NATIONAL_DB_FOLDER", default=str(STATE_DIR / "nationaldb" / "outbox")),
    "signing_key": env.str(
        "TIEPDAN_NATIONAL_DB_SIGNING_KEY", default=str(STATE_DIR / "nationaldb" / "signing-key.pem")
    ),
    "endpoint": env.str("TIEPDAN_NATIONAL_DB_URL", default=""),
    "token": env.str("TIEPDAN_NATIONAL_DB_TOKEN", default=""),
    "timeout": env.float("TIEPDAN_NATIONAL_DB_TIMEOUT", default=30.0),
    "max_attempts": env.int("TIEPDAN_NATIONAL_DB_MAX_ATTEMPTS", default=6),
    "batch_size": env.int("TIEPDAN_NATIONAL_DB_BATCH_SIZE", default=200),
    "backoff_seconds": env.float("TIEPDAN_NATIONAL_DB_BACKOFF_SECONDS", default=30.0),
}
# The working calendar is kept seeded from the holidays package this many years ahead of the current one; the
# deadline engine refuses to count into a year that is not seeded.
TIEPDAN_CALENDAR_YEARS_AHEAD = env.int("TIEPDAN_CALENDAR_YEARS_AHEAD", default=5)
# The oversight dashboard counts from the month counters kept with the case index (CaseMonthCount); False
# counts from the index's raw rows instead (same answer, slower: the benchmark's and tests' reference).
TIEPDAN_DASHBOARD_ROLLUPS = env.bool("TIEPDAN_DASHBOARD_ROLLUPS", default=True)

# LibreOffice for the PDF copies of documents, made by the worker; empty: soffice or libreoffice
# on PATH (core/documents/pdf.py).
DOCUMENTS_OFFICE = env.str("TIEPDAN_SOFFICE", default="")

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="tiepdan@localhost")
# Where people reach the platform: links in e-mails (administrator invitations) start with it,
# since the worker that sends some of them knows no request's host.
TIEPDAN_SITE_URL = env.str("TIEPDAN_SITE_URL", default="http://127.0.0.1:8000")
# Messages to citizens (README, "Telling citizens"): one adapter per channel, by dotted path. The
# default for SMS and Zalo sends nothing and marks the message "not sent (log only)".
TIEPDAN_EMAIL_PROVIDER = env.str("TIEPDAN_EMAIL_PROVIDER", default="core.notifications.providers.EmailProvider")
TIEPDAN_SMS_PROVIDER = env.str("TIEPDAN_SMS_PROVIDER", default="core.notifications.providers.LogOnlyProvider")
TIEPDAN_ZALO_PROVIDER = env.str("TIEPDAN_ZALO_PROVIDER", default="core.notifications.providers.LogOnlyProvider")
# Which channels a phone number gets: "sms", "zalo" or both.
TIEPDAN_PHONE_CHANNELS = env.list("TIEPDAN_PHONE_CHANNELS", default=["sms"])
TIEPDAN_CITIZEN_EMAIL_FROM = env.str("TIEPDAN_CITIZEN_EMAIL_FROM", default="")
TIEPDAN_CITIZEN_EMAIL_TIMEOUT = env.int("TIEPDAN_CITIZEN_EMAIL_TIMEOUT", default=30)
# A message that fails is tried again after 1, 2, 4… minutes (at most 6 hours), then given up.
TIEPDAN_CITIZEN_MESSAGE_ATTEMPTS = env.int("TIEPDAN_CITIZEN_MESSAGE_ATTEMPTS", default=8)
TIEPDAN_CITIZEN_MESSAGE_BACKOFF_SECONDS = env.int("TIEPDAN_CITIZEN_MESSAGE_BACKOFF_SECONDS", default=60)

#
# Operations (README, "Operations"): readiness, metrics, logs.
#
# /readyz fails when the worker's heartbeat (written every TIEPDAN_HEARTBEAT_SECONDS) is older than this.
TIEPDAN_HEARTBEAT_STALE_SECONDS = env.int("TIEPDAN_HEARTBEAT_STALE_SECONDS", default=120)
# How often one process re-counts the units whose schema is behind (the public schema: every probe).
TIEPDAN_READYZ_UNITS_SECONDS = env.int("TIEPDAN_READYZ_UNITS_SECONDS", default=300)
# /metrics: with a token, only "Authorization: Bearer <token>"; without, only from these networks.
TIEPDAN_METRICS_TOKEN = env.str("TIEPDAN_METRICS_TOKEN", default="")
TIEPDAN_METRICS_ALLOWED_IPS = env.list("TIEPDAN_METRICS_ALLOWED_IPS", default=["127.0.0.1/32", "::1/128"])
# The client tools for unit_backup/unit_restore; by default the first whose version is the server's.
TIEPDAN_PG_BIN_DIR = env.str("TIEPDAN_PG_BIN_DIR", default="")
# "json": one JSON object per line (production's default); "text": the readable line.
TIEPDAN_LOG_FORMAT = env.str("TIEPDAN_LOG_FORMAT", default="text")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "unit_context": {"()": "core.ops.logging.UnitContextFilter"},
    },
    "formatters": {
        # The unit's schema (the one that served the request, for lines written after it).
        "tenant": {"format": "%(asctime)s %(levelname)s [%(unit)s] %(name)s: %(message)s"},
        "json": {
            "()": "core.ops.logging.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(unit)s %(unit_code)s %(request_id)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["unit_context"],
            "formatter": "json" if TIEPDAN_LOG_FORMAT == "json" else "tenant",
        },
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # It warns on every schema it finds up to date.
        "django_tenants_smart_executor": {"level": "ERROR"},
        # It logs every login at INFO; failures and lockouts are what matter (WARNING).
        "axes": {"level": "WARNING"},
        # One line per request with its unit and request id (web/ops/middleware.py); runserver and
        # gunicorn log requests already, so it is on where logs are JSON (production).
        "tiepdan.requests": {"level": env.str("TIEPDAN_REQUEST_LOG_LEVEL", default="WARNING")},
    },
}
