"""The site's fixed page tree: home, /stories/ and /authors/.

`ensure_site_structure(apps)` works with migration-time (historical) models, so it builds
tree paths by hand like Wagtail's own initial migration; the data migration, `seed_demo`
and the test fixtures all call it, and it is idempotent.
"""

from django.apps import apps as global_apps
from django.utils import timezone

HOME_PATH = "00010002"


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def _get_or_create_page(apps, model_label, *, path, depth, title, slug, url_path, locale):
    app_label, model_name = model_label.split(".")
    Model = apps.get_model(app_label, model_name)
    page = Model.objects.filter(path=path).first()
    if page is not None:
        return page, False
    now = timezone.now()
    page = Model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=_content_type(apps, app_label, model_name.lower()),
        path=path,
        depth=depth,
        numchild=0,
        url_path=url_path,
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        locale=locale,
    )
    return page, True


def ensure_site_structure(apps=global_apps):
    """Create home, story index and storytellers index (and point the default Site home)."""
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    locale = Locale.objects.order_by("pk").first()
    root = Page.objects.get(depth=1)
    home = _ensure_home(apps, locale)
    _ensure_sections(apps, home, locale)
    Page.objects.filter(pk=home.pk).update(
        numchild=Page.objects.filter(depth=home.depth + 1, path__startswith=home.path).count()
    )
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())
    _ensure_default_site(apps, home)
    return home


def _ensure_home(apps, locale):
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("cms", "HomePage")
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        # Replace Wagtail's "Welcome" page, if it is still there and untouched.
        Page.objects.filter(depth=2, content_type__model="page", numchild=0).delete()
        home, _ = _get_or_create_page(
            apps,
            "cms.HomePage",
            path=HOME_PATH,
            depth=2,
            title="Storywerk",
            slug="home",
            url_path="/home/",
            locale=locale,
        )
    return home


def _ensure_sections(apps, home, locale):
    """The story index and the storytellers index below home, unless they exist."""
    Page = apps.get_model("wagtailcore", "Page")
    children = [
        ("stories.StoryIndexPage", "Stories", "stories"),
        ("authors.AuthorIndexPage", "Storytellers", "authors"),
    ]
    for model_label, title, slug in children:
        app_label, model_name = model_label.split(".")
        if (
            apps.get_model(app_label, model_name)
            .objects.filter(path__startswith=home.path)
            .exists()
        ):
            continue
        # Next free child path below home (4-character base-36 steps, as treebeard does).
        last = (
            Page.objects.filter(depth=home.depth + 1, path__startswith=home.path)
            .order_by("-path")
            .first()
        )
        step = int(last.path[-4:], 36) + 1 if last else 1
        path = home.path + _base36(step).rjust(4, "0")
        _get_or_create_page(
            apps,
            model_label,
            path=path,
            depth=home.depth + 1,
            title=title,
            slug=slug,
            url_path=f"{home.url_path}{slug}/",
            locale=locale,
        )


def _ensure_default_site(apps, home):
    Site = apps.get_model("wagtailcore", "Site")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page_id=home.pk,
            is_default_site=True,
            site_name="Storywerk",
        )
    elif site.root_page_id != home.pk:
        site.root_page_id = home.pk
        site.site_name = site.site_name or "Storywerk"
        site.save()


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rem = divmod(number, 36)
        out = digits[rem] + out
    return out or "0"
