"""tambook settings: one module, driven by the environment.

Embedded default (nothing set): SQLite file, Celery eager with the memory broker, local-memory
cache. `DATABASE_URL=postgres://…` switches the database; `REDIS_URL=redis://…` turns on the
Redis broker, result backend and shared cache.
"""

import warnings
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY: with DEBUG=False set a real secret of at least 32 characters."
    )

DATABASE_URL = env.str("DATABASE_URL", default="")
REDIS_URL = env.str("REDIS_URL", default="")
USES_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))
USES_REDIS = bool(REDIS_URL)
RUNTIME_MODE = (
    "postgres + redis"
    if USES_POSTGRES and USES_REDIS
    else "embedded: sqlite + eager celery"
    if not (USES_POSTGRES or USES_REDIS)
    else ("postgres" if USES_POSTGRES else "sqlite") + (" + redis" if USES_REDIS else " + eager celery")
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "django_tables2",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "csp",
    "accounts",
    "billing",
    "revops",
    "quota",
    "crosssell",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.shell",
            ],
        },
    },
]

if USES_POSTGRES:
    DATABASES = {"default": env.db_url_config(DATABASE_URL)}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(env.str("SQLITE_PATH", default=str(BASE_DIR / "tambook.sqlite3"))),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock a (username, ip) pair out after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))

if USES_REDIS:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Security: secure cookies and HSTS whenever we are not in development.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; keep default
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-csp 4 dict format: nothing from outside our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
    },
    "EXCEPTION_HANDLER": "accounts.api_errors.json_exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "tambook API",
    "DESCRIPTION": "Book-of-business workbench for TAMs, CSMs and their managers.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Celery: eager in the embedded shape, Redis when REDIS_URL is set.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not USES_REDIS
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "purge-read-notifications": {
        "task": "accounts.tasks.notifications_purge_read",
        "schedule": crontab(hour=3, minute=15),
    },
    # Issue 16: segments (accounts.md §4), UTC.
    "accounts-refresh-segments": {
        "task": "accounts.refresh_segments",
        "schedule": crontab(hour=1, minute=0),
    },
    "accounts-rank-top-40": {
        "task": "accounts.rank_top_40",
        "schedule": crontab(hour=1, minute=15),
    },
}
# Issue 14 (quota): nightly attainment for the open quarters (quota.md Jobs, compute_attainment).
CELERY_BEAT_SCHEDULE["quota-compute-attainment"] = {
    "task": "quota.compute_attainment",
    "schedule": crontab(hour=2, minute=0),
}

# Health (issue 17): nightly signals, then scores, then band alerts; accounts per chunk task.
HEALTH_CHUNK_SIZE = env.int("HEALTH_CHUNK_SIZE", default=500)
CELERY_BEAT_SCHEDULE |= {
    "health-compute-signals": {"task": "health.compute_signals", "schedule": crontab(hour=2, minute=0)},
    "health-compute-scores": {"task": "health.compute_scores", "schedule": crontab(hour=2, minute=30)},
    "health-band-alerts": {"task": "health.band_alerts", "schedule": crontab(hour=2, minute=50)},
}
# Issue 18: J-1 crosssell.nightly, after the billing, CRM and usage syncs.
CELERY_BEAT_SCHEDULE["crosssell-nightly"] = {
    "task": "crosssell.tasks.nightly",
    "schedule": crontab(hour=2, minute=30),
}

# Alerts: every notify() writes an in-app Notification; a Slack webhook is optional.
SLACK_WEBHOOK_URL = env.str("SLACK_WEBHOOK_URL", default="")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

if not DEBUG and not USES_POSTGRES:
    warnings.warn("DEBUG=False on SQLite: use DATABASE_URL=postgres://… in production.", stacklevel=1)
if not DEBUG and not USES_REDIS:
    warnings.warn("DEBUG=False with eager Celery: set REDIS_URL for a real broker.", stacklevel=1)

# Issue 16: name the contact status enum in the API schema (several models have a `status`).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),  # type: ignore[dict-item]
    "ContactStatusEnum": "accounts.models.contacts.ContactStatus",
}

# --- Billing money I (issue 19): Stripe writes (B-67) and the nightly billing jobs -------------
# Writes stay off: with no Stripe gateway yet, `true` is refused at startup (billing/apps.py).
STRIPE_WRITES_ENABLED = env.bool("STRIPE_WRITES_ENABLED", default=False)
BILLING_JOB_CHUNK = env.int("BILLING_JOB_CHUNK", default=500)  # customers per set-wise chunk
CELERY_BEAT_SCHEDULE.update({
    "billing-allocate-credit-tranches": {
        "task": "billing.allocate_credit_tranches", "schedule": crontab(hour=0, minute=15),
    },
    "billing-expire-credits": {"task": "billing.expire_credits", "schedule": crontab(hour=0, minute=30)},
    "billing-compute-monthly-revenue": {
        "task": "billing.compute_monthly_revenue", "schedule": crontab(hour=2, minute=0),
    },
    "billing-creditbot": {"task": "billing.creditbot", "schedule": crontab(hour=6, minute=0)},
})

# Issue 20 (refunds): name the refund enums in the API schema (several models have these fields).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),  # type: ignore[dict-item]
    "RefundScenarioEnum": "billing.models.refunds.RefundScenario",
    "RefundStatusEnum": "billing.models.refunds.RefundStatus",
    "RefundResolutionEnum": "billing.models.refunds.RefundResolution",
}

# Issue 20 (late payments and dunning, billing.md §5): detection at 07:00, the scheduler at 07:15.
CELERY_BEAT_SCHEDULE.update({
    "billing-detect-late-payments": {
        "task": "billing.detect_late_payments", "schedule": crontab(hour=7, minute=0),
    },
    "billing-dunning-scheduler": {
        "task": "billing.dunning_scheduler", "schedule": crontab(hour=7, minute=15),
    },
})
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),  # type: ignore[dict-item]
    "DunningStatusEnum": "billing.models.dunning.DunningStatus",
}
