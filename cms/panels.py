"""Admin panels of project-wide features (account settings)."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel

from cms import two_factor


class TwoFactorSettingsPanel(BaseSettingsPanel):
    """Account settings: whether two-factor sign-in is on, with set-up or remove links."""

    name = "two_factor"
    title = _("Two-factor authentication")
    order = 170
    template_name = "cms/account/two_factor_panel.html"

    def get_form(self):
        # Nothing to edit here: an unbound empty form keeps the account view's save loop happy.
        return forms.Form(prefix=self.name)

    def get_context_data(self):
        device = two_factor.confirmed_device(self.user)
        return {
            **super().get_context_data(),
            "device": device,
            "required": two_factor.must_use_two_factor(self.user),
            "setup_url": reverse(two_factor.SETUP_URL_NAME),
            "remove_url": reverse("storywerk_two_factor_remove"),
        }
