"""Registration only."""

from wagtail import hooks

from stories.views import author_stories_section

hooks.register("storywerk_author_page_sections", author_stories_section)
