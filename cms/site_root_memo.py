"""Wagtail's site root paths read once per GET request instead of once per URL built.

Why: `Site.get_site_root_paths()` reads the default cache on every call, and every URL built
without the request (`page.url`, absolute links in feeds and page metadata, the storytellers
directory of each byline) calls it. With Redis that was a network round trip per URL:
measured 8 per search page and over 100 per feed of 30 stories, the largest single cost
of the feed. A GET request changes no site or page path, so the first answer holds until the
request ends; other methods, the scheduler and commands read the cache as before.
"""

from asgiref.local import Local
from wagtail.models import Site

_memo = Local()
_original = Site.get_site_root_paths


def start(sender, environ=None, **kwargs):
    """request_started: remember for GET and HEAD requests only."""
    method = (environ or {}).get("REQUEST_METHOD", "")
    _memo.state = {} if method in ("GET", "HEAD") else None


def end(sender=None, **kwargs):
    """request_finished, and any save of a Site: forget."""
    _memo.state = None


def get_site_root_paths():
    state = getattr(_memo, "state", None)
    if state is None:
        return _original()
    if "paths" not in state:
        state["paths"] = _original()
    return state["paths"]


def install():
    """Route Wagtail's lookups through the memo (from CmsConfig.ready())."""
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import post_delete, post_save

    Site.get_site_root_paths = staticmethod(get_site_root_paths)
    request_started.connect(start, dispatch_uid="cms_site_root_memo_start")
    request_finished.connect(end, dispatch_uid="cms_site_root_memo_end")
    post_save.connect(end, sender=Site, dispatch_uid="cms_site_root_memo_site_saved")
    post_delete.connect(end, sender=Site, dispatch_uid="cms_site_root_memo_site_deleted")
