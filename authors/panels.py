"""Admin panels for people."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel

from authors.forms import OwnProfileForm
from authors.models import AuthorProfile


class OwnProfileSettingsPanel(BaseSettingsPanel):
    """Account settings: the author edits their own bio, photo and consents."""

    name = "author_profile"
    title = _("My author profile")
    order = 150
    form_class = OwnProfileForm
    form_object = "profile"

    def is_active(self):
        return AuthorProfile.objects.filter(user=self.user).exists()

    def get_form(self):
        profile = AuthorProfile.objects.filter(user=self.user).first()
        kwargs = {"instance": profile, "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, self.request.FILES, **kwargs)
        return self.form_class(**kwargs)


class MyDataSettingsPanel(BaseSettingsPanel):
    """Account settings: download everything Storywerk holds about me (GDPR)."""

    name = "my_data"
    title = _("My data")
    order = 160
    template_name = "authors/account/my_data_panel.html"

    def get_form(self):
        # Nothing to edit: an unbound empty form keeps the account view's save loop happy.
        return forms.Form(prefix=self.name)

    def get_context_data(self):
        return {**super().get_context_data(), "download_url": reverse("storywerk_my_data")}
