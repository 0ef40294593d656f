"""A refused Send says truthfully whether a draft exists (no phantom): a story without a title
cannot be saved, one with a title is kept as a draft whatever else is missing."""

import html

import pytest
from django.contrib.messages import get_messages
from wagtail.users.models import UserProfile

from stories.models import StoryPage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

SAVED = "Your story is saved as a draft (under My stories)."
NOTHING_SAVED = "Nothing is saved until then"


@pytest.fixture(autouse=True)
def _english(anna):
    UserProfile.get_for_user(anna)
    UserProfile.objects.filter(user=anna).update(preferred_language="en")


def texts(response):
    return " ".join(html.unescape(str(m)) for m in get_messages(response.wsgi_request))


def test_a_refused_first_send_creates_nothing_and_says_so(driver, anna):
    driver.login(anna)
    response = driver.create(title=" ", text="")
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert NOTHING_SAVED in texts(response)
    assert "could not be created" not in texts(response)
    assert not StoryPage.objects.exists()


def test_a_refused_first_send_after_an_autosave_says_the_draft_is_kept(driver, anna):
    driver.login(anna)
    # What the editor's autosave does while the author types: a draft save of the new story.
    driver.create(action=None, title="Night shift", text="")
    response = driver.create(title=" ", text="")
    assert response.status_code == 200
    assert SAVED in texts(response)
    draft = StoryPage.objects.get()
    assert draft.current_workflow_state is None


def test_a_refused_send_of_an_existing_draft_says_it_is_kept(driver, anna):
    story = StoryPageFactory(owner=anna, live=False, title="Night shift")
    driver.login(anna)
    response = driver.submit(story, title=" ")
    assert response.status_code == 200
    assert SAVED in texts(response)


def test_another_authors_recent_draft_does_not_count_as_mine(driver, anna, author):
    StoryPageFactory(owner=author, live=False, title="Someone else's")
    driver.login(anna)
    response = driver.create(title=" ", text="")
    assert NOTHING_SAVED in texts(response)


def test_a_send_that_passes_creates_one_story_with_the_coach(driver, anna):
    driver.login(anna)
    response = driver.create(title="Night shift", note="First one")
    assert response.status_code == 302
    story = StoryPage.objects.get()
    assert story.current_workflow_task_state.specific.note == "First one"
    assert "Clara Weiss has your story." in texts(response)


def test_a_first_send_with_a_title_but_no_words_keeps_the_draft_and_the_note(driver, anna):
    driver.login(anna)
    response = driver.create(title="Night shift", text="", note="Too short?")
    assert response.status_code == 302
    draft = StoryPage.objects.get()
    assert draft.current_workflow_state is None
    refused = texts(response)
    assert "Your draft is saved, but it was not sent" in refused
    assert "has been created" not in refused and "created" not in refused.lower()
    form = driver.client.get(response.url)
    assert "Write your story here before you send it." in form.content.decode()
    assert ">Too short?</textarea>" in form.content.decode()


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_refused_send_says_it_once_in_either_language(driver, anna, language):
    UserProfile.objects.filter(user=anna).update(preferred_language=language)
    driver.login(anna)
    response = driver.create(title="Night shift", text="")
    shown = list(get_messages(response.wsgi_request))
    assert [m.level_tag for m in shown] == ["error"]
    assert "Teaser" not in str(shown[0]) and (
        "Story" in str(shown[0]) or "Geschichte" in str(shown[0])
    )
