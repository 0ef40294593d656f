"""Forms of the stories app."""

from contextvars import ContextVar

from django import forms
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from authors.models import AuthorProfile, Department
from cms.plain_text import PlainTextFormMixin, PlainTextPageForm

# Imported from the submodule: stories.models imports this module (pending_coach_note).
from stories.pitches.models import Pitch, PitchPreference
from stories.writing.form_checks import WritingFormMixin

# The note an author typed in the editor, captured when the edit form is cleaned: Wagtail fires
# `task_submitted` inside Task.start(), before any after_*_page hook could attach it. The
# coach review task state reads (and clears) it when it is created.
pending_coach_note = ContextVar("pending_coach_note", default="")


class StoryPageForm(WritingFormMixin, PlainTextPageForm):
    """The story editor, plus the author's note for the coach (sent on submission)."""

    coach_note = forms.CharField(
        label=_("Note for your coach"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent with your story when you submit it to your coach."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        co_authors = self.formsets.get("co_authors")
        for form in co_authors.forms if co_authors is not None else ():
            # An erased profile is chosen anew by nobody; a row that already credits one
            # stays valid (the story keeps its "Former colleague").
            form.fields["profile"].queryset = AuthorProfile.objects.filter(
                Q(erased_at__isnull=True) | Q(pk=form.instance.profile_id)
            )
        # After a send the checks refused, the required items show on their fields.
        from stories.checks.sending import errors_for_form

        refused = errors_for_form(self)
        if refused:
            self._errors = refused

    def clean(self):
        cleaned_data = super().clean()
        # Captured here, before the edit view starts the workflow (and task_submitted fires).
        pending_coach_note.set(cleaned_data.get("coach_note", "").strip())
        # Imported here: stories.models imports this module, and mentions import the models.
        from stories.mentions.forms import refuse_unreachable_mentions

        refuse_unreachable_mentions(self)
        return cleaned_data


def plain_text(value):
    """Pitches are plain text: drop any markup people paste in (templates escape on output)."""
    return strip_tags(value or "").replace("\x00", "").strip()


class PitchForm(PlainTextFormMixin, forms.ModelForm):
    """The one-minute pitch: four questions and a choice, nothing else."""

    MIN_LENGTHS = {"working_title": 5, "what_happened": 40, "why_it_matters": 20}

    department = forms.ModelChoiceField(
        queryset=Department.objects.all(),
        required=False,
        label=_("Your department"),
        empty_label=_("(choose, if you like)"),
    )
    preference = forms.ChoiceField(
        choices=PitchPreference.choices,
        widget=forms.RadioSelect,
        initial=PitchPreference.WRITE,
        label=_("Would you write it yourself, or tell it to a coach?"),
    )

    class Meta:
        model = Pitch
        fields = ["working_title", "what_happened", "why_it_matters", "department", "preference"]
        labels = {
            "working_title": _("Working title"),
            "what_happened": _("What happened?"),
            "why_it_matters": _("Why does it matter to colleagues?"),
        }
        help_texts = {
            "working_title": _("A few words are enough; we can change it later."),
            "what_happened": _("Tell it as you would over coffee. At least a few sentences."),
        }
        widgets = {
            "what_happened": forms.Textarea(attrs={"rows": 6}),
            "why_it_matters": forms.Textarea(attrs={"rows": 3}),
        }

    def _clean_text(self, name):
        value = plain_text(self.cleaned_data.get(name))
        minimum = self.MIN_LENGTHS[name]
        if len(value) < minimum:
            raise forms.ValidationError(
                _("Please write at least %(count)d characters (without markup).")
                % {"count": minimum},
                code="too_short",
            )
        return value

    def clean_working_title(self):
        return self._clean_text("working_title")

    def clean_what_happened(self):
        return self._clean_text("what_happened")

    def clean_why_it_matters(self):
        return self._clean_text("why_it_matters")
