"""Production-safe base settings; every environment variable is read here.

See `.env.example` for the list of variables and what they do.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a boolean from the environment ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "authors",
    "stories",
    # No wagtail.contrib.forms: there are no form pages (pitches are a model of their own),
    # and its "Forms" menu item asked the database on every admin page (~9 ms).
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
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
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite by default (WAL + busy timeout so the web server and the scheduler can
# write side by side); DATABASE_URL switches to PostgreSQL in production.
SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}", conn_max_age=int(os.environ.get("CONN_MAX_AGE", 60))
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend needs it for PostgreSQL full-text search.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "storywerk",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "storywerk",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# Internationalisation: German is the company default, English the second language.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "de")
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email (Django 6.1 mailers): EMAIL_HOST and friends configure SMTP; without it, the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": int(os.environ.get("EMAIL_PORT", 587)),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST  # superseded by MAILERS (deprecated setting in Django 6.1)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Storywerk <storywerk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Storywerk"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "cms.StorywerkImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Readers are deduplicated with a daily salt; reader hashes and salts expire after this.
STORYWERK_READ_SECONDS = int(os.environ.get("STORYWERK_READ_SECONDS", 30))

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's live preview shows the page in a same-origin iframe, so DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
    },
}

# --- Pitches, pipeline board and review due dates ---
# A review step older than this many days is overdue; reminders go to the coach, and also to
# the editors once it is twice as old.
STORYWERK_REVIEW_DUE_DAYS = int(os.environ.get("STORYWERK_REVIEW_DUE_DAYS", 3))
# Pitches one employee may send per hour (the form is for people, not scripts).
STORYWERK_PITCHES_PER_HOUR = int(os.environ.get("STORYWERK_PITCHES_PER_HOUR", 5))

# --- Bench / scale: full-page cache, frontend-cache purge, media storage -----------

# Full-page cache for anonymous readers (cms/page_cache.py): first in the stack, so a hit is
# answered before the session, auth and CSRF middleware run. Purged on publish/unpublish/
# move/delete (stories/cache_purge.py); shared across app servers when REDIS_URL is set.
MIDDLEWARE.insert(0, "cms.page_cache.AnonymousPageCacheMiddleware")
STORYWERK_PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
STORYWERK_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
# Never cached: the admin (previews included), counting, login, per-query search, documents.
STORYWERK_PAGE_CACHE_EXCLUDE = [
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/readership/",
    "/login/",
    "/logout/",
    "/healthz",
    "/search/",
]
# Pages that list stories beyond the story itself, its index and its authors' pages.
STORYWERK_PAGE_CACHE_STORY_PATHS = [
    "/",
    "/most-read/",
    "/stories/feed/",
    "/stories/feed/atom/",
    "/sitemap.xml",
]

# A CDN or Varnish in front: Wagtail's frontend-cache purge, configured from the environment.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_VARNISH_URL"):
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_VARNISH_URL"],
    }
if os.environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("FRONTEND_CACHE_CLOUDFLARE_TOKEN", ""),
        "ZONEID": os.environ["FRONTEND_CACHE_CLOUDFLARE_ZONEID"],
    }
if os.environ.get("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"],
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

# Media on S3-compatible object storage (django-storages, `pip install -e ".[s3]"`), so every
# app server sees the same uploads and renditions.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY", ""),
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "default_acl": None,
            "file_overwrite": False,
        },
    }

# Renditions never change for a given image and filter: keep Wagtail's rendition lookups in
# each process's memory. In Redis a listing of N cards cost N round trips (measured: 157
# round trips on an author page), since Wagtail writes each rendition back to the cache.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "storywerk-renditions",
    "OPTIONS": {"MAX_ENTRIES": 20_000},
}

# --- i18n: the public site's language lives in the URL ---
# German (LANGUAGE_CODE) has no prefix, English lives under /en/ (i18n_patterns in cms/urls.py).
# This LocaleMiddleware subclass drops `Vary: Accept-Language` (the URL alone decides) and
# sends a visitor who arrives at `/` from outside to the home page in their browser's language.
MIDDLEWARE = [
    "cms.middleware.UrlLanguageMiddleware"
    if entry == "django.middleware.locale.LocaleMiddleware"
    else entry
    for entry in MIDDLEWARE
]
# URL names (not paths), so a reader sent to log in keeps the language of the page they were on.
LOGIN_URL = "login"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# `intcomma` formats counts per language (1.234 in German, 1,234 in English).
INSTALLED_APPS += ["django.contrib.humanize"]
# The page cache's excluded prefixes hold in every language (/en/login/, /en/search/, ...).
STORYWERK_PAGE_CACHE_EXCLUDE = [
    *STORYWERK_PAGE_CACHE_EXCLUDE,
    *(f"/{code}{prefix}" for code, _name in LANGUAGES for prefix in STORYWERK_PAGE_CACHE_EXCLUDE),
]

# --- Security (sanitising, CSP, logins, invitations, uploads, rate limits) ---
# See docs/security.md for the model behind these settings.
from datetime import timedelta  # noqa: E402

from django.utils.csp import CSP  # noqa: E402

INSTALLED_APPS.insert(INSTALLED_APPS.index("django.contrib.admin"), "axes")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
)
# After Django's CSP middleware, so its response hook runs first and can pick the admin policy.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.csp.ContentSecurityPolicyMiddleware") + 1,
    "cms.csp.AdminContentSecurityPolicyMiddleware",
)
# Rate limits answer before any view (Wagtail's admin login included) does work.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "cms.ratelimit.RateLimitMiddleware",
)
# Logs out a user deactivated since their last request (Django's ModelBackend already refuses
# inactive users; this makes the rule explicit for every backend and ends the session).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "cms.login_protection.DeactivatedUserLogoutMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

AUTHENTICATION_BACKENDS = [
    "cms.login_protection.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Embeds: the iframe hosts a story may embed; the public CSP frame-src follows this list.
STORYWERK_EMBED_HOSTS = env_list(
    "STORYWERK_EMBED_HOSTS", "www.youtube-nocookie.com,player.vimeo.com"
)

# Public pages: no inline script or style, nothing from elsewhere except allowlisted iframes.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [f"https://{host}" for host in STORYWERK_EMBED_HOSTS],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    # Wagtail's live preview frames our pages from the admin (same origin).
    "frame-ancestors": [CSP.SELF],
}
# The Wagtail admin ships inline scripts and styles (date picker, panels, telepath data):
# it gets its own policy that allows them, still same-origin only.
STORYWERK_ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, *(f"https://{host}" for host in STORYWERK_EMBED_HOSTS)],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
STORYWERK_ADMIN_PATH_PREFIX = "/admin/"

# django-axes: 5 failures per username + client lock both out for 15 minutes. The client is a
# keyed hash (cms.login_protection.hashed_client_ip), never the raw IP address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "cms.login_protection.hashed_client_ip"
AXES_RESET_ON_SUCCESS = True
# Successful logins are not logged (AccessLog would keep user agents for no security gain).
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password"]

# Uploads: content-checked images, metadata stripped before anything is written.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.uploads.StrippedImageForm"

# Rate limits on public POST endpoints: (scope, path prefix, limit, window in seconds).
STORYWERK_RATE_LIMITS = [
    ("login", "/login/", 10, 60),
    ("admin-login", "/admin/login/", 10, 60),
    ("password-reset", "/admin/password_reset/", 5, 60 * 15),
    ("invitation", "/invitation/", 10, 60),
]

# Invitations expire after this many days.
STORYWERK_INVITATION_DAYS = int(os.environ.get("STORYWERK_INVITATION_DAYS", 7))

# Search input with double quotes must not 500 on SQLite (see cms/search_backend.py).
WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "cms.search_backend"

# No avatars from Gravatar: it would leak a hash of every user's email to a third party
# (and the admin CSP allows same-origin images only).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- gdpr: nothing lost, backups, GDPR tools -------------------------------------------
# Wagtail's users app with a user viewset that deactivates instead of deleting.
INSTALLED_APPS = [
    "authors.users_config.StorywerkUsersAppConfig" if app == "wagtail.users" else app
    for app in INSTALLED_APPS
]
# `manage.py backup` writes here (one timestamped directory per run).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

# --- Readership: private counting, see docs/readership.md -------------------------
# X-Forwarded-For is believed only when the direct peer is one of these proxies (IPs or CIDRs).
STORYWERK_TRUSTED_PROXIES = env_list("STORYWERK_TRUSTED_PROXIES")
# Beacons are buffered in Redis (flushed every minute) when set; empty: one DB write each.
STORYWERK_READERSHIP_REDIS_URL = os.environ.get("STORYWERK_READERSHIP_REDIS_URL", REDIS_URL)
# Beacons per minute accepted from one (hashed) reader before answering 429.
STORYWERK_READERSHIP_RATE_LIMIT = int(os.environ.get("STORYWERK_READERSHIP_RATE_LIMIT", 120))
# Rollup rows older than this many months are deleted.
STORYWERK_READERSHIP_RETENTION_MONTHS = 25
# Total daily readers at which a story's authors get a congratulation email (once each).
STORYWERK_READERSHIP_MILESTONES = (100, 500, 1000)
# How long the admin's readership figures stay cached (flushes and publishing renew them at
# once). Without Redis each process has its own cache the scheduler cannot reach: keep it short.
STORYWERK_READERSHIP_DASHBOARD_CACHE_SECONDS = int(
    os.environ.get("STORYWERK_READERSHIP_DASHBOARD_CACHE_SECONDS") or (3600 if REDIS_URL else 60)
)

# --- Two-factor sign-in (TOTP, django-otp); see docs/security.md ----------------------------
INSTALLED_APPS.insert(INSTALLED_APPS.index("django.contrib.admin"), "django_otp")
INSTALLED_APPS.insert(INSTALLED_APPS.index("django.contrib.admin"), "django_otp.plugins.otp_totp")
# OTPMiddleware marks a session verified (request.user.is_verified()); the gate after the
# messages middleware sends admin requests to the code or set-up page (cms.two_factor).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "cms.two_factor.TwoFactorMiddleware",
)
# On: Editors and Admins must set up an authenticator before using the admin. On by default
# here (production): they publish to every employee and manage people, so a leaked password
# alone must not be enough; dev.py and test.py turn it off so demo and test logins need no
# phone. Whoever set up an authenticator is asked for a code whatever this says.
STORYWERK_TWO_FACTOR = env_bool("TWO_FACTOR", True)
# Code attempts (sign-in, set-up, removal) per user per window in seconds, then a 429.
STORYWERK_TWO_FACTOR_RATE_LIMIT = (10, 10 * 60)
# The account name authenticator apps show next to the code.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
