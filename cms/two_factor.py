"""Two-factor authentication (TOTP, django-otp) for staff: who must use it, devices, the gate.

The rules (docs/security.md):
* Anyone with admin access may set up an authenticator app; once confirmed, every login asks
  for a code before any admin page, whatever `STORYWERK_TWO_FACTOR` says (a second factor a
  person chose is never silently switched off).
* With `STORYWERK_TWO_FACTOR` on, Editors and Admins (superusers) without a confirmed device
  are sent to the set-up page for every admin URL.
* A company sign-in whose provider confirmed a second factor (authors.company_sign_in) has
  its two factors already: no code or set-up is asked of that session.
* It gates the admin only: the public site (internal stories included) is open to any
  employee account, most of which (Authors) have no second factor anyway.
"""

import base64
import io

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from authors.roles import is_editor

ENABLED_ACTION = "storywerk.two_factor.enabled"
REMOVED_ACTION = "storywerk.two_factor.removed"
RESET_ACTION = "storywerk.two_factor.reset"

# Set by the company sign-in: the provider confirmed a second factor (its amr/acr said so),
# which counts as this session's second factor.
PROVIDER_MFA_SESSION_KEY = "storywerk_provider_mfa"

SETUP_URL_NAME = "storywerk_two_factor_setup"
VERIFY_URL_NAME = "storywerk_two_factor_verify"
# Reachable without a second factor: signing in and out, password reset, and the assets the
# set-up page itself loads (icon sprite, JavaScript translations).
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}


def confirmed_device(user):
    """The user's confirmed authenticator (TOTP device), or None."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def must_use_two_factor(user):
    """True when the user's role requires a second factor (Editors, Admins) and it is on."""
    if not settings.STORYWERK_TWO_FACTOR or not user.is_authenticated or not user.is_active:
        return False
    return is_editor(user)


def pending_device(user):
    """The unconfirmed device being set up; the same one (same secret) across page reloads."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def manual_entry_key(device):
    """The secret as an authenticator app's "enter a key" field expects it, in groups of 4."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device):
    """The device's otpauth:// URL as an SVG QR code in a data: URI (for an <img>, no script).

    The filled variant has a white background, so the code still scans in dark mode.
    """
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def confirm_device(request, device):
    """Mark a device whose code was just checked as confirmed, and this session as verified.

    Any other device of the user (an older confirmed one, abandoned set-ups) is removed:
    one authenticator per person keeps "reset" meaning one thing.
    """
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        log(instance=device.user, action=ENABLED_ACTION, user=request.user)
    mark_verified(request, device)


def mark_verified(request, device):
    """This session passed the second factor (a new session key, as at any privilege step)."""
    request.session.cycle_key()
    django_otp.login(request, device)


def remove_devices(user, *, removed_by):
    """Delete the user's authenticator(s); logged as removed (own) or reset (by an admin).

    `user` must be a model instance: Wagtail's `log()` silently skips a lazy `request.user`.
    """
    with transaction.atomic():
        deleted, _ = TOTPDevice.objects.filter(user=user).delete()
        action = REMOVED_ACTION if removed_by.pk == user.pk else RESET_ACTION
        log(instance=user, action=action, user=removed_by)
    return deleted


def may_reset(acting_user, user):
    """Only Admins reset someone else's authenticator; their own goes through the code check."""
    return acting_user.is_superuser and acting_user.pk != user.pk


def has_confirmed_device(user, *, request_user):
    """Whether `user` has a confirmed authenticator, with one query per listing request.

    Why on `request_user`: Wagtail's user-listing button hook gets each row's user and the
    requesting user, not the request; the ids of users with a device are cached on the latter.
    """
    if not hasattr(request_user, "_storywerk_two_factor_user_ids"):
        request_user._storywerk_two_factor_user_ids = set(
            TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True)
        )
    return user.pk in request_user._storywerk_two_factor_user_ids


def safe_next_url(request, default):
    """The `next` parameter if it points into this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class TwoFactorMiddleware:
    """Admin gate: ask for the code of a confirmed device, or send required roles to set-up.

    Install after django_otp's OTPMiddleware (it sets `request.user.is_verified()`). A
    `process_view` hook, because the open pages are known by URL name, not by path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not request.path_info.startswith(settings.STORYWERK_ADMIN_PATH_PREFIX):
            return None
        url_name = request.resolver_match.url_name if request.resolver_match else None
        if url_name in OPEN_URL_NAMES or user.is_verified():
            return None
        if request.session.get(PROVIDER_MFA_SESSION_KEY):
            return None
        if confirmed_device(user) is not None:
            return None if url_name == VERIFY_URL_NAME else _redirect(request, VERIFY_URL_NAME)
        if url_name != SETUP_URL_NAME and must_use_two_factor(user):
            return _redirect(request, SETUP_URL_NAME)
        return None


def _redirect(request, url_name):
    url = reverse(url_name)
    if request.method == "GET":
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    return redirect(url)
