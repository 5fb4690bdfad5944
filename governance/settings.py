"""Tavazon settings: one module, every deployment value read from the environment.

Defaults are safe for development and embedded use (SQLite, Celery tasks run eagerly or over the
filesystem transport); production values come from the environment (see docker-compose.yml).
"""

from __future__ import annotations

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from governance.envvars import env_bool, env_int

BASE_DIR = Path(__file__).resolve().parent.parent

# Strings, lists and URLs through django-environ; booleans and integers through env_bool and
# env_int, which refuse a value they cannot read (django-environ reads `ture` as False).
env = environ.Env()

DEBUG: bool = env_bool("DEBUG", default=True)


def _secret_key() -> str:
    """SECRET_KEY, else the contents of the file named by SECRET_KEY_FILE (`make run` keeps one
    under var/); a development key only while DEBUG is on. Production without a key of 50+
    characters fails loudly."""
    key = env.str("SECRET_KEY", default="")
    key_file = env.str("SECRET_KEY_FILE", default="")
    if not key and key_file:
        key = Path(key_file).read_text(encoding="utf-8").strip()
    if not key and DEBUG:
        return "dev-only-insecure-key-do-not-use-in-production"
    if not key:
        raise environ.ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE) when DEBUG=False.")
    if not DEBUG and len(key) < 50:
        raise environ.ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
    return key


SECRET_KEY: str = _secret_key()

ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_htmx",
    "governance",
    "counties",
    "projects",
    "scores",
    "participation",
    "submissions",
    "dashboards",
    "reports",
    "notifications",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "governance.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and API answers gzipped (5-8x smaller; static files are compressed by WhiteNoise,
    # boundaries by their view). Django masks the CSRF token per response and pads the gzip
    # stream at random against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "governance.middleware.RejectNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "governance.middleware.UserLanguageMiddleware",
    "governance.middleware.ProfileTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "governance.urls"
