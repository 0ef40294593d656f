"""The password sign-in forms: an agency coach whose access has ended is told so.

Used by the site's login page (cms/urls.py) and the admin's (WAGTAILADMIN_USER_LOGIN_FORM).
Django refuses an inactive account with the same words as a wrong password; for an ended
agency access the person hears why, but only once the password matched, so the message
tells nothing to someone guessing names.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats
from django.utils.translation import gettext as _
from wagtail.admin.forms.auth import LoginForm

from authors.agency import end_access, ended_access_of


def access_ended_error(access):
    return forms.ValidationError(
        _(
            "Your access as an agency coach ended on %(date)s. Please ask the editors who "
            "invited you if you need it again."
        )
        % {"date": formats.date_format(access.expires_on, "DATE_FORMAT")},
        code="access_ended",
    )


class AgencyAccessCheckMixin:
    """Refuses (and ends) an agency coach's sign-in from the day their access ends."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            access = self._ended_access_with_right_password()
            if access is not None:
                raise access_ended_error(access) from None
            raise

    def confirm_login_allowed(self, user):
        # Still active when the hourly job has not run yet today: end the account now.
        access = ended_access_of(user)
        if access is not None:
            end_access(access)
            raise access_ended_error(access)
        super().confirm_login_allowed(user)

    def _ended_access_with_right_password(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return None
        user_model = get_user_model()
        user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
        access = ended_access_of(user)
        if access is None or not user.check_password(password):
            return None
        return access


class SiteLoginForm(AgencyAccessCheckMixin, AuthenticationForm):
    """The site's login page."""


class AdminLoginForm(AgencyAccessCheckMixin, LoginForm):
    """Wagtail's admin login."""
