"""The authentication backend: mozilla-django-oidc's code flow, with the checks it leaves out.

mozilla-django-oidc 5 verifies the ID token's signature, expiry and nonce, but not its
audience or issuer, and matches people by email only: both are done here.
"""

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from authors.company_sign_in import config
from authors.company_sign_in.people import SignInRefused, sign_in
from cms.two_factor import PROVIDER_MFA_SESSION_KEY

# Clock difference tolerated between this server and the provider, in seconds.
LEEWAY_SECONDS = 60


class CompanySignInBackend(OIDCAuthenticationBackend):
    """Signs in whoever the company's provider vouches for (only from the callback view)."""

    def __init__(self, *args, **kwargs):
        # The parent reads endpoints here; they are resolved on use, so a site without
        # company sign-in (or with the provider down) never fetches anything.
        self.UserModel = get_user_model()

    get_settings = staticmethod(config.setting)

    def authenticate(self, request, **kwargs):
        # Only the callback passes a nonce: a password login never reaches the provider.
        if request is None or "nonce" not in kwargs or not config.is_configured():
            return None
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_OP_TOKEN_ENDPOINT = config.endpoint("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = config.endpoint("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = config.endpoint("OIDC_OP_JWKS_ENDPOINT")
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """Signature, expiry, audience and issuer of the ID token, each with its own message."""
        algorithm = jwt.get_unverified_header(payload).get("alg")
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            raise SignInRefused(_("The sign-in could not be verified (unexpected signature)."))
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=config.issuer(),
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise SignInRefused(_("The sign-in has expired. Please sign in again.")) from exc
        except jwt.InvalidAudienceError as exc:
            raise SignInRefused(_("The sign-in was issued for another application.")) from exc
        except jwt.InvalidIssuerError as exc:
            raise SignInRefused(_("The sign-in was issued by another provider.")) from exc
        except jwt.InvalidTokenError as exc:
            raise SignInRefused(_("The sign-in could not be verified.")) from exc
        # With several audiences, the token must name us as the party it was issued to.
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SignInRefused(_("The sign-in was issued for another application."))
        return claims

    def verify_token(self, token, **kwargs):
        try:
            return super().verify_token(token, **kwargs)
        except SuspiciousOperation as exc:  # the nonce, or an unknown signing key
            raise SignInRefused(_("The sign-in could not be verified.")) from exc

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: userinfo about someone else must not be used.
        if str(userinfo.get("sub")) != str(payload["sub"]):
            raise SignInRefused(_("The sign-in could not be verified."))
        amr, acr = payload.get("amr"), payload.get("acr")
        mfa = config.mfa_proven(amr if isinstance(amr, list) else [amr], acr)
        if settings.STORYWERK_OIDC_REQUIRE_MFA and not mfa:
            raise SignInRefused(
                _("%(company)s did not confirm a second factor. Sign in there with one.")
                % {"company": config.company_name()}
            )
        user = sign_in({**userinfo, **payload}, issuer=payload["iss"], amr=amr, acr=acr)
        self.request.session[PROVIDER_MFA_SESSION_KEY] = mfa
        return user
