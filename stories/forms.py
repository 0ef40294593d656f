"""Forms of the stories app."""

from contextvars import ContextVar

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

# The note an author typed in the editor, captured when the edit form is cleaned: Wagtail fires
# `task_submitted` inside Task.start(), before any after_*_page hook could attach it. The
# coach review task state reads (and clears) it when it is created.
pending_coach_note = ContextVar("pending_coach_note", default="")


class StoryPageForm(WagtailAdminPageForm):
    """The story editor, plus the author's note for the coach (sent on submission)."""

    coach_note = forms.CharField(
        label=_("Note for your coach"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent with your story when you submit it to your coach."),
    )

    def clean(self):
        cleaned_data = super().clean()
        # Captured here, before the edit view starts the workflow (and task_submitted fires).
        pending_coach_note.set(cleaned_data.get("coach_note", "").strip())
        return cleaned_data
