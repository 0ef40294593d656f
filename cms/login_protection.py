"""Login protection: django-axes lockouts keyed on a hashed client, and deactivation logout."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import SESSION_KEY, logout

from cms.client_address import client_ip
from cms.ratelimit import hashed_key


def hashed_client_ip(request):
    """The client as a keyed hash, shaped as an IPv6 address from the fd00::/8 private range.

    Why the address shape: axes stores the client in a GenericIPAddressField (PostgreSQL
    `inet`); a hash dressed as a unique-local IPv6 fits there, and the raw IP is never stored.
    """
    # Through the trusted proxies: behind the balancer REMOTE_ADDR is the same for everyone.
    digest = hashed_key("axes-client", client_ip(request))  # 32 hex digits = 128 bits
    return str(ipaddress.IPv6Address(int("fd" + digest[2:], 16)))


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped for in-process logins that carry no request.

    Why: `authenticate()` without a request (the test client's `login()`, the shell) has no
    remote client to lock out; axes would raise instead of letting ModelBackend decide.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class DeactivatedUserLogoutMiddleware:
    """End the session of a user who was deactivated (or removed) since their last request.

    Django's ModelBackend already resolves an inactive account to AnonymousUser; this also
    flushes the stale session (and its CSRF/messages state) instead of keeping it around.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            user = request.user
            if not user.is_authenticated or not user.is_active:
                logout(request)
        return self.get_response(request)
