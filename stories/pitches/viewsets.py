"""Admin viewsets of the stories app: pitch triage for editors."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet

from authors.models import AuthorProfile
from authors.roles import COACHES_GROUP, active_members
from cms.plain_text import PlainTextFormMixin
from stories.models import Pitch, PitchStatus
from stories.pitches.triage import PitchAlreadyDecided, accept_pitch, decline_pitch

DEFAULT_DECLINE_NOTE = _(
    "Thank you so much for thinking of us. We will not turn this idea into a story right now, "
    "but please keep your eyes open: we would love to hear your next one."
)


class CoachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return get_user_display_name(obj)


class AcceptPitchForm(PlainTextFormMixin, forms.Form):
    coach = CoachChoiceField(
        queryset=None,
        label=_("Coach"),
        help_text=_(
            "The employee's writing coach. For 'tell it to a coach' pitches, the coach "
            "interviews them and writes the draft."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = active_members(COACHES_GROUP)


class DeclinePitchForm(PlainTextFormMixin, forms.Form):
    note = forms.CharField(
        label=_("A kind note to the employee"),
        widget=forms.Textarea(attrs={"rows": 5}),
        initial=DEFAULT_DECLINE_NOTE,
        max_length=2000,
        help_text=_("They receive this by email."),
    )


class PitchDecisionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Base for accepting/declining: only users who may change pitches (editors)."""

    model = Pitch
    permission_required = "change"
    template_name = "stories/pitches/admin/pitch_decision.html"
    header_icon = "comment"

    @cached_property
    def pitch(self):
        # Looked up after the permission check, so outsiders cannot probe which ids exist.
        return get_object_or_404(Pitch.objects.select_related("submitted_by"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.pitch.working_title

    def get_breadcrumbs_items(self):
        # Home > Pitches > "Accept pitch: <title>", so the header names the page and its pitch.
        return [
            *self.breadcrumbs_items,
            {"url": reverse("pitches:index"), "label": _("Pitches")},
            {"url": "", "label": self.page_title, "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(pitch=self.pitch, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.pitch.status != PitchStatus.NEW:
            return self._already_decided()
        return super().post(request, *args, **kwargs)

    def _already_decided(self):
        messages.error(
            self.request,
            _("This pitch was already decided (%(status)s).")
            % {"status": self.pitch.get_status_display()},
        )
        return redirect("pitches:edit", self.pitch.pk)


class AcceptPitchView(PitchDecisionView):
    form_class = AcceptPitchForm
    page_title = _("Accept pitch")

    def get_initial(self):
        profile = AuthorProfile.objects.filter(user=self.pitch.submitted_by).first()
        return {"coach": profile.coach_id if profile else None}

    def form_valid(self, form):
        try:
            page = accept_pitch(
                self.pitch, coach=form.cleaned_data["coach"], accepted_by=self.request.user
            )
        except PitchAlreadyDecided:
            return self._already_decided()
        except ValidationError as error:  # e.g. the coach was deactivated a moment ago
            form.add_error("coach", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Pitch accepted: a draft was created and the author was emailed."),
            buttons=[
                messages.button(
                    reverse("wagtailadmin_pages:edit", args=[page.pk]), _("Open the draft")
                )
            ],
        )
        return redirect("pitches:index")


class DeclinePitchView(PitchDecisionView):
    form_class = DeclinePitchForm
    page_title = _("Decline pitch")

    def form_valid(self, form):
        try:
            decline_pitch(self.pitch, note=form.cleaned_data["note"], declined_by=self.request.user)
        except PitchAlreadyDecided:
            return self._already_decided()
        messages.success(self.request, _("Pitch declined; the employee received your note."))
        return redirect("pitches:index")


class PitchEditView(EditView):
    """The triage page: the pitch as told, light corrections, and accept/decline."""

    template_name = "stories/pitches/admin/pitch_edit.html"


class PitchViewSet(ModelViewSet):
    """Editors triage pitches (Editors hold view/change on Pitch; nobody else does)."""

    model = Pitch
    name = "pitches"
    icon = "comment"
    menu_label = _("Pitches")
    menu_order = 250
    add_to_admin_menu = True
    form_fields = ["working_title", "department"]

    list_display = [
        "working_title",
        "submitted_by",
        "department",
        "preference",
        "status",
        "created_at",
    ]
    list_filter = ["status", "department", "preference"]
    search_fields = ["working_title", "what_happened"]
    ordering = ["-created_at"]
    edit_view_class = PitchEditView

    def get_form_class(self, for_update=False):
        # Editors retitle pitches here: the same plain-text rules as the public pitch form.
        form_class = super().get_form_class(for_update)
        return type(form_class.__name__, (PlainTextFormMixin, form_class), {})

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("accept/<int:pk>/", AcceptPitchView.as_view(), name="accept"),
            path("decline/<int:pk>/", DeclinePitchView.as_view(), name="decline"),
        ]
