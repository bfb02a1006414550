"""Settings for NATO Timeline, read from the environment (see README, "Configuration")."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean variable: 1/true/yes/on are true, 0/false/no/off/empty are false."""
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1 or 0)")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",  # sitemap.xml (events.sitemaps)
    "django.contrib.postgres",  # full-text search fields and lookups (PostgreSQL only)
    "django_htmx",
    "axes",  # admin login throttling; its admin lets editors see and lift lockouts
    "django_tasks_db",  # the task queue in the database, run by `manage.py db_worker`
    "events",
]

MIDDLEWARE = [
    # First, so that it compresses what every other middleware has finished; only responses
    # that carry no secret (BREACH).
    "events.seo.CompressPublic",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "nato_timeline.middleware.PublicStatementTimeout",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out username or address before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock out after AXES_FAILURE_LIMIT failed logins for one username, or from one address
# (either alone suffices), for AXES_COOLOFF_MINUTES; an editor can lift it sooner in the admin
# (Axes > Access attempts: delete the attempts).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind PROXY_COUNT proxies, the client's address is the one the outermost proxy appended to
# X-Forwarded-For (nato_timeline.middleware.client_address); with none, REMOTE_ADDR.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "nato_timeline.middleware.client_address"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Public GET requests (not the admin, commands, migrations or imports) may spend at most this
# many seconds in any one PostgreSQL statement (nato_timeline.middleware).
PUBLIC_STATEMENT_TIMEOUT = float(os.environ.get("PUBLIC_STATEMENT_TIMEOUT", "3"))

ROOT_URLCONF = "nato_timeline.urls"
WSGI_APPLICATION = "nato_timeline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The embedded default is SQLite in var/; DATABASE_URL selects PostgreSQL in production.
# Connections persist (CONN_MAX_AGE seconds, checked before reuse) in each web thread; or, with
# DATABASE_POOL=1 on PostgreSQL, each process keeps a psycopg pool of up to DATABASE_POOL_SIZE.
DATABASE_POOL = env_bool("DATABASE_POOL", False)


def database(url: str, **options: object) -> dict:
    settings = dj_database_url.parse(
        url,
        conn_max_age=0 if DATABASE_POOL else int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=not DATABASE_POOL,
    )
    if DATABASE_POOL and settings["ENGINE"] == "django.db.backends.postgresql":
        size = int(os.environ.get("DATABASE_POOL_SIZE", os.environ.get("GUNICORN_THREADS", "4")))
        options["pool"] = {"min_size": 1, "max_size": size, "timeout": 10}
    settings["OPTIONS"] = {**settings.get("OPTIONS", {}), **options}
    return settings


DATABASES = {
    "default": database(os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"))
}
# An optional read replica (PostgreSQL streaming replication): public reads go there, writes,
# the admin and editors' requests (read-your-writes) to the primary (nato_timeline.routers).
# Every statement on it is capped like a public request's.
if replica_url := os.environ.get("DATABASE_REPLICA_URL"):
    replica_timeout = {}
    if replica_url.startswith(("postgres:", "postgresql:")):
        replica_timeout["options"] = f"-c statement_timeout={int(PUBLIC_STATEMENT_TIMEOUT * 1000)}"
    DATABASES["replica"] = {
        **database(replica_url, **replica_timeout),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["nato_timeline.routers.ReplicaRouter"]
    MIDDLEWARE.insert(1, "nato_timeline.routers.ReplicaReads")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Names the deployed code in ETags (events.http_cache): set it to the commit on deploy, so that
# a new template is not answered "304 Not Modified". By default, the newest template or module.
RELEASE = os.environ.get("RELEASE") or str(
    max(
        int(path.stat().st_mtime)
        for pattern in ("templates/**/*.html", "events/**/*.py", "static/**/*.*")
        for path in BASE_DIR.glob(pattern)
    )
)
# How long the server keeps a rendered public response (keyed by the data version, so never
# stale; the time only bounds the memory).
RESPONSE_CACHE_SECONDS = int(os.environ.get("RESPONSE_CACHE_SECONDS", "600"))

# Redis when REDIS_URL is set (shared by every app server); otherwise a per-process cache.
# The cache is an optimisation: when Redis is unreachable the site computes what it would have
# read (nato_timeline.cache), after waiting at most these timeouts.
if redis_url := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "nato_timeline.cache.ForgivingRedisCache",
            "LOCATION": redis_url,
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security. Everything below is on by default outside DEBUG; SECURE_SSL_REDIRECT is set
# where the app itself (not a proxy in front of it) should redirect to HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: our own origin only. Embed views relax frame-ancestors alone.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Sites allowed to frame /embed/ (space-separated origins); "*" allows any.
EMBED_FRAME_ANCESTORS = os.environ.get("EMBED_FRAME_ANCESTORS", "*").split()

# Articles from the web (events.fetch): limits of one fetch, and the least article text worth
# importing. Private, loopback and link-local addresses are refused unless allowed (tests).
FETCH_TIMEOUT = float(os.environ.get("FETCH_TIMEOUT", "20"))
FETCH_MAX_BYTES = int(os.environ.get("FETCH_MAX_BYTES", str(5_000_000)))
FETCH_MAX_REDIRECTS = int(os.environ.get("FETCH_MAX_REDIRECTS", "5"))
FETCH_MIN_WORDS = int(os.environ.get("FETCH_MIN_WORDS", "80"))
# 1 allows every address; a comma-separated list of networks (10.2.0.0/16) allows those alone.
_allow = os.environ.get("FETCH_ALLOW_PRIVATE_HOSTS", "0").strip()
FETCH_ALLOW_PRIVATE_HOSTS: bool | list[str] = (
    env_list("FETCH_ALLOW_PRIVATE_HOSTS")
    if "/" in _allow
    else env_bool("FETCH_ALLOW_PRIVATE_HOSTS", False)
)

# Background tasks (events.tasks) on Django's task framework. TASKS_BACKEND=database queues them
# in the database for `manage.py db_worker` processes (django-tasks-db; run as many as wanted,
# on any machine that reaches the database); "immediate" (the default, for the demo and
# development) runs each task at once in the process that asks for it.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND={TASKS_BACKEND!r}: use immediate or database")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
