"""Settings for the evidence tracker, read from the environment (see README.md)."""

import ipaddress
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "development-only-key-never-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
# DEBUG is on only when no secret key is configured, unless DJANGO_DEBUG says otherwise.
DEBUG = env_bool("DJANGO_DEBUG", default=SECRET_KEY == DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is off but DJANGO_SECRET_KEY is not set: the development key must never "
        "serve a public site. Set DJANGO_SECRET_KEY to a long random value."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",
    "config.apps.CuratorAdminConfig",  # django.contrib.admin with our site (config/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "reversion",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "axes",
    "trials",
    "evidence",
]

MIDDLEWARE = [
    "config.middleware.TrustedProxyMiddleware",  # first: the client address and scheme
    "django.middleware.security.SecurityMiddleware",
    "evidence.api.errors.ApiJsonErrorsMiddleware",  # every error under /api/ in JSON
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "config.middleware.MalformedSessionCookieMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.CuratorSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Each evidence feature keeps its templates and static files beside its code (evidence/<feature>/).
EVIDENCE_FEATURES_WITH_PAGES = ["api", "basket", "claims", "curation", "importing", "synthesis"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [
            BASE_DIR / "config" / "templates",
            *(BASE_DIR / "evidence" / name / "templates" for name in EVIDENCE_FEATURES_WITH_PAGES),
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "evidence.basket.context_processors.basket",
                "config.language.spanish_offer",
            ],
        },
    },
]

# SQLite file by default; DATABASE_URL selects PostgreSQL (persistent connections by default).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging: readers never wait for a writer, and a commit appends to the log
    # rather than syncing a rollback journal to disk (what SQLite recommends for a web server).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rendered list pages, facet counts and the API's rate limit live in the cache: in each process's
# memory by default; with DJANGO_REDIS_URL (redis://host:6379/0) in Redis, shared by every worker
# and server, so each is computed once for all of them.
REDIS_URL = os.environ.get("DJANGO_REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 1000},  # list pages are about 40 KB: 40 MB at most
        }
    )
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute-force protection on the admin login (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
# Lock the pair: five wrong passwords for one account from one address. Locking by username
# alone would let anyone lock a curator out; by address alone, a whole hospital network.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# The reverse proxies in front of the app, by address or network. Only a request whose peer is
# one of them has its X-Forwarded-For and X-Forwarded-Proto read (config.middleware.
# TrustedProxyMiddleware); the client address it derives is the one the login lockout and the
# API's rate limit count. From any other peer those headers are dropped.
if "DJANGO_TRUSTED_PROXY_COUNT" in os.environ:
    raise ImproperlyConfigured(
        "DJANGO_TRUSTED_PROXY_COUNT is replaced by DJANGO_TRUSTED_PROXIES: set it to the "
        "addresses (or networks) of the reverse proxies, e.g. 10.0.0.5 (see README, Production)."
    )
try:
    TRUSTED_PROXIES = [
        ipaddress.ip_network(item, strict=False)
        for item in env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")
    ]
except ValueError as error:
    raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {error}") from error
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip_address"
AXES_USERNAME_CALLABLE = "config.security.login_username"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = "config.formats"  # English dates as 21 November 2026
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "config" / "static",
    *(
        BASE_DIR / "evidence" / name / "static"
        for name in EVIDENCE_FEATURES_WITH_PAGES
        if (BASE_DIR / "evidence" / name / "static").is_dir()
    ),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or "pytest" in sys.modules
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # a visitor's reference list lasts a month
# A signed-in curator's session ends after this much inactivity (a working day by default).
CURATOR_SESSION_IDLE_SECONDS = int(
    float(os.environ.get("DJANGO_CURATOR_SESSION_IDLE_HOURS", "8")) * 3600
)

# Security: on by default in production (DEBUG off), each overridable from the environment.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer may probe the health check over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

# The public JSON API: read-only, throttled, documented.
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("DJANGO_API_THROTTLE", "600/minute")},
    # The rate limit counts REMOTE_ADDR, which TrustedProxyMiddleware has set to the client;
    # without this DRF would read X-Forwarded-For itself, whoever sent it.
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Liver MSC evidence API",
    "DESCRIPTION": "Read-only access to the published trials, references and pooled results.",
    # The version is given to the schema view itself (evidence/api/urls.py), so that a client's
    # ?version= is never read (it went into a header, and a newline in it was a 500).
    "VERSION": None,
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package: no CDN (the CSP allows only 'self').
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "evidence.api.base.allow_empty_query_values",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ArmRoleEnum": "trials.models.choices.ArmRole",
        "DateKindEnum": "trials.models.choices.DateKind",
        "RecruitmentStatusEnum": "trials.models.choices.RecruitmentStatus",
        "InterventionClassEnum": "trials.models.choices.InterventionClass",
        "MeasureKindEnum": "trials.models.choices.MeasureKind",
        "LinkRoleEnum": "evidence.models.references.LinkRole",
        "ReferenceKindEnum": "evidence.models.references.ReferenceKind",
        "BiasJudgementEnum": "trials.models.bias.BiasJudgement",
        "CertaintyLevelEnum": "evidence.models.reviews.Certainty",
    },
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stdout}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Importers: where the public services live and how patient we are with them.
CTGOV_API_URL = os.environ.get("CTGOV_API_URL", "https://clinicaltrials.gov/api/v2")
PUBMED_EFETCH_URL = os.environ.get(
    "PUBMED_EFETCH_URL", "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi"
)
CROSSREF_API_URL = os.environ.get("CROSSREF_API_URL", "https://api.crossref.org")
IMPORT_TIMEOUT_SECONDS = float(os.environ.get("IMPORT_TIMEOUT_SECONDS", "15"))
