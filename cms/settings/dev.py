"""Development: DEBUG on, mail to the console, a fixed insecure key."""

import contextlib

from .base import *  # noqa: F403

WHITENOISE_AUTOREFRESH = True

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-storywerk-dev-only")  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Demo logins need no phone; TWO_FACTOR=true tries the required set-up locally.
STORYWERK_TWO_FACTOR = env_bool("TWO_FACTOR", False)  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
