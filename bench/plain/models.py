"""A minimal Wagtail page type, as a tutorial's first page: a title and a rich-text body."""

from wagtail.fields import RichTextField
from wagtail.models import Page


class PlainPage(Page):
    body = RichTextField(blank=True)

    template = "plain/plain_page.html"
