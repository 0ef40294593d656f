"""Settings for signing in and for security headers, CSP and rate limits.

Imported by base.py in its place among the topics; docs/security.md explains the choices.
"""

from datetime import timedelta

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
]
# URL names (not paths), so a reader sent to log in keeps the language of the page they were on.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

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
    "form-action": [CSP.SELF],
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
    "form-action": [CSP.SELF],
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
