"""Forms for people."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images.widgets import AdminImageChooser

from authors.models import AuthorProfile


class OwnProfileForm(forms.ModelForm):
    """What a user may change on their own profile: bio, photo and consents."""

    class Meta:
        model = AuthorProfile
        fields = ["bio", "photo", "profile_visibility", "show_on_leaderboards", "credit_as_coach"]
        labels = {"bio": _("Short bio")}
        widgets = {"photo": AdminImageChooser}
