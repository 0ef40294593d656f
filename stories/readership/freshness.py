"""How fresh the readership figures are: the time of the last flush into the rollups.

The pages' figures are cached until the next flush (stories/readership/dashboard_cache.py),
so the last flush is the moment they describe, on the Redis path and the database path alike.
"""

import datetime

from django.core.cache import cache
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LAST_FLUSH_KEY = "readership:last-flush"


def flushed(now=None):
    """Called by the flush job on every run (counts or none): the figures are current now."""
    cache.set(LAST_FLUSH_KEY, (now or timezone.now()).timestamp(), None)


def updated_ago(now=None):
    """'Updated 40 seconds ago', or None when no flush ran yet (no job, or a cold cache)."""
    stamp = cache.get(LAST_FLUSH_KEY)
    if stamp is None:
        return None
    now = now or timezone.now()
    then = datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return ngettext(
            "Updated %(seconds)s second ago", "Updated %(seconds)s seconds ago", seconds
        ) % {"seconds": seconds}
    return _("Updated %(time)s ago") % {"time": timesince(then, now)}
