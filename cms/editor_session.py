"""The page editor's session guard: what an author typed survives the admin session ending.

Wagtail 8 autosaves every change as a draft revision, but once the session has ended its
autosave fails with "A server error occurred", Save leads to the login page (the POST is
lost), and logging in again in another tab rotates the CSRF token the open editor holds.
`static/js/editor-session.js` (added to the editors here) explains the situation, holds Save
while the session is gone and sends the fresh token after the author logged in again.
"""

from django.conf import settings
from django.http import JsonResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def session_status(request):
    """200 while the admin session lives; Wagtail's admin URL wrapper sends others to log in."""
    return JsonResponse({"active": True})


def admin_urls():
    return [path("session/", session_status, name="storywerk_session_status")]


def editor_js():
    return format_html(
        '<script src="{}" data-session-url="{}" data-csrf-cookie="{}" '
        'data-session-ended-message="{}"></script>',
        static("js/editor-session.js"),
        reverse("storywerk_session_status"),
        settings.CSRF_COOKIE_NAME,
        gettext(
            "Your session has ended, so your latest changes are not saved yet. Stay on this "
            "page: log in again in a new browser tab, then come back here and save."
        ),
    )
