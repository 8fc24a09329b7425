"""Settings shared by every environment.

Every environment variable the project reads is read here or in production.py, typed and defaulted for
development, and listed in the README's table.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

SITE_DIR = Path(__file__).resolve().parent.parent.parent  # site/
BASE_DIR = SITE_DIR.parent  # the repository root
# The vendored HSDS 3.0 specification (schemas, OpenAPI document, examples): directory/hsds/spec.
HSDS_DIR = Path(os.environ.get("HSDS_DIR", BASE_DIR / "directory" / "hsds" / "spec"))


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
# Proxies (addresses or networks) whose X-Forwarded-For names the real client; none by default, so the
# header is ignored unless the site is configured to sit behind one (deploy/nginx.conf: 127.0.0.1).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network.") from None
SITE_BASE_URL = env_str("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL

INSTALLED_APPS = [
    # Before django_tasks_db: its `db_worker` command (the library's, plus a heartbeat) replaces the library's.
    "serving",
    "home",
    "lists",
    "content",
    "training",
    "accounts",
    "directory",
    "search",
    "referrals",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    # Spanish pages: Wagtail's own localisation with its built-in translation tool (README, "Content in Spanish").
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "axes",
    "csp",
    "corsheaders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Anonymous public pages from the shared cache (site/serving/page_cache.py); a hit skips everything below.
    "serving.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # CORS for the public HSDS API only (CORS_URLS_REGEX); it must run before CommonMiddleware.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Turns the `Origin: null` that Referrer-Policy: no-referrer makes browsers send into this site's origin
    # when Sec-Fetch-Site vouches for it, so Django's CSRF check accepts the site's own forms.
    "accounts.csrf.NoReferrerOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.AdminContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # django-axes last, as its documentation asks: it turns a flagged failed sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The public HSDS API (/api/hsds/) is readable from any web page; nothing else is cross-origin.
CORS_URLS_REGEX = r"^/api/hsds/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

# SQLite by default, so the site runs with nothing else installed; PostgreSQL when DATABASE_URL says so.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploads (directory/uploads.py): images through Wagtail's checks, documents through a size-limited form.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("UPLOAD_MAX_IMAGE_BYTES", 5 * 1024 * 1024)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it can carry scripts
WAGTAILDOCS_DOCUMENT_FORM_BASE = "directory.uploads.LimitedDocumentForm"
UPLOAD_MAX_DOCUMENT_BYTES = env_int("UPLOAD_MAX_DOCUMENT_BYTES", 10 * 1024 * 1024)
MEDIA_URL = "/media/"
# Training videos and captions (site/training): never under a public URL; only the training pages serve them,
# after Wagtail's page privacy. Default: MEDIA_ROOT/private (inside the media backup, never served as media).
TRAINING_MEDIA_ROOT = Path(env_str("TRAINING_MEDIA_ROOT", str(MEDIA_ROOT / "private")))
TRAINING_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(TRAINING_MEDIA_ROOT), "base_url": None},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "training": TRAINING_STORAGE,
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Mail: a real SMTP server (on loopback in tests). Nothing identifying is ever put in a message.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sacramento Together <no-reply@example.org>")

# Search: Elasticsearch when ELASTICSEARCH_URL is set, otherwise the embedded backend on this database.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "coalition")
# Replicas of each index: a number, or "auto" (one when the cluster has more than one data node).
ELASTICSEARCH_REPLICAS = env_str("ELASTICSEARCH_REPLICAS", "auto")
# The largest HSDS file, package folder or inflated zip that import_hsds reads.
HSDS_IMPORT_MAX_BYTES = env_int("HSDS_IMPORT_MAX_BYTES", 50 * 1024 * 1024)

# Caches: "default" for rate limits and small shared state, PAGES_CACHE for the cached public pages and HSDS
# answers, apart so pages never push the rest out (production.py). On one machine, each process's memory.
PAGES_CACHE = "pages"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    PAGES_CACHE: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Anonymous public pages are cached this many seconds at most (0: off); publishing clears them at once.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# The HSDS API's /services pages (not those for typed input: search, postcode, proximity) are cached this long
# at most; publishing clears them.
HSDS_FULL_CACHE_SECONDS = env_int("HSDS_FULL_CACHE_SECONDS", 600)
# How long a process keeps the vocabularies' labels (search facets): a renamed term shows within this time.
TERM_MEMO_SECONDS = 1.0

# Background work: a database queue with a worker (`manage.py db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAIL_SITE_NAME = "Sacramento Together"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
# Documents are always streamed by Wagtail's view, which checks collection privacy first (training documents);
# their files are never linked by their media path.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Pages have Spanish translations (wagtail.contrib.simple_translation); English is the source locale.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("es", "Español")]

# Accounts and security headers (site/accounts). See the README's security section.
# The lockout check comes first: a locked-out username+address pair never reaches the password check.
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "/accounts/login/"
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
# Wagtail page and document privacy send anonymous visitors to the site's sign-in (not Wagtail's own form).
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGOUT_REDIRECT_URL = LOGIN_URL
# A second factor (TOTP) for everyone who can see referrals. On in production; tests switch it on themselves.
REQUIRE_MFA = env_bool("REQUIRE_MFA", False)
OTP_TOTP_ISSUER = env_str("COALITION_NAME", "Sacramento Together")


def _passkey_defaults(base_url: str) -> tuple[str, list[str]]:
    """The relying party id and allowed origins for passkeys, from SITE_BASE_URL. Browsers refuse an IP
    address as relying party, so a site at 127.0.0.1 offers passkeys at localhost (same port)."""
    parts = urlsplit(base_url)
    host = parts.hostname or "localhost"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host, [f"{parts.scheme}://{parts.netloc}"]
    port = f":{parts.port}" if parts.port else ""
    return "localhost", [f"{parts.scheme}://localhost{port}"]


# Passkeys (WebAuthn through django-otp-webauthn): a second factor beside TOTP, never instead of the password.
_PASSKEY_RP_ID, _PASSKEY_ORIGINS = _passkey_defaults(SITE_BASE_URL)
OTP_WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", _PASSKEY_RP_ID)
OTP_WEBAUTHN_RP_NAME = env_str("COALITION_NAME", "Sacramento Together")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ALLOWED_ORIGINS", _PASSKEY_ORIGINS)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Sessions live in the database (so signing out or deactivating ends them on the server) and end after
# SESSION_IDLE_MINUTES without a request or SESSION_MAX_HOURS after signing in, whichever is first.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_MAX_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for an hour
# django-axes: 5 failures for one username from one address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # no table of every sign-in with address and browser
AXES_VERBOSE = False  # no start-up banner; axes masks usernames and addresses in its own log lines
# Lockouts, rate limits and the audit trail all key on the one client address of directory.http, which reads
# X-Forwarded-For only from the proxies in TRUSTED_PROXIES.
AXES_CLIENT_IP_CALLABLE = "directory.http.client_address"
# Headers for every environment. Pages load scripts and styles only from this site: no inline script.
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Wagtail 8's admin still writes inline <script> for its date/time pickers and inline panels (checked in
# Chromium), so under /admin/ only, scripts and styles may be inline. The public site stays strict.
ADMIN_CSP_PREFIX = "/admin/"
ADMIN_CSP_REPLACE = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}
# No third-party requests from the admin: no Gravatar (it would send staff email hashes), no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Coalition
COALITION_NAME = env_str("COALITION_NAME", "Sacramento Together")
# Where "Exit this page" goes: a neutral page that gives nothing away on a shared screen.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.google.com/search?q=weather")
# Resource lists: how long a share link works, and where "text this list" goes (a class with
# send(to, body); lists.sms.ConsoleSMSBackend prints to the console).
SHARED_LIST_DAYS = env_int("SHARED_LIST_DAYS", 30)
SMS_BACKEND = env_str("SMS_BACKEND", "lists.sms.ConsoleSMSBackend")
# Maps: tiles from a self-hosted server ("https://tiles.example.org/{z}/{x}/{y}.png"); without one, an
# outline of the states packaged with the site. Its origin is allowed for images, nothing else.
MAP_TILES_URL = env_str("MAP_TILES_URL", "")
MAP_TILES_ATTRIBUTION = env_str("MAP_TILES_ATTRIBUTION", "")
if MAP_TILES_URL:
    from urllib.parse import urlsplit

    _tiles = urlsplit(MAP_TILES_URL)
    if _tiles.scheme and _tiles.netloc:
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")

# Referrals: how long a receiving organization has to answer before a recipient expires.
REFERRAL_URGENT_RESPONSE_HOURS = env_int("REFERRAL_URGENT_RESPONSE_HOURS", 4)
REFERRAL_RESPONSE_DAYS = env_int("REFERRAL_RESPONSE_DAYS", 3)
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 5)
# A notice claimed by a worker longer ago than this (the worker died mid-send) may be sent again.
NOTIFICATION_CLAIM_TIMEOUT_SECONDS = env_int("NOTIFICATION_CLAIM_TIMEOUT_SECONDS", 600)
# The worker (db_worker) sweeps this often: tasks of a killed worker back to the queue, index updates that
# waited for Elasticsearch, notices that waited for the mail server.
WORKER_SWEEP_SECONDS = env_int("WORKER_SWEEP_SECONDS", 30)
# A task still marked running after this long belonged to a worker that died: it is queued again.
TASK_STALE_SECONDS = env_int("TASK_STALE_SECONDS", 600)
# Optional client PII is encrypted with a key per referral, wrapped by these Fernet master keys (comma-separated,
# newest first; `manage.py rotate_keys` re-wraps under the newest). Empty: PII cannot be stored (DEBUG derives a
# development key from SECRET_KEY). Closed referrals lose PII and note after REFERRAL_RETENTION_DAYS.
REFERRAL_MASTER_KEYS = env_list("REFERRAL_MASTER_KEYS", [])
REFERRAL_RETENTION_DAYS = env_int("REFERRAL_RETENTION_DAYS", 30)
REFERRAL_MINOR_RELEASE_NEEDS_GUARDIAN = env_bool("REFERRAL_MINOR_RELEASE_NEEDS_GUARDIAN", True)
# A release expires at most this many days after it was signed.
REFERRAL_RELEASE_MAX_DAYS = env_int("REFERRAL_RELEASE_MAX_DAYS", 90)
# The signed link in a provider's notice ("answer this referral") stops working after this many days.
REFERRAL_ANSWER_LINK_DAYS = env_int("REFERRAL_ANSWER_LINK_DAYS", 14)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Paths that hold a secret (a shared list's token, an answer link...) are logged with it replaced.
    "filters": {"secret_paths": {"()": "config.log_filters.RedactSecretPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["secret_paths"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Request lines carry query strings (search terms); keep them out of the logs.
    "loggers": {
        # Django's own handlers for "django" (a console one when DEBUG is on, mail_admins) would write its records
        # a second time, past the filter above: its records go to the root's console handler only.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        # Wagtail logs every page action at INFO; the audit log already records them.
        "wagtail": {"level": "WARNING"},
        # The Elasticsearch client logs every request at INFO; keep search traffic out of the logs.
        "elastic_transport": {"level": "WARNING"},
        # A template's failed variable lookup is logged at DEBUG with the whole template context (search words,
        # client facts); keep it out even with LOG_LEVEL=DEBUG.
        "django.template": {"level": "INFO"},
    },
}
