"""The site's one public address (`SITE_URL`) and absolute URLs built from it.

Wagtail builds every absolute page URL (`page.full_url`, feeds, the sitemap) from the default
`Site` record, which its first migration creates as `localhost:80`. `SITE_URL` in the
environment is written onto that record after every `migrate` (a post_migrate receiver), so
the record, and with it every link the site emits, follows the deployment's configuration.
Links built outside Wagtail's page URLs (hreflang alternates, canonical links of views, image
URLs, emails) go through `absolute_url()`, which reads the same record.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".test", ".example")


def parse_site_url(value):
    """(scheme, hostname, port) of a SITE_URL such as "https://stories.example.com".

    Raises ValueError for anything Wagtail's `Site` cannot express: its root URL is http,
    except on port 443 where it is https, so https needs port 443 and http any other port.
    """
    parts = urlsplit((value or "").strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError("SITE_URL must look like https://stories.example.com")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("SITE_URL must not have a path: the site is served from /")
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    if (parts.scheme == "https") != (port == 443):
        raise ValueError("SITE_URL: https is served on port 443 and http on any other port")
    return parts.scheme, parts.hostname.lower(), port


def is_local_hostname(hostname):
    """Whether links to this host would go nowhere from outside (localhost, 127.x, ...)."""
    hostname = hostname.lower().rstrip(".")
    if hostname == "localhost" or hostname.endswith(LOCAL_SUFFIXES):
        return True
    try:
        address = ipaddress.ip_address(hostname.strip("[]"))
    except ValueError:
        return "." not in hostname  # a bare machine name
    return address.is_loopback or address.is_private or address.is_unspecified


def apply_site_url(site_url=None):
    """Point the default Site at SITE_URL; returns True when the record changed.

    Idempotent: run after every migrate, it saves only when host or port differ.
    """
    site_url = settings.SITE_URL if site_url is None else site_url
    if not site_url:
        return False
    _scheme, hostname, port = parse_site_url(site_url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    # Saving through the model clears Wagtail's cached site root paths (its post_save handler).
    site.save(update_fields=["hostname", "port"])
    return True


def apply_site_url_after_migrate(sender, verbosity=1, **kwargs):
    """post_migrate receiver (connected in CmsConfig.ready, once: sender is the cms app)."""
    if apply_site_url() and verbosity:
        print(f"  Default site now answers as {settings.SITE_URL}")  # noqa: T201


def site_root_url(request=None):
    """ "https://stories.example.com" (no trailing slash): the site's public root URL.

    From Wagtail's cached site root paths (the default site first), so it costs no query once
    warm; a request already matched to a site keeps that site.
    """
    site = getattr(request, "_wagtail_site", None)
    if site is not None:
        return site.root_url
    root_paths = Site.get_site_root_paths()
    if root_paths:
        return root_paths[0].root_url
    return (settings.SITE_URL or "").rstrip("/")


def absolute_url(url, request=None):
    """A site-relative URL ("/en/stories/") made absolute on the public address."""
    if not url or "://" in url or url.startswith("//"):
        return url
    return site_root_url(request) + url
