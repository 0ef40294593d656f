"""Settings for signing in and for security headers, CSP and rate limits.

Imported by base.py in its place among the topics; docs/security.md explains the choices.
"""

import os
from datetime import timedelta
from urllib.parse import urlsplit

from django.utils.csp import CSP

from cms.settings.env import env_bool, env_list

# --- Sign-in ----------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "cms.login_protection.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Company sign-in (OpenID Connect); does nothing until the OIDC_* settings below are given.
    "authors.company_sign_in.backend.CompanySignInBackend",
]
# URL names (not paths), so a reader sent to log in keeps the language of the page they were on.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# Tells an agency coach whose access has ended why they cannot sign in (authors/sign_in.py).
WAGTAILADMIN_USER_LOGIN_FORM = "authors.sign_in.AdminLoginForm"

# django-axes: 5 failures per username + client lock both out for 15 minutes. The client is a
# keyed hash (cms.login_protection.hashed_client_ip), never the raw IP address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "cms.login_protection.hashed_client_ip"
AXES_RESET_ON_SUCCESS = True
# Successful logins are not logged (AccessLog would keep user agents for no security gain).
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password"]

# Two-factor (TOTP, django-otp): Editors and Admins must set up an authenticator before using
# the admin. On by default here (production): they publish to every employee and manage
# people, so a leaked password alone must not be enough; dev.py and test.py turn it off so
# demo and test logins need no phone. Whoever set up an authenticator is asked for a code
# whatever this says.
STORYWERK_TWO_FACTOR = env_bool("TWO_FACTOR", True)
# Code attempts (sign-in, set-up, removal) per user per window in seconds, then a 429.
STORYWERK_TWO_FACTOR_RATE_LIMIT = (10, 10 * 60)

# --- Company sign-in (OpenID Connect, mozilla-django-oidc) -------------------------------------
# Off until the issuer, client id and secret are given; docs/sign-in.md sets up each provider.
# The OIDC_RP_* / OIDC_OP_* names are mozilla-django-oidc's; the environment's are shorter.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
# Explicit endpoints for a provider without discovery; empty: read from the issuer's
# /.well-known/openid-configuration.
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_JWKS_ENDPOINT", "")
OIDC_OP_END_SESSION_ENDPOINT = os.environ.get("OIDC_END_SESSION_ENDPOINT", "")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
# The ID token is kept in the session as the id_token_hint of the provider's logout.
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "company_sign_in_callback"
OIDC_TIMEOUT = 10
STORYWERK_OIDC_COMPANY_NAME = os.environ.get("OIDC_COMPANY_NAME", "")
# Which claim holds what; an empty email_verified name trusts every address (docs/sign-in.md).
STORYWERK_OIDC_CLAIMS = {
    "email": os.environ.get("OIDC_CLAIM_EMAIL", "email"),
    "email_verified": os.environ.get("OIDC_CLAIM_EMAIL_VERIFIED", "email_verified"),
    "username": os.environ.get("OIDC_CLAIM_USERNAME", "preferred_username"),
    "name": os.environ.get("OIDC_CLAIM_NAME", "name"),
    "given_name": os.environ.get("OIDC_CLAIM_GIVEN_NAME", "given_name"),
    "family_name": os.environ.get("OIDC_CLAIM_FAMILY_NAME", "family_name"),
    "department": os.environ.get("OIDC_CLAIM_DEPARTMENT", "department"),
    "level": os.environ.get("OIDC_CLAIM_LEVEL", "level"),
    "job_title": os.environ.get("OIDC_CLAIM_JOB_TITLE", "job_title"),
    "groups": os.environ.get("OIDC_CLAIM_GROUPS", "groups"),
}
# Role group here -> the provider's groups that grant it. A role with no groups listed is
# managed here by hand, not by the provider.
STORYWERK_OIDC_ROLE_GROUPS = {
    "Coaches": env_list("OIDC_GROUPS_COACHES"),
    "Editors": env_list("OIDC_GROUPS_EDITORS"),
    # authors.roles.AGENCY_COACHES_GROUP: external coaches of their paired authors only.
    "Agency coaches": env_list("OIDC_GROUPS_AGENCY_STAFF"),
}
# Refuse company sign-ins without a second factor at the provider (amr or acr say so).
STORYWERK_OIDC_REQUIRE_MFA = env_bool("OIDC_REQUIRE_MFA", False)
STORYWERK_OIDC_MFA_AMR = env_list("OIDC_MFA_AMR", "mfa,otp,hwk,swk,sms,tel,fpt,face,iris,sc")
STORYWERK_OIDC_MFA_ACR = env_list("OIDC_MFA_ACR", "")
# deactivate_unseen_accounts: days without a company sign-in before an account is deactivated.
STORYWERK_OIDC_DEACTIVATE_AFTER_DAYS = int(os.environ.get("OIDC_DEACTIVATE_AFTER_DAYS", "90"))
# Signing out continues to the provider's logout: a redirect after a form post, which the
# CSP's form-action must allow (browsers check it on redirects too).
OIDC_PROVIDER_ORIGINS = sorted(
    {
        f"{part.scheme}://{part.netloc}"
        for part in map(urlsplit, [OIDC_ISSUER, OIDC_OP_END_SESSION_ENDPOINT])
        if part.scheme and part.netloc
    }
)

# --- Security headers, CSP, rate limits -------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's live preview shows the page in a same-origin iframe, so DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Embeds: the iframe hosts a story may embed; the public CSP frame-src follows this list.
STORYWERK_EMBED_HOSTS = env_list(
    "STORYWERK_EMBED_HOSTS", "www.youtube-nocookie.com,player.vimeo.com"
)
# Public pages: no inline script or style, nothing from elsewhere except allowlisted iframes.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [f"https://{host}" for host in STORYWERK_EMBED_HOSTS],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF, *OIDC_PROVIDER_ORIGINS],
    # Wagtail's live preview frames our pages from the admin (same origin).
    "frame-ancestors": [CSP.SELF],
}
# The Wagtail admin ships inline scripts and styles (date picker, panels, telepath data):
# it gets its own policy that allows them, still same-origin only.
STORYWERK_ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, *(f"https://{host}" for host in STORYWERK_EMBED_HOSTS)],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF, *OIDC_PROVIDER_ORIGINS],
    "frame-ancestors": [CSP.SELF],
}
STORYWERK_ADMIN_PATH_PREFIX = "/admin/"

# Rate limits on public POST endpoints: (scope, path prefix, limit, window in seconds).
# Every form that takes a password shares the "login" scope: one budget per hashed client
# whatever the form or username (spraying one password over many names is capped too).
STORYWERK_RATE_LIMITS = [
    ("login", "/login/", 10, 60),
    ("login", "/admin/login/", 10, 60),
    ("login", "/_util/login/", 10, 60),
    ("login", "/_util/authenticate_with_password/", 10, 60),
    ("login", "/documents/authenticate_with_password/", 10, 60),
    ("password-reset", "/admin/password_reset/", 5, 60 * 15),
    ("invitation", "/invitation/", 10, 60),
]
