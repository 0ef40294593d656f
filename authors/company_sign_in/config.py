"""The company sign-in's settings: on or off, the button's label, the provider's endpoints.

Endpoints come from explicit settings when given, else from the issuer's discovery document
(fetched on first use, cached for an hour; never at import time).
"""

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from mozilla_django_oidc.utils import import_from_settings

# mozilla-django-oidc's endpoint setting -> the discovery document's key.
ENDPOINT_KEYS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_END_SESSION_ENDPOINT": "end_session_endpoint",
}
DISCOVERY_CACHE_SECONDS = 60 * 60


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read or does not fit the settings."""


def is_configured():
    return bool(
        settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID and settings.OIDC_RP_CLIENT_SECRET
    )


def button_label():
    name = settings.STORYWERK_OIDC_COMPANY_NAME
    if name:
        return _("Sign in with %(company)s") % {"company": name}
    return _("Sign in with your company account")


def company_name():
    return settings.STORYWERK_OIDC_COMPANY_NAME or _("your company")


def issuer():
    return settings.OIDC_ISSUER.rstrip("/")


def _discovery():
    key = f"storywerk:oidc-discovery:{issuer()}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(
                f"{issuer()}/.well-known/openid-configuration",
                timeout=settings.OIDC_TIMEOUT,
            )
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(str(exc)) from exc
        # OpenID Connect Discovery 1.0 section 4.3: the document must name the same issuer.
        if str(document.get("issuer", "")).rstrip("/") != issuer():
            raise ProviderUnavailable("the discovery document names another issuer")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def endpoint(setting_name, required=True):
    """An endpoint URL: the explicit setting, else the discovery document's."""
    explicit = getattr(settings, setting_name, "")
    if explicit:
        return explicit
    value = _discovery().get(ENDPOINT_KEYS[setting_name], "")
    if not value and required:
        raise ProviderUnavailable(f"the provider names no {ENDPOINT_KEYS[setting_name]}")
    return value


def setting(attr, *args):
    """mozilla-django-oidc's settings lookup, with endpoints resolved through discovery."""
    if attr in ENDPOINT_KEYS:
        return endpoint(attr, required=attr != "OIDC_OP_END_SESSION_ENDPOINT")
    return import_from_settings(attr, *args)


def mfa_proven(amr, acr):
    """Whether the provider says a second factor was used (amr values or an acr we trust)."""
    methods = set(amr or [])
    return bool(methods & set(settings.STORYWERK_OIDC_MFA_AMR)) or (
        bool(acr) and acr in settings.STORYWERK_OIDC_MFA_ACR
    )
