"""The author's story form: what a first-time writer needs, on the first tab.

Title (focused), teaser, hero image and one empty paragraph to type into, then who may read
it as two plain choices. Department, topics, co-authors and language wait on the second tab;
Wagtail's promote and settings tabs stay for editors. The note for the coach is not a panel:
it lives in the send dialog (stories.writing.send), the last thing the author sees.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.models import Page

from stories.checks.panels import SendingChecksPanel

# Internal first: the safe choice is the one the eye meets first (and the model's default).
AUDIENCE_CHOICES = [
    ("internal", _("Colleagues only: people signed in to Storywerk can read it.")),
    ("public", _("Everyone: anyone on the internet can read it once it is published.")),
]


class AddBlockButtons(Panel):
    """Heading, image and quote buttons under the story's text: each adds that block at the
    end in one click (Wagtail's "+" menu takes two; static/js/story-editor.js clicks them)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/writing/add_blocks.html"


def story_edit_handler():
    """The tabs of the story form (StoryPage.edit_handler)."""
    story_panels = [
        # Wagtail's own placeholder reads "Page title" ("Seitentitel"): an author writes a story.
        TitleFieldPanel(
            "title",
            heading=pgettext_lazy("story form", "Title"),
            placeholder=_("The title of your story"),
            help_text=_("What readers see first: short and concrete."),
        ),
        FieldPanel("teaser", heading=pgettext_lazy("story form", "Teaser")),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Hero image")
        ),
        FieldPanel("body", heading=pgettext_lazy("story form", "Your story")),
        AddBlockButtons(),
        FieldPanel(
            "audience",
            heading=_("Who may read it?"),
            # Two radio buttons, each explaining itself in one line (choices: the form).
            widget=forms.RadioSelect,
        ),
        # Last on the tab, before the send button: what blocks sending, what is only a hint.
        SendingChecksPanel(heading=_("Checks before sending")),
    ]
    about_panels = [
        InlinePanel("co_authors", label=_("Co-authors"), heading=_("Co-authors (team stories)")),
        FieldPanel("department"),
        FieldPanel("topics"),
        FieldPanel("content_language"),
    ]
    # Wagtail's promote fields, in the words of a story ("Kurztitel", "Titel der Seite" aside).
    promote_panels = [
        FieldPanel(
            "slug",
            heading=_("Web address"),
            help_text=_("The end of the story's address, filled in from the title."),
        ),
        FieldPanel(
            "seo_title",
            heading=_("Title in search results"),
            help_text=_("Leave empty to use the story's title."),
        ),
        FieldPanel(
            "search_description",
            heading=_("Description in search results"),
            help_text=_("Leave empty to use the teaser."),
        ),
    ]
    return TabbedInterface(
        [
            ObjectList(story_panels, heading=_("Story")),
            ObjectList(about_panels, heading=_("About")),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
