"""The site's sitemap.xml: Wagtail's sitemap, without building every page object.

Why: Wagtail's sitemap instantiates the specific object of every live page and asks each for
`get_sitemap_urls()`, then Django renders one template loop per URL. With 5,000 stories one
render took over 2 s (model construction ~45%, the template loop ~45%) and did not finish under
load. Here stories come from one lean row query: no StreamField, no model instance, the URL
built from the parent's URL and the slug. Pages of other types (a handful) still go through
their own `get_sitemap_urls()`, so an override on them keeps working.

Every address is listed once per language with hreflang alternates (German without a prefix,
English under /en/, as cms/urls.py serves them), and the author pages of public profiles are
listed with the pages.

Who is listed is exactly what Wagtail's `.live().public()` plus `StoryPage.get_sitemap_urls()`
listed: live pages, not below a view restriction (checked in Python against the restricted
pages' paths: `.public()` builds one OR clause per restriction and breaks past ~1,000), and
stories only when their audience is public.
"""

from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape as escape_html
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.contrib.sitemaps.views import index as wagtail_sitemap_index
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap_view
from wagtail.models import Page, PageViewRestriction

from authors.models import AuthorIndexPage, AuthorProfile
from cms.plain_text import xml_safe
from stories.models import Audience, StoryPage

# The characters Django's reverse() leaves unquoted in a path (RFC 3986 pchar).
_PATH_SAFE = "!$&'()*+,;=/~:@"
_ROW_FIELDS = ("pk", "path", "slug", "content_type_id", "last_published_at")
# URLs per sitemap file before /sitemap.xml becomes an index of pages (the protocol allows
# 50,000; smaller files render and fetch faster). Each page is listed once per language.
MAX_URLS_PER_FILE = 10_000


def escape(value):
    """Escaped for XML, without the characters XML 1.0 cannot carry at all."""
    return escape_html(xml_safe(str(value)))


def under_restriction(path, restricted_paths):
    """Whether the page at `path` or one of its ancestors carries a view restriction."""
    # Treebeard paths: each ancestor's path is a 4-character-step prefix of the page's path.
    return any(path[:end] in restricted_paths for end in range(4, len(path) + 1, 4))


class StorywerkSitemap(Sitemap):
    """Every public live page of the current site, stories from lean rows."""

    @property
    def limit(self):
        # Items are pages; each becomes one URL per language (the author pages, added to
        # the first file, are few beside the stories).
        return max(1, MAX_URLS_PER_FILE // len(settings.LANGUAGES))

    def items(self):
        root = self.get_wagtail_site().root_page
        return (
            Page.objects.descendant_of(root, inclusive=True)
            .live()
            .exclude(
                pk__in=StoryPage.objects.exclude(audience=Audience.PUBLIC).values("page_ptr_id")
            )
            .order_by("path")
            .values(*_ROW_FIELDS, "latest_revision_created_at")
        )

    def get_latest_lastmod(self):
        """For the sitemap index: one aggregate, not a model per page."""
        return self.items().order_by().aggregate(latest=Max("last_published_at"))["latest"]

    def _urls(self, page, protocol, domain):
        rows = list(self.paginator.page(page).object_list)
        restricted = set(PageViewRestriction.objects.values_list("page__path", flat=True))
        rows = [row for row in rows if not under_restriction(row["path"], restricted)]
        story_type = ContentType.objects.get_for_model(StoryPage).pk
        other_ids = [row["pk"] for row in rows if row["content_type_id"] != story_type]
        others = Page.objects.filter(pk__in=other_ids).defer_streamfields().specific().in_bulk()
        parent_urls = self._parent_urls(
            {row["path"][:-4] for row in rows if row["content_type_id"] == story_type}
        )
        urls = []
        last_mods = set()
        for row in rows:
            if row["content_type_id"] == story_type:
                parent_url = parent_urls.get(row["path"][:-4])
                if parent_url is None:
                    continue  # not routable (Wagtail would list a location of None)
                entries = [
                    {
                        "location": parent_url + quote(row["slug"], safe=_PATH_SAFE) + "/",
                        "lastmod": row["last_published_at"] or row["latest_revision_created_at"],
                    }
                ]
            elif row["pk"] in others:
                entries = others[row["pk"]].get_sitemap_urls(self.request)
            else:
                continue
            for entry in entries:
                urls.append(entry)
                last_mods.add(entry.get("lastmod"))
        if page == 1:
            urls.extend({"location": url} for url in public_profile_urls())
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return [variant for entry in urls for variant in in_every_language(entry)]

    def _parent_urls(self, paths):
        """Full URL (with trailing slash) of each parent page, by its tree path."""
        urls = {}
        for parent in Page.objects.filter(path__in=paths).defer_streamfields():
            url = parent.get_full_url(self.request)
            if url:
                urls[parent.path] = url if url.endswith("/") else url + "/"
        return urls


def public_profile_urls():
    """Full URLs of the author pages anyone may open (public profiles of active people)."""
    directory = AuthorIndexPage.objects.live().first()
    if directory is None:
        return []
    root = directory.get_full_url()
    if not root:
        return []
    root = root if root.endswith("/") else root + "/"
    slugs = (
        AuthorProfile.objects.visible_to(None)
        .filter(erased_at__isnull=True)
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    return [root + AuthorIndexPage.author_subpath(slug) for slug in slugs]


def in_every_language(entry):
    """The entry once per language (German unprefixed, English under /en/), each carrying the
    hreflang alternates of all of them and x-default (the unprefixed address)."""
    location = entry["location"]
    parts = urlsplit(location)
    localized = {
        code: location
        if code == settings.LANGUAGE_CODE
        else urlunsplit(parts._replace(path=f"/{code}{parts.path}"))
        for code, _name in settings.LANGUAGES
    }
    alternates = [{"lang_code": code, "location": url} for code, url in localized.items()]
    alternates.append({"lang_code": "x-default", "location": location})
    return [{**entry, "location": url, "alternates": alternates} for url in localized.values()]


def render_urlset(urlset):
    """The `<url>` elements exactly as Django's sitemap.xml template writes them, in Python.

    The template loop cost ~0.2 ms per URL (about 1 s for 5,000 stories).
    """
    parts = []
    zone = timezone.get_current_timezone()  # what the template's |date filter converts to
    for url in urlset:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        lastmod = url.get("lastmod")
        if lastmod:
            if getattr(lastmod, "tzinfo", None) is not None:
                lastmod = lastmod.astimezone(zone)
            parts.append(f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>")
        if url.get("changefreq"):
            parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url.get("priority"):
            parts.append(f"<priority>{escape(url['priority'])}</priority>")
        for alternate in url.get("alternates") or ():
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
                f'href="{escape(alternate["location"])}"/>'
            )
        parts.append("</url>")
    return "".join(parts)


def sitemap(request):
    """/sitemap.xml: the URLs themselves, or past one file's worth an index of the files.

    Search engines accept either at the same address; `?p=` still pages the URL set.
    """
    if "p" not in request.GET:
        sections = {"wagtail": StorywerkSitemap(request)}
        if sections["wagtail"].paginator.num_pages > 1:
            return wagtail_sitemap_index(request, sections, sitemap_url_name="sitemap_section")
    return sitemap_pages(request)


def sitemap_pages(request, section=None):
    """/sitemap-wagtail.xml?p=N: one file of the URL set (Django's view: paging with ?p=,
    Last-Modified, X-Robots-Tag)."""
    return wagtail_sitemap_view(
        request, {"wagtail": StorywerkSitemap}, section=section, template_name="cms/sitemap.xml"
    )
