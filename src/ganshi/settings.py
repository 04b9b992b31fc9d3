"""Django settings for ganshi.

Everything a deployment changes comes from environment variables (see README):
GANSHI_DATABASE_URL, GANSHI_SECRET_KEY, GANSHI_DATA_DIR, GANSHI_FIELD_KEY,
GANSHI_DEBUG, GANSHI_ALLOWED_HOSTS; for production GANSHI_ENV=production and the
variables in the "Production" block below (docs/deploy.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from ganshi.core.keys import load_or_create_key

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GANSHI_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

# `ganshi serve --prod` sets GANSHI_ENV=production: DEBUG off whatever GANSHI_DEBUG says,
# hashed and compressed static files, database connections kept open between requests.
GANSHI_ENV = os.environ.get("GANSHI_ENV", "development")
PRODUCTION = GANSHI_ENV == "production"

SECRET_KEY = os.environ.get("GANSHI_SECRET_KEY") or load_or_create_key(
    DATA_DIR / "secret.key", kind="secret", announce=False
)
# Fernet key for sensitive fields (ID number, phone, home address). Losing it loses them.
GANSHI_FIELD_KEY = os.environ.get("GANSHI_FIELD_KEY") or load_or_create_key(
    DATA_DIR / "field.key", kind="fernet", announce=True
)

DEBUG = os.environ.get("GANSHI_DEBUG", "0") == "1" and not PRODUCTION
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "GANSHI_ALLOWED_HOSTS",
        "127.0.0.1,localhost" if PRODUCTION else "127.0.0.1,localhost,testserver",
    ).split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves its Swagger UI assets itself: /api/v1/docs needs nothing external
    "treebeard",
    "django_tasks",
    "django_tasks_db",
    "ganshi.core",
    "ganshi.accounts",
    "ganshi.audit",
    "ganshi.orgs",
    "ganshi.cadres",
    "ganshi.interchange",
    "ganshi.training",
    "ganshi.practice",
    "ganshi.supervision",
    "ganshi.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ganshi.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ganshi.accounts.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "ganshi.urls"
WSGI_APPLICATION = "ganshi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ganshi.web.context_processors.navigation",
            ],
        },
    },
]


def _database_config(url: str | None) -> dict:
    if not url:
        url = f"sqlite:///{DATA_DIR / 'ganshi.sqlite3'}"
    # Production keeps connections open between requests (each gunicorn thread its own).
    config = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("GANSHI_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
        conn_health_checks=True,
    )
    if os.environ.get("GANSHI_PGBOUNCER") == "1":
        # pgbouncer in transaction pooling mode cannot keep a named cursor across
        # transactions: .iterator() then fetches in chunks without server-side cursors.
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers go on while one writer writes; writers queue on the lock
            # instead of failing ("database is locked") for up to 20 seconds.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["TEST"] = {"NAME": os.environ.get("GANSHI_TEST_SQLITE", "")}
    return config


DATABASES = {"default": _database_config(os.environ.get("GANSHI_DATABASE_URL"))}

# Read replica: GET/HEAD requests read through the replica (ganshi.core.db_routers);
# writes, transactions, sessions and a user's reads for a few seconds after a write go
# to the primary. Unset: no router, no middleware, no overhead.
GANSHI_REPLICA_URL = os.environ.get("GANSHI_REPLICA_URL", "")
GANSHI_REPLICA_STICKY_SECONDS = int(os.environ.get("GANSHI_REPLICA_STICKY_SECONDS", "10"))
if GANSHI_REPLICA_URL:
    DATABASES["replica"] = {
        **_database_config(GANSHI_REPLICA_URL),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["ganshi.core.db_routers.ReplicaRouter"]
    MIDDLEWARE.insert(0, "ganshi.core.db_routers.ReplicaMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["ganshi.accounts.backends.LockoutModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed logins before an account is locked, and for how long.
GANSHI_LOCKOUT_ATTEMPTS = int(os.environ.get("GANSHI_LOCKOUT_ATTEMPTS", "5"))
GANSHI_LOCKOUT_MINUTES = int(os.environ.get("GANSHI_LOCKOUT_MINUTES", "15"))

# Idle session timeout: the cookie is renewed on every request.
SESSION_COOKIE_AGE = int(os.environ.get("GANSHI_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Production behind nginx terminating TLS (GANSHI_TLS=1): cookies only over HTTPS, nginx's
# X-Forwarded-Proto trusted, plain HTTP redirected (but /healthz, for local probes), and
# Strict-Transport-Security for GANSHI_HSTS_SECONDS (0 = not sent; raise it once HTTPS works).
GANSHI_TLS = os.environ.get("GANSHI_TLS", "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = GANSHI_TLS
if GANSHI_TLS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = GANSHI_TLS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The proxies whose X-Forwarded-For names the client (core.client_address); the same
# variable tells gunicorn whose X-Forwarded-* headers to trust.
FORWARDED_ALLOW_IPS = frozenset(
    address.strip()
    for address in os.environ.get("GANSHI_FORWARDED_ALLOW_IPS", "127.0.0.1,::1").split(",")
    if address.strip()
)
SECURE_HSTS_SECONDS = int(os.environ.get("GANSHI_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("GANSHI_HSTS_SUBDOMAINS", "0") == "1"
# The origins a browser may post forms from when it is not the host itself (a proxy that
# rewrites Host, another port): "https://ganshi.county.gov.cn,https://10.1.2.3:8443".
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("GANSHI_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start when it is missing
# Development serves static files straight from the apps; production from STATIC_ROOT,
# filled by collectstatic (`ganshi serve --prod` runs it) with hashed, pre-compressed names
# that browsers may cache for ever.
WHITENOISE_USE_FINDERS = not PRODUCTION
if PRODUCTION:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    WHITENOISE_MANIFEST_STRICT = False
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

# Photos: accepted formats and size cap; photos are re-encoded to JPEG without EXIF.
GANSHI_PHOTO_MAX_BYTES = int(os.environ.get("GANSHI_PHOTO_MAX_BYTES", str(2 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Exports stop here; a larger list must be narrowed by filters first (streamed export
# of whole provinces is the interchange module's job).
GANSHI_EXPORT_MAX_ROWS = int(os.environ.get("GANSHI_EXPORT_MAX_ROWS", "100000"))

# Import and export limits (defaults live beside the code that reads them; an
# environment variable of the same name overrides them).
for _name in (
    "GANSHI_EXPORT_SYNC_ROWS",
    "GANSHI_IMPORT_MAX_BYTES",
    "GANSHI_IMPORT_MAX_ROWS",
    "GANSHI_IMPORT_MAX_COLUMNS",
    "GANSHI_IMPORT_MAX_UNCOMPRESSED_BYTES",
    "GANSHI_IMPORT_MAX_RATIO",
    "GANSHI_IMPORT_STALL_SECONDS",
    "GANSHI_LRMX_MAX_BYTES",
    "GANSHI_LRMX_ZIP_MAX_BYTES",
    "GANSHI_LRMX_ZIP_MAX_MEMBERS",
    "GANSHI_LRMX_ZIP_MAX_RATIO",
    "GANSHI_LRMX_MAX_EXPORT",
):
    if os.environ.get(_name):
        globals()[_name] = int(os.environ[_name])

# Background work (long imports, batch forms): django-tasks with the database backend;
# `ganshi db_worker` runs the queue (`ganshi serve` starts one beside the web server).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("GANSHI_TASK_BACKEND", "django_tasks_db.backend.DatabaseBackend"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

GANSHI_SITE_TITLE = _("ganshi cadre work system")
