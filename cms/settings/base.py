"""Production-safe base settings; every environment variable is read here.

Sections by topic, each setting written once. `.env.example` lists the variables;
docs/security.md and docs/deployment.md explain the choices behind them.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from cms.settings.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent


# --- Core -------------------------------------------------------------------------------------

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications -----------------------------------------------------------------------------

INSTALLED_APPS = [
    # Ours first: our templates and signal receivers come before Wagtail's (stories connects
    # its workflow mails under Wagtail's dispatch uids, so Wagtail's copies are skipped).
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
    # wagtail.users with a user viewset that deactivates instead of deleting (a deleted user
    # takes their page comments along).
    "authors.users_config.StorywerkUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Login lockouts and two-factor sign-in, before django.contrib.admin (their templates).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # `intcomma` formats counts per language (1.234 in German, 1,234 in English).
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # The anonymous page cache first: a hit is answered before sessions, auth and CSRF run.
    "cms.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # After Django's CSP middleware, so its response hook runs first and picks the admin policy.
    "cms.csp.AdminContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware without `Vary: Accept-Language` (the URL alone decides); sends
    # a visitor who arrives at `/` from outside to the home page in their browser's language.
    "cms.middleware.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a session verified by a second factor (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    # Logs out a user deactivated since their last request (ends the session).
    "cms.login_protection.DeactivatedUserLogoutMiddleware",
    # Signs out an agency coach on their end date; keeps the admin's reports from them.
    "authors.agency_limits.AgencyCoachLimitsMiddleware",
    # Rate limits answer before any view (Wagtail's admin login included) does work.
    "cms.ratelimit.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: sends admin requests to the code or set-up page (cms.two_factor).
    "cms.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    # Admin URLs that name a story the user may not see answer 404 before the view runs.
    "stories.admin_privacy.DraftPrivacyMiddleware",
]

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
                # The "Sign in with <company>" button of both login pages.
                "authors.company_sign_in.context_processors.company_sign_in",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

# SQLite by default (WAL + busy timeout so the web server and the scheduler can
# write side by side); DATABASE_URL switches to PostgreSQL in production.
SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", 60)),
        # A persistent connection outlives a database restart: checked before each request's
        # first query, a dead one is replaced instead of failing that request with a 500.
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
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
# `manage.py backup` writes here (one timestamped directory per run).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

# --- Caches -----------------------------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "storywerk",
            # Redis down or restarting: cache reads miss and writes are dropped (logged)
            # instead of answering 500, so pages keep serving; timeouts bound a hung server.
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "storywerk.cache"
else:
    # Without Redis the cache must still be shared by every process on the machine (web
    # workers and the scheduler): a purge or opt-out in one must reach readers of the others,
    # which a per-process memory cache cannot do.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR") or str(BASE_DIR / ".cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
# Renditions never change for a given image and filter: keep Wagtail's rendition lookups in
# each process's memory. In Redis a listing of N cards cost N round trips (measured: 157
# round trips on an author page), since Wagtail writes each rendition back to the cache.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "storywerk-renditions",
    "OPTIONS": {"MAX_ENTRIES": 20_000},
}

# --- Languages and time -----------------------------------------------------------------------

# German is the company default (no URL prefix), English lives under /en/ (i18n_patterns in
# cms/urls.py). Mail goes out in each recipient's own language (cms/mail.py).
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "de")
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Sign-in and security: cms/settings/security.py --------------------------------------------

from cms.settings.security import *  # noqa: E402, F403

# --- Static files, media, uploads -------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers and apps ask for at the site root (favicon.ico, apple-touch-icon.png, the web
# manifest and its icons), served by WhiteNoise as they are.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
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
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email and logging: cms/settings/mail_and_logs.py ---------------------------------------

from cms.settings.mail_and_logs import *  # noqa: E402, F403

# --- Wagtail ----------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Storywerk"
# The one public address (e.g. https://stories.example.com): written onto the default Wagtail
# Site after every migrate (cms/public_address.py), so feeds, the sitemap, canonical and share
# links and emails use it. `check --deploy` warns when it is unset or local.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
# Links in emails to the admin: the public address unless the admin lives elsewhere.
WAGTAILADMIN_BASE_URL = (
    os.environ.get("WAGTAILADMIN_BASE_URL") or SITE_URL or "http://127.0.0.1:8000"
)
WAGTAILIMAGES_IMAGE_MODEL = "cms.StorywerkImage"
# Uploads: content-checked images, metadata stripped before anything is written.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.uploads.StrippedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.uploads.StoredDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
# Search input with double quotes must not 500 on SQLite (see cms/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search_backend"}}
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# The final approval publishes what the reviewers saw, not blindly the latest revision.
WAGTAIL_FINISH_WORKFLOW_ACTION = "stories.review.setup.finish_story_review"
# No avatars from Gravatar: it would leak a hash of every user's email to a third party
# (and the admin CSP allows same-origin images only).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The account name authenticator apps show next to the code.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Page cache and CDN -----------------------------------------------------------------------

# Full-page cache for anonymous readers (cms/page_cache.py), purged on publish/unpublish/
# move/delete (stories/cache_purge.py); shared across app servers when REDIS_URL is set.
STORYWERK_PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
STORYWERK_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
# Sitemap and feeds from the shared cache for every reader, renewed by each publish
# (cms/document_cache.py); the time is only a safety net.
STORYWERK_DOCUMENT_CACHE_ENABLED = env_bool("DOCUMENT_CACHE_ENABLED", True)
STORYWERK_DOCUMENT_CACHE_SECONDS = int(os.environ.get("DOCUMENT_CACHE_SECONDS", 86400))
# Never cached, in every language (/en/login/, ...): the admin (previews included), counting,
# login, per-query search, documents.
_NEVER_CACHED = [
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/readership/",
    "/login/",
    "/logout/",
    "/healthz",
    "/search/",
]
STORYWERK_PAGE_CACHE_EXCLUDE = [
    *_NEVER_CACHED,
    *(f"/{code}{prefix}" for code, _name in LANGUAGES for prefix in _NEVER_CACHED),
]
del _NEVER_CACHED
# Query parameters pages read (story index and storytellers filters, page numbers, search,
# the sitemap's page): part of the cache key. Tracking parameters (also every `utm_*`) are left
# out of it; any other parameter bypasses the cache (cms/page_cache.py).
STORYWERK_PAGE_CACHE_QUERY_PARAMS = ["page", "department", "topic", "level", "q", "p"]
STORYWERK_PAGE_CACHE_TRACKING_PARAMS = [
    "src",
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "yclid",
    "_hsenc",
    "_hsmi",
]
# Pages that list stories beyond the story itself, its index and its authors' pages.
STORYWERK_PAGE_CACHE_STORY_PATHS = [
    "/",
    "/most-read/",
    "/stories/feed/",
    "/stories/feed/atom/",
    "/sitemap.xml",
    "/sitemap-wagtail.xml",
    # Not a cached page: the token renews the ranked search results (stories/search.py).
    "/search/",
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

# --- Stories: review, pitches, invitations ----------------------------------------------------

# A review step older than this many days is overdue; reminders go to the coach, and also to
# the editors once it is twice as old.
STORYWERK_REVIEW_DUE_DAYS = int(os.environ.get("STORYWERK_REVIEW_DUE_DAYS", 3))
# Pitches one employee may send per hour (the form is for people, not scripts).
STORYWERK_PITCHES_PER_HOUR = int(os.environ.get("STORYWERK_PITCHES_PER_HOUR", 5))
# Thank-yous one reader may send per hour (stories/thanks: once per story anyway).
STORYWERK_THANKS_PER_HOUR = int(os.environ.get("STORYWERK_THANKS_PER_HOUR", 10))
# Invitations expire after this many days.
STORYWERK_INVITATION_DAYS = int(os.environ.get("STORYWERK_INVITATION_DAYS", 7))

# --- Readership: private counting, see docs/readership.md -------------------------------------

# A read counts after this many seconds on the page.
STORYWERK_READ_SECONDS = int(os.environ.get("STORYWERK_READ_SECONDS", 30))
# X-Forwarded-For is believed only when the direct peer is one of these proxies (IPs or CIDRs).
STORYWERK_TRUSTED_PROXIES = env_list("STORYWERK_TRUSTED_PROXIES")
# Beacons are buffered in Redis (flushed every minute) when set; empty: one DB write each.
STORYWERK_READERSHIP_REDIS_URL = os.environ.get("STORYWERK_READERSHIP_REDIS_URL", REDIS_URL)
# Beacons per minute accepted from one address (any user agent; signed-in: one account)
# before answering 429.
STORYWERK_READERSHIP_RATE_LIMIT = int(os.environ.get("STORYWERK_READERSHIP_RATE_LIMIT", 120))
# Most views one address (signed-in: one account) adds to a story per day, whatever the user
# agent; daily readers and reads follow views, so they stay under it too. Shared addresses
# (company NAT) see anonymous readers beyond it uncounted: see docs/readership.md.
STORYWERK_READERSHIP_DAILY_CEILING = max(
    1, int(os.environ.get("STORYWERK_READERSHIP_DAILY_CEILING", 20))
)
# Rollup rows older than this many months are deleted.
STORYWERK_READERSHIP_RETENTION_MONTHS = 25
# Total daily readers at which a story's authors get a congratulation email (once each).
STORYWERK_READERSHIP_MILESTONES = (100, 500, 1000)
# How long the admin's readership figures stay cached (flushes and publishing renew them at
# once). Without Redis each process has its own cache the scheduler cannot reach: keep it short.
STORYWERK_READERSHIP_DASHBOARD_CACHE_SECONDS = int(
    os.environ.get("STORYWERK_READERSHIP_DASHBOARD_CACHE_SECONDS") or (3600 if REDIS_URL else 60)
)
