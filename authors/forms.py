"""Forms for people."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput
from wagtail.images import get_image_model
from wagtail.images.widgets import AdminImageChooser
from wagtail.permissions import policy_registry

from authors.models import AuthorProfile, Invitation, ProfileVisibility
from authors.roles import InvitedRole
from cms.plain_text import PlainTextFormMixin


class OwnProfileForm(PlainTextFormMixin, forms.ModelForm):
    """What a user may change on their own profile: bio, photo and consents."""

    class Meta:
        model = AuthorProfile
        fields = [
            "bio",
            "photo",
            "profile_visibility",
            "show_on_leaderboards",
            "credit_as_coach",
            "keep_stories_after_erasure",
        ]
        labels = {"bio": _("Short bio")}
        widgets = {"photo": AdminImageChooser}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The photo shows on a public profile: only an image the person may pick in the image
        # chooser (not another author's private upload by its id), or the one already set.
        user = self.instance.user
        choosable = policy_registry.get_by_type(
            get_image_model()
        ).instances_user_has_any_permission_for(user, ["choose"])
        self.fields["photo"].queryset = get_image_model().objects.filter(
            Q(pk__in=choosable.values("pk")) | Q(pk=self.instance.photo_id)
        )


class InvitationForm(PlainTextFormMixin, WagtailAdminModelForm):
    """An editor invites an employee by email (the token is issued on save)."""

    class Meta:
        model = Invitation
        fields = ["email", "display_name", "department", "role", "access_expires_on"]
        # The editor fills this in, not the invitee: speak of the invited person.
        help_texts = {
            "display_name": _(
                "How the invited person's name will appear in bylines; "
                "they can change it when they accept."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only admins make editors: an editor cannot hand out a role above their own.
        if not (self.for_user and self.for_user.is_superuser):
            self.fields["role"].choices = [
                choice for choice in InvitedRole.choices if choice[0] != InvitedRole.EDITOR
            ]
        self.fields["role"].required = False

    def clean_role(self):
        # Not sent (an older form, a script): the invitation is for an author, as before.
        role = self.cleaned_data.get("role") or InvitedRole.AUTHOR
        if role == InvitedRole.EDITOR and not (self.for_user and self.for_user.is_superuser):
            raise forms.ValidationError(_("Only administrators may invite editors."))
        return role

    def clean(self):
        cleaned = super().clean()
        expires_on = cleaned.get("access_expires_on")
        if cleaned.get("role") == InvitedRole.AGENCY_COACH:
            if expires_on is None:
                self.add_error(
                    "access_expires_on", _("An agency coach's access needs an end date.")
                )
            elif expires_on <= timezone.localdate():
                self.add_error("access_expires_on", _("The end date must be in the future."))
        elif expires_on is not None:
            # Employees' accounts end when they leave, not on a date set here.
            cleaned["access_expires_on"] = None
        return cleaned

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email address already exists."))
        return email


class AcceptInvitationForm(PlainTextFormMixin, UserCreationForm):
    """The invited employee chooses a username and password and consents to visibility."""

    display_name = forms.CharField(label=_("Display name"), max_length=120)
    profile_visibility = forms.ChoiceField(
        label=_("Who may see my author profile"),
        choices=ProfileVisibility.choices,
        initial=ProfileVisibility.INTERNAL,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name, job title, bio and stories are shown to readers as chosen "
            "above. I can change this at any time in my account settings."
        ),
        required=True,
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username"]

    def __init__(self, *args, agency_coach=False, **kwargs):
        super().__init__(*args, **kwargs)
        if agency_coach:
            # An agency coach's profile is always hidden (authors.invitations): no choice to
            # offer, and the consent covers only the name their authors and editors see.
            del self.fields["profile_visibility"]
            self.fields["consent"].label = _(
                "I agree that my name is shown to the authors and editors I work with here. "
                "I can change it at any time in my account settings."
            )


class EraseAuthorForm(forms.Form):
    """The confirmation step of a GDPR erasure: the editor ticks that it cannot be undone."""

    confirm = forms.BooleanField(
        label=_("I understand that the author's personal data is erased for good."),
        required=True,
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )


class AgencyEndDateForm(forms.Form):
    """An editor moves an agency coach's end date (ending at once is a separate button)."""

    expires_on = forms.DateField(
        label=_("Access ends on"),
        help_text=_("From this day on the account cannot sign in."),
        widget=AdminDateInput,
    )

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on <= timezone.localdate():
            raise forms.ValidationError(
                _(
                    "The end date must be in the future. To end the access today, use "
                    "“End access now”."
                )
            )
        return expires_on