WSGI_APPLICATION = "governance.wsgi.application"
AUTH_USER_MODEL = "governance.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "governance.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("CONN_MAX_AGE", default=0, minimum=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the embedded Celery worker write while the web server reads.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "governance.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AXES_FAILURE_LIMIT: int = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME: int = env_int("AXES_COOLOFF_HOURS", default=1, minimum=0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Stored datetimes are UTC. Pages, tasks and commands count "today" and show moments in the
# country profile's time zone (governance.country, ProfileTimeZoneMiddleware); TIME_ZONE is only
# the fallback outside them, and the clock of Celery beat's schedule (CELERY_TIMEZONE below).
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Mail (invitations to set a password, governance/invitations.py): EMAIL_URL names the server,
# e.g. smtp+tls://user:password@mail.example.org:587; the default prints mails to the console.
_email: dict[str, object] = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = str(_email["EMAIL_BACKEND"])
EMAIL_HOST = str(_email.get("EMAIL_HOST") or "localhost")
EMAIL_PORT = int(str(_email.get("EMAIL_PORT") or 25))
EMAIL_HOST_USER = str(_email.get("EMAIL_HOST_USER") or "")
EMAIL_HOST_PASSWORD = str(_email.get("EMAIL_HOST_PASSWORD") or "")
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
EMAIL_TIMEOUT: int = env_int("EMAIL_TIMEOUT", default=30, minimum=1)
DEFAULT_FROM_EMAIL: str = env.str("DEFAULT_FROM_EMAIL", default="Tavazon <tavazon@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as people reach it: the links in mails start with it.
SITE_URL: str = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Flagship projects (docs/projects.md): when a project counts as stale or delayed, and what
# evidence and public feedback are accepted.
PROJECT_STALE_DAYS: int = env_int("PROJECT_STALE_DAYS", default=30, minimum=0)
PROJECT_DELAY_TOLERANCE_DAYS: int = env_int("PROJECT_DELAY_TOLERANCE_DAYS", default=30, minimum=0)
PROJECT_EVIDENCE_MAX_BYTES: int = env_int(
    "PROJECT_EVIDENCE_MAX_BYTES", default=5 * 1024 * 1024, minimum=1
)
PROJECT_EVIDENCE_MAX_PIXELS: int = env_int(
    "PROJECT_EVIDENCE_MAX_PIXELS", default=40_000_000, minimum=1
)
PUBLIC_FEEDBACK_PER_HOUR: int = env_int("PUBLIC_FEEDBACK_PER_HOUR", default=10, minimum=0)


# Notifications (docs/notifications.md): a commitment's owner is told when it falls due within
# this many days, and the province's officers when it is overdue by this many; the daily run
# (Celery beat) starts at this time of TIME_ZONE.
NOTIFY_DUE_LEAD_DAYS: int = env_int("NOTIFY_DUE_LEAD_DAYS", default=1, minimum=0)
NOTIFY_ESCALATE_AFTER_DAYS: int = env_int("NOTIFY_ESCALATE_AFTER_DAYS", default=7, minimum=1)
NOTIFY_REMINDER_HOUR: int = env_int("NOTIFY_REMINDER_HOUR", default=7, minimum=0, maximum=23)
NOTIFY_REMINDER_MINUTE: int = env_int("NOTIFY_REMINDER_MINUTE", default=0, minimum=0, maximum=59)

# Security: strict by default once DEBUG is off (`manage.py check --deploy` stays clean).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "governance.views.csrf_failure"  # a translated page, not Django's own
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

# How many reverse proxies we run in front of the app. 0 (the default, as in docker-compose.yml
# where gunicorn answers directly): X-Forwarded-Proto and X-Forwarded-For are client-written and
# ignored. N > 0: the N-th address from the right of X-Forwarded-For is the visitor's (each proxy
# appends the address it saw) and X-Forwarded-Proto says whether the visitor used HTTPS.
TRUSTED_PROXY_COUNT: int = env_int("TRUSTED_PROXY_COUNT", default=0, minimum=0)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sent with every HTML page (governance.middleware.ContentSecurityPolicyMiddleware): scripts only
# from our own static files (no inline scripts or handlers, no eval); styles may be inline.
CONTENT_SECURITY_POLICY: str = env.str(
    "CONTENT_SECURITY_POLICY",
    default=(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "governance.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["governance.filters.PersianFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "governance.pagination.StampedCountPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "governance.schema.AutoSchema",
    # A throttled browser gets the 429 page; programs asking for JSON get JSON.
    "EXCEPTION_HANDLER": "governance.throttling.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "governance.throttling.TokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("API_THROTTLE_USER", default="5000/hour"),
        # Programs with an API token (analysts' scripts): a tighter limit of their own.
        "token": env.str("API_THROTTLE_TOKEN", default="1000/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tavazon API",
    "DESCRIPTION": "Counties, indicators, development-balance scores and participation data.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs describe every private field: signed-in users (session or token).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI and ReDoc from the installed sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AreaKindEnum": "counties.choices.AreaKind",
        "EngagementKindEnum": "participation.choices.EngagementKind",
        "MeetingKindEnum": "participation.choices.MeetingKind",
        "StakeholderTypeEnum": "participation.choices.StakeholderType",
    },
}

# Celery: no broker configured means tasks run eagerly in-process (tests, embedded use).
# `make run` sets CELERY_BROKER_URL to kombu's filesystem transport and starts a local worker.
CELERY_BROKER_URL: str = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER: bool = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# With tasks in-process, run them in a background thread so that a long import or rebuild never
# blocks the request and its page shows progress (governance/queueing.py); False runs them inline.
TASKS_IN_BACKGROUND_THREAD: bool = env_bool("TASKS_IN_BACKGROUND_THREAD", default=True)
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = Path(env.str("CELERY_FILESYSTEM_DIR", default=str(BASE_DIR / "var" / "celery")))
    for _sub in ("out", "processed", "control"):
        (_queue_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "out"),
        "data_folder_out": str(_queue_dir / "out"),
        "processed_folder": str(_queue_dir / "processed"),
        # kombu's default is ./control, a folder in whatever directory the worker starts in.
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND: str | None = env.str("CELERY_RESULT_BACKEND", default="") or None
# Score rebuilds of a country with this many counties or more are split by province across the
# workers (a chord; it needs CELERY_RESULT_BACKEND, e.g. Redis, unless tasks run in-process);
# 0 never splits. REBUILD_SPLIT_PARTS: at most this many reading tasks (batches of provinces).
REBUILD_SPLIT_MIN_COUNTIES: int = env_int("REBUILD_SPLIT_MIN_COUNTIES", default=1000, minimum=0)
REBUILD_SPLIT_PARTS: int = env_int("REBUILD_SPLIT_PARTS", default=8, minimum=1)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Beat's crontab entries (the nightly score rebuild at SCORE_REBUILD_HOUR:SCORE_REBUILD_MINUTE)
# read this clock. It follows TIME_ZONE, fixed at start-up, and not the profile's zone, which is
# data and may change while beat runs: set TIME_ZONE to the profile's zone (e.g. Asia/Tehran) to
# have the rebuild at local night, or move SCORE_REBUILD_HOUR. Tasks themselves run in the
# profile's zone (governance.celery.ProfileTimeZoneTask).
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Participation measures of this quarter and the last, stored for the scoring engine.
    "participation-measures-nightly": {
        "task": "participation.tasks.store_measures",
        "schedule": 24 * 60 * 60,
    },
    # Scores are rebuilt after every import and methodology change; the nightly run also
    # catches changes made outside those paths (admin edits) and rescues stuck runs.
    # A score run whose worker died (no heartbeat for 90 s) is failed and retried.
    "score-run-watchdog": {"task": "scores.tasks.recover_score_runs", "schedule": 60},
    "nightly-score-rebuild": {
        "task": "scores.tasks.nightly_score_rebuild",
        "schedule": crontab(
            hour=env_int("SCORE_REBUILD_HOUR", default=2, minimum=0, maximum=23),
            minute=env_int("SCORE_REBUILD_MINUTE", default=30, minimum=0, maximum=59),
        ),
    },
    # The weekly briefing e-mails (reports/briefings.py): each day, the schedules of that
    # weekday (local time), after the nightly score rebuild. Running twice a day sends once.
    "scheduled-briefings-daily": {
        "task": "reports.tasks.send_scheduled_briefings",
        "schedule": crontab(
            hour=env_int("BRIEFING_HOUR", default=6, minimum=0, maximum=23),
            minute=env_int("BRIEFING_MINUTE", default=0, minimum=0, maximum=59),
        ),
    },
    # Commitments falling due and overdue: their owners (and, late, the province) are told,
    # once each; e-mails the mail server refused are tried again (notifications/tasks.py).
    "commitment-reminders-daily": {
        "task": "notifications.tasks.send_commitment_reminders",
        "schedule": crontab(hour=NOTIFY_REMINDER_HOUR, minute=NOTIFY_REMINDER_MINUTE),
    },
}

_cache_url: str = env.str("CACHE_URL", default="")
CACHES = {
    # Django's Redis backend, keeping one client per connection pool (governance/redis_cache.py).
    "default": {"BACKEND": "governance.redis_cache.RedisCache", "LOCATION": _cache_url}
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tavazon"}
}
# With a shared cache, a signed-in request reads its session from it instead of the database
# (one query less on every page); writes still go to both. Never with a per-process cache: a
# session ended in one process would live on in another's memory.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if _cache_url else "db")

# Seconds a computed score run may spend, before it is published or kept as a draft, caching
# the dashboard views it changes (dashboards/warmup.py); 0 leaves them to the first visitors.
# Off by default without a shared cache: a worker's own memory never reaches the web processes.
WARM_BEFORE_PUBLISH_SECONDS: int = env_int(
    "WARM_BEFORE_PUBLISH_SECONDS", default=600 if _cache_url else 0, minimum=0
)

# Demo data: the real Iranian data set lives beside the checkout in ../shared/data/iran.
_default_demo_dir = BASE_DIR.parent / "shared" / "data" / "iran"
DEMO_DATA_DIR: Path = Path(env.str("DEMO_DATA_DIR", default=str(_default_demo_dir)))

# Participation: attachments of shared experiences are refused above this size.
PARTICIPATION_ATTACHMENT_MAX_BYTES: int = env_int(
    "PARTICIPATION_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024, minimum=1
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Only the hashed names are kept and compressed (templates reach every file through the
# manifest), and source maps, read only by browser developer tools, are not compressed: this
# halves collectstatic's time (35 s to 15 s on these machines) at `make run` and image builds.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
