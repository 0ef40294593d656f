"""Tests: fast and deterministic."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "storywerk-tests-only"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
WHITENOISE_AUTOREFRESH = True
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "ENQUEUE_ON_COMMIT": False,
    }
}
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", BASE_DIR / ".test-media"))  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests set the public address where they test it (tests/cms/test_public_address.py).
SITE_URL = ""

# A file database so the e2e live server and the test thread share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Each test process gets its own cache namespace; Redis (if configured) is shared.
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Bench / scale: the anonymous page cache is off for the suite (tests change data between two
# requests without publishing); tests/cms/test_page_cache.py switches it on where it is tested.
STORYWERK_PAGE_CACHE_ENABLED = False
# Likewise the sitemap and feed cache (cms/document_cache.py): its tests switch it on.
STORYWERK_DOCUMENT_CACHE_ENABLED = False
# Readership: tests choose the buffer explicitly (database by default, Redis where they say so).
STORYWERK_READERSHIP_REDIS_URL = ""
# Two-factor: not required in the suite (the e2e login helper signs in with a password only);
# tests/cms/test_two_factor.py turns it on where it is tested.
STORYWERK_TWO_FACTOR = False
