"""Settings for the trust fund portal, read from the environment.

Development (the default) runs on a SQLite file under var/ with DEBUG on. Production sets
DEBUG=false, a real SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL); with those,
`manage.py check --deploy` is clean.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TRUSTFUND_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# A development key only exists while DEBUG is on; production must bring its own.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for development).")
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "trustfund.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "simple_history",
    "djmoney",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "operations",
    "audit",
    "web",
    "agreements",
    "budget",
    "documents",
    "forum",
    "reports",
    "api",
    "notifications",
    "attention",
    "publication",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: a request over MAX_REQUEST_BYTES is refused unread.
    "web.errors.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the session lifetime below, which says why it signed someone out.
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session idle or signed in too long ends here, before anything trusts its user.
    "web.session_lifetime.SessionLifetimeMiddleware",
    # Whether this session passed the second factor (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    # A signed-in person's chosen language over the browser's (LocaleMiddleware above).
    "web.languages.PreferredLanguageMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Who must pass the second factor is sent to it first (docs/access.md).
    "web.second_factor.SecondFactorMiddleware",
    # The reader's time zone for this request only, always deactivated after it.
    "web.timezones.TimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trustfund.urls"
WSGI_APPLICATION = "trustfund.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite for the demo, PostgreSQL in production and in the tests. In production the portal
# connects as a runtime role that reads and writes rows only; migrations run as the owner
# role through MIGRATION_DATABASE_URL (deploy/roles.sql, docs/operations.md).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'trustfund.sqlite3'}"),
        # A worker keeps its connection between requests: opening one costs more than a
        # posting's queries (issue 19 measured 14 of 41 ms); checked before reuse.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if os.environ.get("MIGRATION_DATABASE_URL"):
    DATABASES["owner"] = dj_database_url.parse(os.environ["MIGRATION_DATABASE_URL"])
# A request never waits long on a lock or a query: it answers "busy, try again" instead of
# holding a worker (and its session) while the client has gone. Commands (manage.py) may
# run longer.
IS_COMMAND = os.environ.get("TRUSTFUND_COMMAND") == "1"
DB_LOCK_TIMEOUT = os.environ.get("DB_LOCK_TIMEOUT", "60s" if IS_COMMAND else "5s")
DB_STATEMENT_TIMEOUT = os.environ.get("DB_STATEMENT_TIMEOUT", "0" if IS_COMMAND else "30s")
# A command (the worker's import of a big file) may work in Python for minutes between two
# queries of one transaction; a request may not.
DB_IDLE_IN_TRANSACTION = "60min" if IS_COMMAND else "5min"
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {})["options"] = (
            f"-c lock_timeout={DB_LOCK_TIMEOUT} -c statement_timeout={DB_STATEMENT_TIMEOUT} "
            f"-c idle_in_transaction_session_timeout={DB_IDLE_IN_TRANSACTION}")
        # A dead client's session is noticed and closed by the server.
        database["OPTIONS"].update({"keepalives": 1, "keepalives_idle": 60,
                                    "keepalives_interval": 10, "keepalives_count": 3})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait (up to the
    # timeout) instead of failing halfway with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Background work (ledger imports from the page) through the django-tasks backport of
# Django 6's task framework, queued in the database and run by `manage.py db_worker`
# (deploy/trustfund-worker.service); no broker. docs/decisions/0010-background-work.md
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Webhooks (docs/webhooks.md#addresses): loopback and private addresses may receive them
# only with this on, for development and the tests' local receiver; never in production.
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", False)

# Mail (docs/notifications.md#configuration): EMAIL_URL, e.g.
# smtp://user:password@mail.example.org:587/?tls=True (dj-email-url), or Django's EMAIL_HOST,
# EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS. Without either, the demo
# (DEBUG) prints mail on the worker's console and production hands it to localhost:25.
# Mail is never sent from a request: acts write it to the outbox, the worker sends it.
if os.environ.get("EMAIL_URL"):
    globals().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
elif os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = globals().get("EMAIL_TIMEOUT") or int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "UN trust fund portal "
                                    "<no-reply@trustfund.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where links in mail and the calendar feed point: the portal's public address.
_PUBLIC_HOST = next((host.lstrip(".") for host in ALLOWED_HOSTS if host != "*"), "")
PORTAL_URL = os.environ.get("PORTAL_URL") or (
    "http://127.0.0.1:8000" if DEBUG or not _PUBLIC_HOST else f"https://{_PUBLIC_HOST}")
# The domain of Message-IDs and calendar event identifiers.
PORTAL_MAIL_DOMAIN = os.environ.get("PORTAL_MAIL_DOMAIN", "trustfund.portal")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked account or address is refused before the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Two-factor sign-in (TOTP) for finance officers, funds' administrators and superusers: on by
# default in production, off in the demo (docs/access.md#two-factor-sign-in).
MFA_REQUIRED = env_bool("MFA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "UN trust funds")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "attention:home"
LOGOUT_REDIRECT_URL = "login"

# Behind reverse proxies that append to X-Forwarded-For (deploy/nginx-trustfund.conf), how
# many of them: the client's address is then read from that header (web.client_address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT")
                          or os.environ.get("AXES_IPWARE_PROXY_COUNT") or "0")

# Repeated failed sign-ins lock that user name from that address for a while: one office's
# typos behind a shared address do not lock out its colleagues.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "web.client_address.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Second-factor codes are not written to the failure log.
AXES_SENSITIVE_PARAMETERS = ["password", "token"]
# Sign-ins (AccessLog, axes' default) and failed sign-ins (AccessFailureLog, kept although a
# success resets the lockout count) are read by the funds' audit trails
# (docs/audit-trail.md#sign-ins).
AXES_ENABLE_ACCESS_FAILURE_LOG = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("kk", _("Kazakh")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    # Scans of notices are private: they are served only through views that check access.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(Path(os.environ.get("MEDIA_ROOT",
                                                                VAR_DIR / "media")))}},
    # Production serves hashed, compressed copies made by `collectstatic`; development and
    # the tests serve the files where they are.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# The largest request the portal reads at all (a 20 MB issued PDF to verify, with its form),
# refused by its Content-Length before a byte of it is read or written to disk; nginx refuses
# the same at the door (client_max_body_size). Attachments have their own 10 MB limit.
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(21 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Fields other than files (an API posting, a form) are small.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE",
                                                 str(2 * 1024 * 1024)))

# Content Security Policy: everything from this origin, nothing inline, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The API's rate limits (api.throttling), counted in the shared cache below.
API_THROTTLE = env_bool("API_THROTTLE", True)
API_THROTTLE_RATES = {"anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
                      "user": os.environ.get("API_THROTTLE_USER", "1200/minute")}

# One cache for every worker: Redis where REDIS_URL is set, else the database's own cache
# table (`manage.py createcachetable`), never a worker's memory.
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["REDIS_URL"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "trustfund_cache"}}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # knox's tokens, noting when each was last used (at most once a minute).
        "api.authentication.TokenAuthenticationNotingUse",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # A token's scope: a read-only token is refused unsafe methods on every endpoint
    # (docs/access.md#service-accounts-and-scoped-tokens).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated",
                                   "api.authentication.WithinTokenScope"],
    # DRF's own, with JSON nested too deeply refused as malformed (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StrictLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer",
                                 "rest_framework.renderers.BrowsableAPIRenderer"],
    # A courtesy to other clients, not a security control; off in the tests
    # (docs/testing.md#throttling).
    # Always installed; API_THROTTLE and API_THROTTLE_RATES switch and set them (tests turn
    # them off, docs/testing.md#throttling).
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRate", "api.throttling.UserRate"],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
REST_KNOX = {"TOKEN_TTL": timedelta(days=90), "AUTO_REFRESH": False}
SPECTACULAR_SETTINGS = {
    "TITLE": "UN trust fund portal API",
    "DESCRIPTION": "Funds, agreements, budgets, the ledger (sync by sequence number with "
                   "?after=), postings with Idempotency-Key, reports and forum data. "
                   "Authenticate with a personal token made at /api/tokens/: "
                   "`Authorization: Token <token>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Choice sets several components share, or two named "kind": each enum by its own name.
    "ENUM_NAME_OVERRIDES": {"DocumentKindEnum": "documents.models.Document.Kind",
                            "IssuedReportKindEnum": "reports.models.ReportKind",
                            "NoticeKindEnum": "agreements.models.Notice.Kind",
                            "PartySideEnum": "agreements.models.Party.Kind"},
}

SESSION_COOKIE_HTTPONLY = True
# A session ends after SESSION_IDLE_TIMEOUT minutes without a request, and
# SESSION_ABSOLUTE_LIFETIME hours after signing in however active it is
# (web.session_lifetime, docs/access.md#sessions). The cookie lives as long as the latter.
SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("SESSION_IDLE_TIMEOUT", "30")))
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_ABSOLUTE_LIFETIME",
                                                               "12")))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; keep its warnings (lockouts) only.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
                "fontTools": {"level": "WARNING"}},
}

# Demo accounts (make run) exist only while DEBUG is on; see agreements/demo.py.
TRUSTFUND_DEMO = DEBUG and env_bool("TRUSTFUND_DEMO", True)

# Open data (docs/publication.md#identifiers): the IATI organisation identifier the portal
# publishes under. XM-DAC-41127 is OCHA's, not DESA's; DESA is part of the UN Secretariat,
# whose OECD-DAC channel code is 41305 ("United Nations"). Set it to the identifier the
# IATI Registry gives the publisher once it registers.
IATI_REPORTING_ORG_REF = os.environ.get("IATI_REPORTING_ORG_REF", "XM-DAC-41305")
IATI_REPORTING_ORG_NAME = os.environ.get(
    "IATI_REPORTING_ORG_NAME", "United Nations Department of Economic and Social Affairs")
# How long a public factsheet or IATI file is kept computed; the key also holds the fund's
# last ledger sequence, so a posting shows at once (docs/publication.md#caching).
PUBLICATION_CACHE_SECONDS = int(os.environ.get("PUBLICATION_CACHE_SECONDS", "900"))
