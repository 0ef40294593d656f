"""Admin panels for people."""

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
