"""What the story form checks and prepares for a writer (mixed into StoryPageForm)."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from stories.writing.panels import AUDIENCE_CHOICES

EMPTY_BODY = _("Write your story here before you send it.")


def body_has_words(stream_value):
    """True when some block of the body holds text or an image (an empty paragraph does not)."""
    for block in stream_value or ():
        if block.block_type == "paragraph":
            if strip_tags(block.value.source).strip():
                return True
        elif block.value:
            return True
    return False


class WritingFormMixin:
    """A new story opens with the cursor in its title; sending an empty story is refused.

    Saving a draft defers required fields (Wagtail's deferred validation), so an author can
    stop half-way; sending, publishing or restarting the review asks for a title and words.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields and self.instance.pk is None:
            self.fields["title"].widget.attrs["autofocus"] = True
        if "audience" in self.fields:
            self.fields["audience"].choices = AUDIENCE_CHOICES
            # Each choice explains itself; the model's help text would say it a third time.
            self.fields["audience"].help_text = ""

    def clean(self):
        cleaned_data = super().clean()
        if (
            not self.is_deferred_validation
            and "body" in self.fields
            and "body" not in self.errors
            and not body_has_words(cleaned_data.get("body"))
        ):
            self.add_error("body", EMPTY_BODY)
        return cleaned_data
