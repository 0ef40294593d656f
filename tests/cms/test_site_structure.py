import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from authors.models import AuthorIndexPage
from cms.models import HomePage
from cms.roles import ensure_roles
from cms.site_structure import ensure_site_structure
from stories.models import StoryIndexPage

pytestmark = pytest.mark.django_db


def test_bare_migrate_creates_home_story_index_and_storytellers_index():
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get()
    assert site.root_page_id == home.pk
    assert StoryIndexPage.objects.get().get_parent().pk == home.pk
    assert AuthorIndexPage.objects.get().get_parent().pk == home.pk
    assert StoryIndexPage.objects.get().url == "/stories/"
    assert AuthorIndexPage.objects.get().url == "/authors/"


def test_tree_is_consistent_for_treebeard():
    # numchild and paths must agree, or add_child() and moves break later.
    assert Page.find_problems() == ([], [], [], [], [])


def test_site_structure_and_roles_are_idempotent():
    before = (Page.objects.count(), Group.objects.count(), Site.objects.count())
    ensure_site_structure()
    ensure_roles()
    after = (Page.objects.count(), Group.objects.count(), Site.objects.count())
    assert before == after


def test_welcome_page_is_replaced(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Welcome to your new Wagtail site" not in response.content
