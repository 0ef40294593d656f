"""Content-Security-Policy: Django's built-in middleware, with a second policy for the admin.

Why a middleware and not `csp_override`: the admin's views are Wagtail's, so there is no view
to decorate; setting `response._csp_config` is the documented per-response override that
`django.middleware.csp.ContentSecurityPolicyMiddleware` reads.
"""

from django.conf import settings


class AdminContentSecurityPolicyMiddleware:
    """Give responses under the admin path the admin policy (it allows inline scripts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(settings.STORYWERK_ADMIN_PATH_PREFIX) and not hasattr(
            response, "_csp_config"
        ):
            response._csp_config = settings.STORYWERK_ADMIN_CSP
        return response
