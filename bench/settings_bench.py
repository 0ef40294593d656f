"""Production settings plus the baseline's plain page type, for `make bench` only.

The story pages and the plain Wagtail page are then served by the same server with the same
middleware, so their CPU per request can be compared as a ratio.
"""

from cms.settings.production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench.plain"]  # noqa: F405
