"""StreamField blocks of a story body."""

from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

DEFAULT_EMBED_HOSTS = ["www.youtube-nocookie.com", "player.vimeo.com"]


def allowed_embed_hosts():
    return getattr(settings, "STORYWERK_EMBED_HOSTS", DEFAULT_EMBED_HOSTS)


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alt text"),
        max_length=255,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "stories/blocks/image.html"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"), max_length=500)
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Pull quote")
        template = "stories/blocks/pull_quote.html"


class IframeEmbedBlock(blocks.StructBlock):
    """A video embedded as an iframe, from an allowlist of hosts only.

    Why not Wagtail's EmbedBlock: oEmbed finders fetch remote HTML (scripts included);
    an iframe from known hosts keeps the page's CSP strict and needs no network at save time.
    """

    url = blocks.URLBlock(
        label=_("embed URL"), help_text=_("An embed address, e.g. from YouTube (no-cookie).")
    )
    title = blocks.CharBlock(
        label=_("title"), max_length=200, help_text=_("What the video shows (for screen readers).")
    )

    class Meta:
        icon = "media"
        label = _("Video embed")
        template = "stories/blocks/iframe_embed.html"

    def clean(self, value):
        value = super().clean(value)
        parsed = urlparse(value["url"])
        if parsed.scheme != "https" or parsed.hostname not in allowed_embed_hosts():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Only https embeds from these hosts are allowed: %(hosts)s")
                        % {"hosts": ", ".join(allowed_embed_hosts())}
                    )
                }
            )
        return value


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul", "h3"],
    )
    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=120,
        form_classname="title",
        template="stories/blocks/heading.html",
    )
    image = ImageWithCaptionBlock()
    pull_quote = PullQuoteBlock()
    embed = IframeEmbedBlock()
