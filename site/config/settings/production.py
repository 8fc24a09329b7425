"""Production: PostgreSQL from DATABASE_URL, Elasticsearch from ELASTICSEARCH_URL, secrets required.

`DJANGO_SETTINGS_MODULE=config.settings.production python manage.py check --deploy` reports no issue when
SECRET_KEY (50+ random characters), ALLOWED_HOSTS and a postgres DATABASE_URL are set.
"""

import os

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    MIDDLEWARE,
    PAGES_CACHE,
    REFERRAL_MASTER_KEYS,
    TRAINING_STORAGE,
    env_bool,
    env_int,
    env_list,
    env_str,
)


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production.")
_required("ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Referral data lives here: PostgreSQL only. SQLite is for development and tests.
_required("DATABASE_URL")
if DATABASES["default"]["ENGINE"] not in ("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis"):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production (postgres://...).")

# Client details are encrypted under REFERRAL_MASTER_KEYS: a malformed entry would only fail later, on the first
# referral with details, so it stops start-up here. The message names the entry's position, never its value.
for _position, _key in enumerate(REFERRAL_MASTER_KEYS, start=1):
    try:
        Fernet(_key.encode())
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            f"REFERRAL_MASTER_KEYS entry {_position} is not a Fernet key (32 url-safe base64-encoded bytes). Make "
            "one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from None

# "Text this list" needs a provider: without one, nothing is sent (the console backend of development would write
# each list to the server's logs and tell the visitor it went out).
SMS_BACKEND = env_str("SMS_BACKEND", "lists.sms.DisabledSMSBackend")

# Elasticsearch stays optional: base.py reads ELASTICSEARCH_URL and the embedded backend answers without it.

# Everyone who can see referrals signs in with a second factor.
REQUIRE_MFA = env_bool("REQUIRE_MFA", True)

# HTTPS only. Behind a proxy that ends TLS, set BEHIND_PROXY=true so Django trusts X-Forwarded-Proto
# (and TRUSTED_PROXIES so rate limits and lockouts key on the client's address, not the proxy's).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# --- Serving (make serve, deploy/) ---------------------------------------------------------------------
# Keep database connections between requests (a new PostgreSQL connection per request costs more than a
# cached page); checked before reuse, so a restarted database is noticed.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Static files from the app server through WhiteNoise: hashed names, gzip/brotli copies, far-future caching
# of the hashed files (`collectstatic` writes them to STATIC_ROOT).
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "training": TRAINING_STORAGE,
}
# A load balancer's health probe may use plain http on loopback.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Caches shared by every worker: Redis when REDIS_URL is set, otherwise tables in the database
# (`createcachetable`, run by `migrate`, `make serve` and the deploy units). Two of them:
# - "default": rate limits, the directory's generation, the worker's heartbeat: few, small, and never pushed
#   out by pages;
# - "pages" (PAGES_CACHE): the public pages and HSDS answers. A full database cache deletes the keys that
#   sort first, so with one table anyone sending enough new search URLs would also have reset every rate
#   limit. It also counts its rows on every write (~2 ms of the database's time per page at 20,000 rows):
#   5,000 pages (~35 MB, kept compressed) keep that under 1 ms.
REDIS_URL = env_str("REDIS_URL", "")
# Django's Redis backend, made to serve without Redis when Redis does not answer (serving/redis_cache.py):
# pages are then made afresh. A Redis that stops answering costs a request at most these seconds, once per
# process every two seconds, not the operating system's minutes-long connect timeout.
REDIS_BACKEND = "serving.redis_cache.ResilientRedisCache"
REDIS_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 1}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": REDIS_BACKEND,
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_TIMEOUTS,
        },
        PAGES_CACHE: {
            "BACKEND": REDIS_BACKEND,
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
            "OPTIONS": REDIS_TIMEOUTS,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": env_str("CACHE_TABLE", "django_cache"),
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20_000)},
        },
        PAGES_CACHE: {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": env_str("PAGES_CACHE_TABLE", "django_cache_pages"),
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGES_CACHE_MAX_ENTRIES", 5_000)},
        },
    }
