"""SITE_URL: one public address for every link the site emits (cms/public_address.py)."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from wagtail.models import Site, Workflow

from authors.models import ProfileVisibility
from cms.checks import check_site_url_for_deployment, check_site_url_format
from cms.public_address import apply_site_url, is_local_hostname, parse_site_url
from stories.models import StoryPage
from stories.review.setup import WORKFLOW_NAME
from tests.factories import AuthorFactory, ImageFactory, StoryPageFactory
from tests.stories.conftest import approve_step

pytestmark = pytest.mark.django_db

PUBLIC = "https://stories.example.com"


@pytest.fixture
def public_address(settings):
    """The deployment's environment: SITE_URL, and the admin base URL derived from it."""
    settings.SITE_URL = PUBLIC
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    call_command("migrate", verbosity=0)  # the post_migrate receiver writes it onto the Site
    return PUBLIC


@pytest.fixture
def team_story(db):
    lead = AuthorFactory(username="lead", profile__profile_visibility=ProfileVisibility.PUBLIC)
    partner = AuthorFactory(
        username="partner", profile__profile_visibility=ProfileVisibility.PUBLIC
    )
    return StoryPageFactory(
        owner=lead,
        co_authors=[partner.author_profile],
        title="Team effort",
        hero_image=ImageFactory(),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://stories.example.com", ("https", "stories.example.com", 443)),
        ("https://Stories.Example.com/", ("https", "stories.example.com", 443)),
        ("http://127.0.0.1:8107", ("http", "127.0.0.1", 8107)),
        ("http://intranet.example.com", ("http", "intranet.example.com", 80)),
    ],
)
def test_site_url_is_read_as_scheme_host_and_port(value, expected):
    assert parse_site_url(value) == expected


@pytest.mark.parametrize(
    "value",
    ["stories.example.com", "ftp://x.example.com", "https://x.example.com/blog", "https://x:8443"],
)
def test_site_url_wagtail_cannot_express_is_refused(value, settings):
    with pytest.raises(ValueError):
        parse_site_url(value)
    settings.SITE_URL = value
    assert [error.id for error in check_site_url_format(None)] == ["storywerk.E001"]


def test_migrate_writes_site_url_onto_the_default_site_and_stays_idempotent(settings):
    settings.SITE_URL = PUBLIC
    call_command("migrate", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("stories.example.com", 443, PUBLIC)
    assert apply_site_url() is False  # nothing left to change: no save on the next migrate


def test_without_site_url_migrate_leaves_the_site_alone():
    call_command("migrate", verbosity=0)
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


def test_deploy_check_warns_when_site_url_is_unset_or_local(settings):
    settings.SITE_URL = ""
    assert [w.id for w in check_site_url_for_deployment(None)] == ["storywerk.W001"]
    for local in ("http://localhost:8000", "http://127.0.0.1:8000", "http://stories.example.com"):
        settings.SITE_URL = local
        assert [w.id for w in check_site_url_for_deployment(None)] == ["storywerk.W002"]
    settings.SITE_URL = PUBLIC
    assert check_site_url_for_deployment(None) == []


def test_check_deploy_fails_at_warning_level_without_site_url(settings):
    settings.SITE_URL = ""
    with pytest.raises(SystemCheckError, match="storywerk.W001"):
        call_command("check", deploy=True, fail_level="WARNING", tags=["security"])


@pytest.mark.parametrize("hostname", ["localhost", "127.0.0.1", "10.0.0.5", "box.local", "box"])
def test_local_hostnames_are_recognised(hostname):
    assert is_local_hostname(hostname)


def test_admin_base_url_follows_site_url_unless_set():
    env = {**os.environ, "SITE_URL": PUBLIC, "DJANGO_SETTINGS_MODULE": "cms.settings.base"}
    env.pop("WAGTAILADMIN_BASE_URL", None)
    code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == PUBLIC


def _assert_public(text):
    assert PUBLIC in text
    assert "localhost" not in text and "testserver" not in text


@pytest.mark.parametrize("url", ["/stories/feed/", "/en/stories/feed/atom/", "/sitemap.xml"])
def test_feeds_and_sitemap_link_to_the_public_address(client, public_address, team_story, url):
    _assert_public(client.get(url).content.decode())


@pytest.mark.parametrize("language_prefix", ["", "/en"])
def test_story_page_metadata_and_share_links_use_the_public_address(
    client, public_address, team_story, language_prefix
):
    html = client.get(language_prefix + team_story.url).content.decode()
    assert f'<link rel="canonical" href="{PUBLIC}{language_prefix}/stories/' in html
    assert f'property="og:image" content="{PUBLIC}/' in html
    assert f'hreflang="x-default" href="{PUBLIC}/stories/' in html
    assert "linkedin.com/sharing" in html and "data-copy-link" in html
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html):
        json.loads(block)
    assert "localhost" not in html and "testserver" not in html


def test_robots_txt_names_the_public_sitemap(client, public_address):
    text = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    _assert_public(text)


def test_workflow_email_links_to_the_public_address(public_address, author, coach, editor):
    story = StoryPageFactory(owner=author, live=False, title="Public address")
    Workflow.objects.get(name=WORKFLOW_NAME).start(story, author)
    approve_step(story, coach)
    mail.outbox.clear()
    approve_step(story, editor)
    live_url = StoryPage.objects.get(pk=story.pk).full_url
    assert live_url.startswith(PUBLIC + "/")
    bodies = "\n".join(message.body for message in mail.outbox)
    assert live_url in bodies and f"{PUBLIC}/admin/" in bodies
    _assert_public(bodies)
