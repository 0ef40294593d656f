"""Authors and coaches find their stories under "Stories" ("Geschichten") in the main menu,
not under Wagtail's "Pages" (editors keep it); the status side panel says "In review"."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.admin.menu import admin_menu

from tests.factories import AuthorFactory, CoachFactory, EditorFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def menu_labels(user, language):
    request = RequestFactory().get("/admin/")
    request.user = user
    with translation.override(language):
        return [str(item.label) for item in admin_menu.menu_items_for_request(request)]


@pytest.mark.parametrize("factory", [AuthorFactory, CoachFactory])
@pytest.mark.parametrize(
    ("language", "stories", "pages"), [("en", "Stories", "Pages"), ("de", "Geschichten", "Seiten")]
)
def test_authors_and_coaches_see_stories_not_pages(factory, language, stories, pages):
    labels = menu_labels(factory(), language)
    assert stories in labels and pages not in labels


def test_editors_keep_wagtails_pages_entry():
    menu_labels(AuthorFactory(), "en")  # relabelling for an author leaves the shared item alone
    assert "Pages" in menu_labels(EditorFactory(), "en")


@pytest.mark.parametrize(("language", "status"), [("en", "In review"), ("de", "In Prüfung")])
def test_the_status_panel_says_in_review_not_in_moderation(client, anna, clara, language, status):
    from django.urls import reverse
    from wagtail.users.models import UserProfile

    story = StoryPageFactory(owner=anna, live=False, title="Night shift")
    story.save_revision(user=anna)
    story.get_workflow().start(story, anna)
    for person in (anna, clara):
        UserProfile.get_for_user(person)
        UserProfile.objects.filter(user=person).update(preferred_language=language)
        client.force_login(person)
        html = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
        assert status in html and "In Moderation" not in html


def story_with_coach(anna, language, *people):
    from wagtail.users.models import UserProfile

    story = StoryPageFactory(owner=anna, live=False, title="Night shift")
    story.save_revision(user=anna)
    story.get_workflow().start(story, anna)
    for person in people:
        UserProfile.get_for_user(person)
        UserProfile.objects.filter(user=person).update(preferred_language=language)
    return story


@pytest.mark.parametrize(
    ("language", "send", "ask", "avoided"),
    [
        ("en", "Send to the editors", "Ask for changes", ("Approve", "Request changes")),
        ("de", "An die Redaktion schicken", "Um Änderungen bitten", ("Freigeben", "anfordern")),
    ],
)
def test_the_coachs_review_queue_actions_speak_of_editors(
    client, anna, clara, language, send, ask, avoided
):
    from django.urls import reverse

    story = story_with_coach(anna, language, clara)
    client.force_login(clara)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    row = home.split(f'data-awaiting-review="{story.pk}"')[1].split("</tr>")[0]
    assert f">{send}</button>" in row and f">{ask}</button>" in row
    assert not any(word in row for word in avoided)
    # Wagtail's action modal is headed and confirmed with the same words, same URLs.
    task_state = story.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "reject", task_state.pk])
    assert url in row
    modal = client.get(url).json()["html"]
    assert ask in modal and avoided[1] not in modal


@pytest.mark.parametrize(
    ("language", "locked", "wagtails"),
    [
        ("en", "Locked while the story is in review", "Locked by workflow"),
        ("de", "Gesperrt, solange die Geschichte geprüft wird", "Durch Workflow gesperrt"),
    ],
)
def test_the_lock_line_says_in_review_not_workflow(client, anna, clara, language, locked, wagtails):
    from django.urls import reverse

    story = story_with_coach(anna, language, anna)
    client.force_login(anna)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert locked in html and wagtails not in html


@pytest.mark.parametrize(
    ("language", "take_back", "wagtails"),
    [
        ("en", "Take the story back", "Cancel workflow"),
        ("de", "Geschichte zurückholen", "Workflow"),
    ],
)
def test_the_author_takes_the_story_back_not_cancels_a_workflow(
    client, anna, clara, language, take_back, wagtails
):
    from django.urls import reverse

    story = story_with_coach(anna, language, anna)
    client.force_login(anna)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    footer = html.split('<footer class="footer')[1].split("</footer>")[0]
    assert take_back in footer and 'name="action-cancel-workflow"' in footer
    assert wagtails not in footer


@pytest.mark.parametrize(
    ("language", "status", "wagtails"),
    [("en", "in review", "in moderation"), ("de", "in Prüfung", "in Moderation")],
)
def test_the_stories_listing_says_in_review_not_in_moderation(
    client, anna, language, status, wagtails
):
    """Where Wagtail lands the author after a send (the listing of stories), the status
    column names the review, not Wagtail's moderation."""
    from django.urls import reverse

    story = story_with_coach(anna, language, anna)
    client.force_login(anna)
    html = client.get(reverse("wagtailadmin_explore", args=[story.get_parent().pk]))
    text = html.content.decode().lower()
    assert status.lower() in text
    assert wagtails.lower() not in text


def test_a_live_story_in_review_says_live_and_in_review(anna):
    story = StoryPageFactory(owner=anna, live=True, title="Night shift")
    story.save_revision(user=anna)
    story.get_workflow().start(story, anna)
    with translation.override("en"):
        assert story.status_string == "live + in review"
    story = StoryPageFactory(owner=anna, live=False, title="Day shift")
    with translation.override("en"):
        assert story.status_string == "draft"
