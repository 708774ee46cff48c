"""Settings for the directory, read from the environment.

Every value comes from an environment variable through the small helpers below, which
raise ImproperlyConfigured on a bad value so a misconfigured deployment fails at start,
not on the first request. See README.md for the list.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}"
    )


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "0")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (use a long random string; `make run` "
            "creates one for development)."
        )
    # Development only: a throw-away key, so DEBUG runs need no setup.
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Feeds, the sitemap and e-mails have no request to take the address from, so they fall back
# to the development default above; a page with a request uses the address it was served on
# unless SITE_URL is configured (directory_extras.request_absolute_url).
SITE_URL_IS_SET = bool(os.environ.get("SITE_URL"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "simple_history",
    "csp",
    "directory.apps.AxesConfig",  # django-axes, named in Czech
    "import_export",
    "directory",
    "services",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags and 304s for every page, cached or not (outside the page cache, to see its hits).
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions: a cached anonymous page is served without touching the database.
    "directory.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, minus Accept-Language: Czech unless the visitor chose English.
    "directory.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "directory.urls"
WSGI_APPLICATION = "directory.wsgi.application"

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
                "directory.context_processors.site",
                "services.context_processors.shortlist",
            ],
        },
    },
]

# SQLite needs no setup, so it is the default; production sets DATABASE_URL=postgres://…
# Persistent connections with health checks let PostgreSQL restarts heal without a reload.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    _database = dj_database_url.parse(DATABASE_URL)
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
if _database["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must be sqlite:///path or postgres://…")
if _database["ENGINE"] == "django.db.backends.postgresql":
    _database["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", "60")
    _database["CONN_HEALTH_CHECKS"] = True
    # Fail fast while the database is down instead of hanging workers.
    _database.setdefault("OPTIONS", {})["connect_timeout"] = envint("DB_CONNECT_TIMEOUT", "3")
    # No JIT: compiling a query costs PostgreSQL ~0.8 s, which the planner decides to spend on
    # the availability query of a big town (cost estimates of its EXISTS subqueries are
    # high) though it runs in tens of milliseconds; JIT pays off only for analytics.
    # random_page_cost 1.1 (the default 4 models spinning disks): the directory's tables fit
    # in memory, and with the default the planner scans all 45,000 schedules of a national
    # directory rather than probe the index for the few hundred of one town's services.
    _database["OPTIONS"]["options"] = "-c jit=off -c random_page_cost=1.1"
    # Parameters bound by the server, so that psycopg prepares a query text the connection has
    # run five times: PostgreSQL then plans it once, not at every request (0.3–1.5 ms a
    # query; about 2.5 ms of a search of a town not searched before). DB_PREPARED=0 turns it
    # off behind a connection pooler in transaction mode, which cannot keep them.
    if envbool("DB_PREPARED", "1"):
        _database["OPTIONS"]["server_side_binding"] = True
        _database["OPTIONS"]["prepare_threshold"] = 5
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS_URL: one Redis for what the workers and hosts must share – the cache (whole pages,
# computed data, the content version), the rate limits' counts and the sessions (cached_db:
# kept in the database too, read from Redis). Unset, each worker keeps its own local memory:
# fine for one node, but rate limits then count per worker (README, "More than one node").
# django-axes' sign-in lockouts stay in the database either way (AXES_HANDLER below).
REDIS_URL = os.environ.get("REDIS_URL", "")
# The old pair, kept as an alias: CACHE_BACKEND=redis with CACHE_LOCATION=redis://…
_legacy_backend = os.environ.get("CACHE_BACKEND", "locmem")
if _legacy_backend in ("redis", "django.core.cache.backends.redis.RedisCache"):
    REDIS_URL = REDIS_URL or os.environ.get("CACHE_LOCATION", "")
    if not REDIS_URL:
        raise ImproperlyConfigured("CACHE_BACKEND=redis needs CACHE_LOCATION; better: REDIS_URL")
elif _legacy_backend not in ("locmem", "django.core.cache.backends.locmem.LocMemCache"):
    raise ImproperlyConfigured(
        "CACHE_BACKEND is replaced by REDIS_URL (redis://host:6379/0); unset it for local memory"
    )
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL must look like redis://host:6379/0 (or rediss://, unix://); got {REDIS_URL!r}"
    )


def redis_caches(url: str, key_prefix: str = "") -> dict:
    """CACHES for one Redis (the tests use it with a Redis of their own)."""
    return {
        "default": {
            # Django's RedisCache, with Redis down turned into cache misses (the module says how).
            "BACKEND": "directory.redis_cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            # An unreachable Redis host must cost a request a fraction of a second, not a hang.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        # Search cards' service parts (services/cards.py), apart so they never evict pages.
        "cards": {
            "BACKEND": "directory.redis_cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"{key_prefix}cards",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, os.environ.get("CACHE_KEY_PREFIX", ""))
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "adresar",
            # The default 300 entries would churn the page cache; a page is ~10–100 kB.
            "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", "2000")},
        },
        # What pages show of one service or town (directory.cache.fragment_cache_alias): rows,
        # card and profile parts, 1-3 kB each, apart from the pages so they never evict them.
        "cards": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "adresar-cards",
            "OPTIONS": {"MAX_ENTRIES": envint("CARD_CACHE_MAX_ENTRIES", "60000")},
        },
    }
# How long the "cards" cache keeps a service's row and parts, a town's week (0: read and
# rendered on every request); the content version retires them at the first change anyway.
CARD_CACHE_SECONDS = envint("CARD_CACHE_SECONDS", "3600")
# Sessions in the database; with Redis, read from Redis and written to both (cached_db), so
# they survive a Redis restart and are read from the database while Redis is down.
SESSION_ENGINE = "django.contrib.sessions.backends." + os.environ.get(
    "SESSION_BACKEND", "cached_db" if REDIS_URL else "db"
)
if SESSION_ENGINE.rsplit(".", 1)[1] not in {"db", "cache", "cached_db", "signed_cookies"}:
    raise ImproperlyConfigured("SESSION_BACKEND must be db, cache, cached_db or signed_cookies")

# Whole pages for anonymous visitors (directory/cache.py): seconds kept on the server
# (0 turns the page cache off), and max-age for browsers and CDNs.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "60")
PAGE_CACHE_MAX_AGE = envint("PAGE_CACHE_MAX_AGE", "60")
# Rate limits (directory/ratelimit.py) count requests per client address in the cache.
# Behind N trusted proxies, the client is the N-th address from the right of X-Forwarded-For.
RATELIMIT_ENABLED = envbool("RATELIMIT_ENABLED", "1")
RATELIMIT_PROXY_COUNT = envint("RATELIMIT_PROXY_COUNT", "0")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "directory.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes), for the site and the admin sign-in alike: 5 failures lock that
# username from that client for 15 minutes, so a stranger cannot lock a coordinator out for
# everybody. The client is the rate limiter's (RATELIMIT_PROXY_COUNT above): behind the proxy,
# the address the proxy put into X-Forwarded-For, which the client cannot forge.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "directory.ratelimit.client_ip"
# Password spraying (one client trying many usernames) meets the rate limiter instead: every
# sign-in POST from one client counts, for the site and the admin together (directory/urls.py).
SIGN_IN_RATE = "30/h"
# Password-reset e-mails: at most this many per address and per client; beyond, the form
# answers exactly as before but sends nothing (directory/forms.py).
PASSWORD_RESET_RATE_PER_ADDRESS = "3/h"
PASSWORD_RESET_RATE_PER_CLIENT = "10/h"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", _("Czech")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Prague"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Leaflet comes from the xstatic-leaflet package (no copy in the repository): /static/leaflet/.
STATICFILES_DIRS = [BASE_DIR / "static", ("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "adresar@localhost")

# HTTPS: on by default in production; a plain-HTTP deployment (or local gunicorn) turns it off.
SECURE = envbool("SECURE", "0" if DEBUG else "1")
SECURE_SSL_REDIRECT = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if SECURE else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Map tiles: any XYZ tile server; only this host is allowed by the CSP for images.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
_tile_origin = "/".join(MAP_TILE_URL.split("/")[:3]).replace("{s}.", "*.")

# Strict CSP: no inline scripts or styles anywhere; data passed to JS via data- attributes
# or <script type="application/json"> blocks (which browsers never execute).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", _tile_origin],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Listings not verified for this many days are flagged as stale (profiles, admin, planning).
STALE_AFTER_DAYS = envint("STALE_AFTER_DAYS", "183")

# "Nahlásit chybu" (services/forms.py ReportForm): a form sent back sooner than this after it
# was served is a robot's; one older than the maximum is served again; reports per client and
# per listing are limited (directory/ratelimit.py).
REPORT_MIN_SECONDS = envint("REPORT_MIN_SECONDS", "3")
REPORT_MAX_SECONDS = envint("REPORT_MAX_SECONDS", str(24 * 3600))
REPORT_RATE_PER_CLIENT = os.environ.get("REPORT_RATE_PER_CLIENT", "5/h")
REPORT_RATE_PER_LISTING = os.environ.get("REPORT_RATE_PER_LISTING", "30/h")

# The shortlist's "Poslat e-mailem" (services/shortlist_views.py): e-mails per session and per
# client, so that the form cannot be used to send mail to strangers in bulk.
SHORTLIST_MAIL_RATE_PER_SESSION = os.environ.get("SHORTLIST_MAIL_RATE_PER_SESSION", "5/h")
SHORTLIST_MAIL_RATE_PER_CLIENT = os.environ.get("SHORTLIST_MAIL_RATE_PER_CLIENT", "10/h")

# Vain searches (directory/demand.py) are kept this long (24 months), then purged by
# `manage.py purge_vain_searches` (run it from cron); the planning pages show the last year.
VAIN_SEARCH_RETENTION_DAYS = envint("VAIN_SEARCH_RETENTION_DAYS", "730")
VAIN_SEARCH_SHOWN_DAYS = envint("VAIN_SEARCH_SHOWN_DAYS", "365")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "directory.logfilters.NoPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_personal_data"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies and query strings may carry personal data; log only the error.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
