"""Share links of public stories: each carries a `?src=` value the readership counter accepts.

The counter keeps a fixed list of sources (linkedin, xing, x, email, intranet,
newsletter, qr); a shared link's first view is then counted under its network. The
canonical URL stays without `?src=` so search engines and link previews see one address.
"""

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from stories.models import Audience

# (src value, link text, share endpoint or None for mailto)
SHARE_TARGETS = [
    ("linkedin", _("Share on LinkedIn"), "https://www.linkedin.com/sharing/share-offsite/"),
    ("xing", _("Share on Xing"), "https://www.xing.com/spi/shares/new"),
    ("x", _("Share on X"), "https://x.com/intent/post"),
    ("email", _("Send by email"), None),
]


def tracked_url(canonical_url, source):
    separator = "&" if "?" in canonical_url else "?"
    return f"{canonical_url}{separator}{urlencode({'src': source})}"


def share_links(story, request=None):
    """[{source, label, href, url}] for a public live story; [] for anything else."""
    if story.audience != Audience.PUBLIC or not story.live:
        return []
    canonical = story.get_full_url(request)
    if not canonical:
        return []
    links = []
    for source, label, endpoint in SHARE_TARGETS:
        url = tracked_url(canonical, source)
        if source in ("linkedin", "xing"):
            href = f"{endpoint}?{urlencode({'url': url})}"
        elif source == "x":
            href = f"{endpoint}?{urlencode({'url': url, 'text': story.title})}"
        else:
            query = urlencode({"subject": story.title, "body": f"{story.teaser}\n\n{url}"})
            href = f"mailto:?{query.replace('+', '%20')}"
        links.append(
            {
                "source": source,
                "label": label,
                "href": href,
                "url": url,
                "new_window": endpoint is not None,
            }
        )
    return links
