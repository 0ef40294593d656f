"""StreamField blocks of a story body."""

import ada_url
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

DEFAULT_EMBED_HOSTS = ["www.youtube-nocookie.com", "player.vimeo.com"]


def allowed_embed_hosts():
    return getattr(settings, "STORYWERK_EMBED_HOSTS", DEFAULT_EMBED_HOSTS)


def allowed_embed_url(value):
    """The address as a browser will load it if it is a plain https URL on an allowed host.

    Parsed with the WHATWG URL standard (what browsers do): a backslash is a path separator,
    tabs and newlines vanish, `user@` and `:port` belong to the authority. Python's urlparse
    read `https://127.0.0.1:9\\@player.vimeo.com/` as a vimeo address; a browser loads
    127.0.0.1. Returns None for anything else (userinfo, a port, another host or scheme).
    """
    try:
        url = ada_url.URL(value)
    except ValueError:
        return None
    if (
        url.protocol != "https:"
        or url.username
        or url.password
        or url.port
        or url.hostname not in allowed_embed_hosts()
    ):
        return None
    return url.href


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

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # Checked again when shown: bodies saved before the browser-grade check stay safe.
        context["embed_url"] = allowed_embed_url(value["url"])
        return context

    def clean(self, value):
        value = super().clean(value)
        href = allowed_embed_url(value["url"])
        if href is None:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Only https embeds from these hosts are allowed: %(hosts)s")
                        % {"hosts": ", ".join(allowed_embed_hosts())}
                    )
                }
            )
        # Stored as parsed, so the page's iframe loads exactly the address that was checked.
        value["url"] = href
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
