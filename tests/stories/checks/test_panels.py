"""The checks panel in the editor: the author and the reviewing coach see the same list."""

import pytest
from django.urls import reverse

from stories.checks.models import GlossarySettings
from stories.models import StoryPage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def glossary():
    settings = GlossarySettings.load()
    settings.terms.create(avoid="KPI", prefer="Kennzahl")
    settings.save()
    return settings


def _edit_html(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_author_sees_required_items_and_hints_in_the_editor(client, author, glossary):
    from wagtail.rich_text import RichText

    body = [("paragraph", RichText("<p>Our KPI went up.</p>")), ("heading", "")]
    draft = StoryPageFactory(owner=author, live=False, body=body)
    client.force_login(author)
    html = _edit_html(client, draft)
    assert "data-sending-checks" in html
    assert "Block 2 (Überschrift) ist leer" in html
    assert "„KPI“ (1×): Das Firmenglossar empfiehlt „Kennzahl“." in html


def test_a_story_with_nothing_missing_says_so(client, author, draft):
    client.force_login(author)
    assert "data-checks-required-ok" in _edit_html(client, draft)


def test_the_reviewing_coach_sees_the_same_hints(driver, author, coach, draft, glossary):
    driver.login(author)
    driver.submit(draft, text="The KPI of the year.")
    assert StoryPage.objects.get(pk=draft.pk).current_workflow_state is not None
    driver.login(coach)
    html = _edit_html(driver.client, draft)
    assert "Das Firmenglossar empfiehlt „Kennzahl“" in html


def test_the_panel_speaks_english_to_an_english_user(client, author, draft, glossary):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(author)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(author)
    html = _edit_html(client, draft)
    assert "Required before sending" in html
    assert "Checks before sending" in html


def test_other_views_include_the_same_list(author, glossary):
    from django.template.loader import render_to_string

    from stories.checks.panels import checks_context

    page = StoryPageFactory(owner=author, live=False, teaser="The KPI of the year.")
    html = render_to_string("stories/checks/checks_list.html", checks_context(page, "en"))
    assert "data-checks-required-ok" in html
    assert "Kennzahl" in html
