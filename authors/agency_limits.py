"""What an agency coach's session may reach, checked on each request.

Their stories and reviews are narrowed where everyone's are (stories/permissions.py, through
`is_staff_coach` and `is_employee`); this middleware adds the two things no page permission
says: an account whose end date has come is signed out at once (the hourly job may not have
run yet), and the admin's reports, which export spreadsheets of the site's history and
workflows, stay closed to them.
"""

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied

from authors.agency import end_access, ended_access_of
from authors.roles import is_agency_coach

# Admin URL namespaces an agency coach never opens (each report offers CSV/XLSX exports).
REFUSED_NAMESPACES = ("wagtailadmin_reports",)


class AgencyCoachLimitsMiddleware:
    """Signs out an agency coach whose access ended; refuses them the admin's reports."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # The user's groups are cached on the user: no query for anyone but agency coaches.
        if user is not None and user.is_authenticated and is_agency_coach(user):
            access = ended_access_of(user)
            if access is not None:
                end_access(access)
                logout(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        match = request.resolver_match
        if user is None or match is None or not user.is_authenticated:
            return None
        if set(match.namespaces) & set(REFUSED_NAMESPACES) and is_agency_coach(user):
            raise PermissionDenied
        return None


def hide_reports_from_agency_coaches(request, menu_items):
    """construct_reports_menu: the reports the middleware refuses are not offered either."""
    if is_agency_coach(request.user):
        menu_items[:] = []
