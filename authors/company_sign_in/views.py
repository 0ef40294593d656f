"""Sign-in with the company account: start, callback (with a clear message on refusal), and
the sign-out that also ends the provider's session where it offers to."""

from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)
from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from authors.company_sign_in import config
from authors.company_sign_in.people import SignInRefused


def sign_in_failed(request, message, status=400):
    return TemplateResponse(
        request,
        "authors/company_sign_in/failed.html",
        {"message": message, "company_sign_in_label": config.button_label()},
        status=status,
    )


class StartView(OIDCAuthenticationRequestView):
    """Send the browser to the provider (with state, nonce and a PKCE challenge)."""

    get_settings = staticmethod(config.setting)

    def __init__(self, **kwargs):
        # The parent reads the endpoints here: resolved per request instead, see get().
        View.__init__(self, **kwargs)

    def get(self, request):
        if not config.is_configured():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = config.endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except config.ProviderUnavailable:
            return sign_in_failed(request, _provider_unavailable(), status=503)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: signed in, or a page that says why not (nothing is created)."""

    get_settings = staticmethod(config.setting)
    refusal = None

    def get(self, request):
        if not config.is_configured():
            raise Http404
        if request.GET.get("error"):
            self.refusal = _("%(company)s did not sign you in.") % {
                "company": config.company_name()
            }
        elif request.GET.get("state") not in request.session.get("oidc_states", {}):
            self.refusal = _invalid_link()
        try:
            return super().get(request)
        except SignInRefused as exc:
            self.refusal = exc.message
        except SuspiciousOperation:
            # mozilla-django-oidc: the state is unknown to this browser's session.
            self.refusal = _invalid_link()
        except config.ProviderUnavailable:
            return sign_in_failed(request, _provider_unavailable(), status=503)
        except IntegrityError:
            # The same person's first sign-in in two tabs at once: one of them made the account.
            pass
        except requests.HTTPError:
            # The token endpoint said no: a code used twice, expired, or not ours.
            self.refusal = _(
                "%(company)s did not confirm this sign-in (it may have been used already). "
                "Please sign in again."
            ) % {"company": config.company_name()}
        except requests.RequestException:
            return sign_in_failed(request, _provider_unavailable(), status=503)
        return self.login_failure()

    def login_failure(self):
        message = self.refusal or _("The sign-in could not be completed. Please sign in again.")
        return sign_in_failed(self.request, message, status=403)


def _invalid_link():
    return _(
        "This sign-in link is not valid here: it was changed, used already, or started "
        "in another browser. Please sign in again."
    )


def _provider_unavailable():
    return _("%(company)s cannot be reached at the moment. Please try again later.") % {
        "company": config.company_name()
    }


def provider_logout_url(request):
    """The provider's end-session URL for this session, or None (RP-initiated logout 1.0)."""
    id_token = request.session.get("oidc_id_token")
    if not id_token or not config.is_configured():
        return None
    try:
        end_session = config.endpoint("OIDC_OP_END_SESSION_ENDPOINT", required=False)
    except config.ProviderUnavailable:
        return None
    if not end_session:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri("/"),
        }
    )
    return f"{end_session}?{query}"


class ProviderLogoutMixin:
    """After the local logout, continue to the provider's end-session endpoint if any."""

    provider_logout = None

    def post(self, request, *args, **kwargs):
        # Read before the logout clears the session that holds the ID token.
        self.provider_logout = provider_logout_url(request)
        return super().post(request, *args, **kwargs)

    def get_success_url(self):
        return self.provider_logout or super().get_success_url()


class SignOutView(ProviderLogoutMixin, auth_views.LogoutView):
    """The public site's logout."""


class AdminSignOutView(ProviderLogoutMixin, WagtailLogoutView):
    """The admin's logout (same URL name as Wagtail's)."""
