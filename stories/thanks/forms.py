"""The reader's thank-you form (plain text, 500 characters)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.plain_text import PlainTextFormMixin
from stories.thanks.models import MAX_LENGTH, StoryThanks


class ThanksForm(PlainTextFormMixin, forms.ModelForm):
    """What a reader writes to a story's authors; only they will read it."""

    class Meta:
        model = StoryThanks
        fields = ["message"]
        labels = {"message": _("Thank the authors")}
        help_texts = {
            "message": _("Only the authors of this story will read it (at most 500 characters).")
        }
        # Django links the help text (aria-describedby) itself.
        widgets = {"message": forms.Textarea(attrs={"rows": 3, "maxlength": MAX_LENGTH})}

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Write a few words of thanks."))
        return message
