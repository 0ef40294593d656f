"""Send to my coach, by name, with a note: the button, the dialog, the message, a refusal."""

import html

import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.action_menu import PageActionMenu
from wagtail.users.models import UserProfile

from stories.models import StoryPage
from stories.review.coach_task import CoachReviewTaskState
from stories.writing.send import SendToCoachMenuItem
from tests.factories import AuthorFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def english(*users):
    for user in users:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()


def edit_page(client, story):
    return client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()


def texts(response):
    return [html.unescape(str(message)) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def draft(anna):
    return StoryPageFactory(owner=anna, live=False, title="Night shift", slug="night-shift")


def test_the_authors_primary_action_names_the_coach_and_opens_a_dialog_with_the_note(
    client, anna, draft
):
    english(anna)
    client.force_login(anna)
    page = edit_page(client, draft)
    assert "Send to Clara Weiss" in page[page.index("data-send-open") :]
    # The dialog holds the note and the one confirm button that submits for review.
    dialog = page[page.index("<dialog") : page.index("</dialog>")]
    assert 'name="coach_note"' in dialog
    assert dialog.count('type="submit"') == 1
    assert 'name="action-submit"' in dialog
    # It is the primary action (Wagtail's default item), "Save draft" under "More actions".
    request = RequestFactory().get("/")
    request.user = anna
    menu = PageActionMenu(request, view="edit", page=draft, lock=None, locked_for_user=False)
    assert isinstance(menu.default_item, SendToCoachMenuItem)
    assert "Submit to my coach" not in page


def test_without_a_coach_the_button_says_send_to_the_coaches(client, db):
    loner = AuthorFactory(username="loner")
    english(loner)
    story = StoryPageFactory(owner=loner, live=False)
    client.force_login(loner)
    assert "Send to the coaches" in edit_page(client, story)


def test_a_coach_editing_the_draft_sees_the_owners_coach_named(client, anna, clara, draft):
    english(clara)
    client.force_login(clara)
    assert "Send to Clara Weiss" in edit_page(client, draft)


def test_an_editor_sees_the_send_action_by_the_coachs_name(client, anna, draft):
    from tests.factories import EditorFactory

    editor = EditorFactory(username="ed")
    english(editor)
    client.force_login(editor)
    page = edit_page(client, draft)
    assert "Send to Clara Weiss" in page


def test_sending_names_the_coach_and_keeps_the_note(driver, anna, draft):
    english(anna)
    driver.login(anna)
    response = driver.submit(draft, note="Is the ending too abrupt?")
    assert response.status_code == 302
    [message] = texts(response)
    assert "Clara Weiss has your story. You'll get an email when Clara replies." in message
    assert "moderation" not in message
    state = CoachReviewTaskState.objects.get()
    assert state.note == "Is the ending too abrupt?"
    assert state.assigned_coach.username == "clara"


def test_sending_without_a_title_shows_the_field_error_and_loses_nothing(driver, anna, draft):
    english(anna)
    driver.login(anna)
    response = driver.submit(draft, note="My note", title=" ", text="Every word I typed")
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    page = response.content.decode()
    assert "Every word I typed" in page and "My note" in page
    assert StoryPage.objects.get(pk=draft.pk).current_workflow_state is None


def test_sending_an_empty_body_is_refused_with_a_field_error(driver, anna, draft):
    english(anna)
    driver.login(anna)
    response = driver.submit(draft, text="", follow=True)
    assert response.context["form"].errors["body"]
    assert "Write your story here before you send it." in response.content.decode()
    assert StoryPage.objects.get(pk=draft.pk).current_workflow_state is None


def test_saving_a_draft_with_an_empty_body_is_fine(driver, anna, draft):
    driver.login(anna)
    response = driver.edit(draft, None, text="")
    assert response.status_code == 302


def dialog(html_text):
    start = html_text.index("data-send-dialog")
    return html_text[start : html_text.index("</dialog>", start)]


def test_the_send_dialog_lists_what_is_required_before_the_author_confirms(client, anna):
    english(anna)
    story = StoryPageFactory(owner=anna, live=False, title="Night shift", body=[])
    client.force_login(anna)
    shown = dialog(edit_page(client, story))
    assert "data-send-checks" in shown
    assert "Write your story here before you send it." in shown
    assert "data-send-blocked" in shown
    assert 'aria-describedby="send-dialog-blocked"' in shown


def test_the_send_dialog_of_a_complete_story_says_nothing_is_missing(client, anna, draft):
    english(anna)
    client.force_login(anna)
    shown = dialog(edit_page(client, draft))
    assert "Nothing missing: the story can go to the coach." in shown
    assert "data-send-blocked" not in shown
