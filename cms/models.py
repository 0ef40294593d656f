"""Project-wide models: the image model, the site's home page and its public settings."""

import functools

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Filter, Image
from wagtail.models import Page

from cms.plain_text import PlainTextPageForm


@functools.lru_cache(maxsize=256)
def shared_filter(spec):
    """One parsed Filter per spec for the process.

    Why: Wagtail makes a new Filter for each string spec on each lookup, and each parses its
    operations again (an `inspect.signature` per operation): 88 parses and 13% of the author
    page's render for 22 cards. A Filter holds nothing but its spec and parsed operations.
    """
    return Filter(spec=spec)


class StorywerkImage(AbstractImage):
    """Custom image model from the first migration, so uploads can be processed (alt text)."""

    alt_text = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )

    admin_form_fields = (*Image.admin_form_fields, "alt_text")

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]

    @property
    def default_alt_text(self):
        return self.alt_text or self.title

    def get_rendition(self, filter):
        return super().get_rendition(shared_filter(filter) if isinstance(filter, str) else filter)

    def get_renditions(self, *filters):
        return super().get_renditions(
            *(shared_filter(f) if isinstance(f, str) else f for f in filters)
        )


class StorywerkRendition(AbstractRendition):
    image = models.ForeignKey(StorywerkImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class TitleInReadersLanguage:
    """Page mixin: `heading` is the title in the reader's language while it is a default one
    the catalogue knows ("Stories" reads "Geschichten" on German pages); a title an editor
    wrote stays as written."""

    @property
    def heading(self):
        return gettext(self.title)


class HomePage(Page):
    """The site root: introduces Storywerk and shows the latest stories."""

    intro = models.TextField(_("introduction"), blank=True)

    subpage_types = ["stories.StoryIndexPage", "authors.AuthorIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    content_panels = [*Page.content_panels, "intro"]
    base_form_class = PlainTextPageForm

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from stories.models import StoryPage

        context = super().get_context(request, *args, **kwargs)
        context["latest_stories"] = (
            StoryPage.objects.listable_for(request.user)
            .with_listing_relations()
            .order_by("-first_published_at")[:6]
        )
        return context


@register_setting(icon="site")
class PublicSiteSettings(BaseGenericSetting):
    """What search engines and link previews say about the site where a page says nothing."""

    description_de = models.TextField(
        _("site description (German)"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown by search engines for pages without a teaser."),
    )
    description_en = models.TextField(_("site description (English)"), max_length=300, blank=True)

    panels = ["description_de", "description_en"]

    class Meta:
        verbose_name = _("public site")
