"""Journey: the whole way of a story, in English and in German, and once with the keyboard alone.

The author gets from the dashboard to "With Clara Weiss since …", note included, in at most
three clicks (counted as tests/e2e/test_three_clicks.py counts them); the coach asks for
changes with a comment; the author reads it, fixes the text and sends it again; the coach sends
it to the editors; the editor publishes it and follows the link to the live story, which shows
the fix. In the keyboard run nobody clicks: Tab, Enter and typing only, and each person opens
the story from the link in the mail they got (as they would in their mail program).
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from cms.public_address import apply_site_url
from stories.models import StoryPage
from tests.e2e.admin_steps import body_editor, wait_for_body_input
from tests.e2e.test_three_clicks import CLICKS, COUNT_CLICKS, MAX_CLICKS
from tests.factories import AuthorFactory, CoachFactory, EditorFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Night shift"
TEASER = "What the night crew found."
FIRST_DRAFT = "The loop was found at 3 a.m."
FIXED = "At 3 a.m. the night crew saw the same parcel pass scanner 4 twice."
NOTE = "Is the ending too abrupt?"
COMMENT = "Say which scanner, and who saw it."
SECOND_NOTE = "Named the scanner."
WORDS = {
    "en": {
        "write": "Write a story",
        "send": "Send",
        "sent": "Clara Weiss has your story.",
        "with_coach": "With Clara Weiss since",
        "asks": "Anna Berger asks for your review",
        "ask": "Ask Anna for changes",
        "asked": f"Anna Berger has your comment and gets “{TITLE}” back.",
        "to_editors": "Send to the editors",
        "with_editors": f"“{TITLE}” is with the editors now.",
        "ready": "Anna Berger’s story is ready for your decision",
        "publish": "Publish now",
        "published": f"“{TITLE}” is published.",
        "live": "Read the live story",
    },
    "de": {
        "write": "Geschichte schreiben",
        "send": "Senden",
        "sent": "Clara Weiss hat Ihre Geschichte.",
        "with_coach": "Bei Clara Weiss seit",
        "asks": "Anna Berger bittet um Ihre Rückmeldung",
        "ask": "Anna um Änderungen bitten",
        "asked": f"Anna Berger hat Ihren Kommentar und bekommt „{TITLE}“ zurück.",
        "to_editors": "An die Redaktion schicken",
        "with_editors": f"„{TITLE}“ liegt jetzt bei der Redaktion.",
        "ready": "Die Geschichte von Anna Berger wartet auf Ihre Entscheidung",
        "publish": "Jetzt veröffentlichen",
        "published": f"„{TITLE}“ ist veröffentlicht.",
        "live": "Die veröffentlichte Geschichte lesen",
    },
}
EDIT_LINK = re.compile(r"https?://[^/\s]+(/admin/pages/\d+/edit/)")


@pytest.fixture
def people(db):
    """Fixed names for everyone: a generated name could share a prefix with another's."""
    clara = CoachFactory(username="clara", first_name="Clara", last_name="Weiss")
    anna = AuthorFactory(
        username="anna", first_name="Anna", last_name="Berger", profile__coach=clara
    )
    emil = EditorFactory(username="emil", first_name="Emil", last_name="Roth")
    return anna, clara, emil


class Hands:
    """One person's browser: clicks with the mouse, or only Tab, Enter and typing."""

    def __init__(self, page, keyboard):
        self.page = page
        self.keyboard = keyboard

    def focus(self, locator, limit=250):
        """Press Tab until `locator` has the focus."""
        for _ in range(limit):
            if locator.evaluate("el => el === document.activeElement"):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {locator}")

    def press(self, locator):
        if self.keyboard:
            self.focus(locator)
            self.page.keyboard.press("Enter")
        else:
            locator.click()

    def write(self, locator, text, replace=False):
        if self.keyboard:
            self.focus(locator)
        else:
            locator.click()
        if replace:
            self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.type(text)

    def clicks(self):
        return self.page.evaluate(CLICKS)


def sign_in(new_page, user, language, keyboard):
    """Sign in with Enter (no click), in `language`; count clicks from the dashboard on."""
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language=language)
    page = new_page()
    page.context.add_init_script(COUNT_CLICKS)
    page.goto("/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.evaluate("() => { sessionStorage.clicks = '0'; }")
    return Hands(page, keyboard)


def mail_link(user):
    """The story's editor link in the last mail `user` got."""
    [*_, last] = [message for message in mail.outbox if message.to == [user.email]]
    return EDIT_LINK.search(last.body).group(1)


def open_story(hands, user, title):
    """From the mail's link (keyboard run) or the dashboard's review queue (mouse run)."""
    page = hands.page
    if hands.keyboard:
        page.goto(mail_link(user))
    else:
        page.goto("/admin/")
        row = page.locator("tr[data-awaiting-review]", has_text=title)
        row.get_by_role("link", name=title).click()
    header = page.locator("[data-review-header]")
    expect(header).to_be_visible()
    return header


def send_to_coach(hands, words, note):
    """ "Send to Clara Weiss", the note in the dialog, confirm."""
    page = hands.page
    hands.press(page.locator("[data-send-open]"))
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("textarea")).to_be_focused()
    page.keyboard.type(note)
    if hands.keyboard:
        page.keyboard.press("Enter")
    else:
        dialog.get_by_role("button", name=words["send"], exact=True).click()
    expect(page.locator(".messages")).to_contain_text(words["sent"])


def decide(hands, header, label, dialog_id, comment=""):
    """A review header button, its confirmation dialog (with a comment), confirm."""
    page = hands.page
    hands.press(header.get_by_role("button", name=label))
    dialog = page.locator(f"#{dialog_id}")
    expect(dialog).to_be_visible()
    if comment:
        hands.write(dialog.locator("textarea"), comment)
    with page.expect_navigation():
        hands.press(dialog.get_by_role("button", name=label))


def author_sends(hands, words):
    """Dashboard to "With Clara Weiss since …", note included, in at most three clicks."""
    page = hands.page
    hands.press(page.get_by_role("link", name=words["write"]))
    expect(page.locator("#id_title")).to_be_focused()
    page.keyboard.type(TITLE)
    hands.write(page.locator("#id_teaser"), TEASER)
    hands.write(body_editor(page), FIRST_DRAFT)
    # Draftail copies the paragraph into the form's hidden input on change.
    wait_for_body_input(page, FIRST_DRAFT)
    send_to_coach(hands, words, NOTE)
    clicks = hands.clicks()
    story = StoryPage.objects.get(title=TITLE)
    # The dashboard's "My stories" names the coach (opened as the address, not a click).
    page.goto("/admin/")
    expect(page.locator(f'tr[data-my-story="{story.pk}"]')).to_contain_text(words["with_coach"])
    assert clicks <= MAX_CLICKS, f"{clicks} clicks from the dashboard to the coach"
    state = story.current_workflow_task_state.specific
    assert (state.note, state.assigned_coach.username) == (NOTE, "clara")


def coach_asks_for_changes(hands, clara, words):
    header = open_story(hands, clara, TITLE)
    expect(header).to_contain_text(words["asks"])
    expect(header).to_contain_text(NOTE)
    decide(hands, header, words["ask"], "review-decision-reject", comment=COMMENT)
    expect(hands.page.locator(".messages")).to_contain_text(words["asked"])


def author_fixes(hands, anna, story, words):
    page = hands.page
    page.goto("/admin/")
    row = page.locator(f'tr[data-my-story="{story.pk}"]')
    expect(row).to_contain_text(COMMENT)
    if hands.keyboard:
        page.goto(mail_link(anna))
    else:
        row.get_by_role("link", name=TITLE).click()
    expect(page.locator(".messages")).to_contain_text(COMMENT)
    editor = body_editor(page)
    hands.write(editor, FIXED, replace=True)
    expect(editor).to_have_text(FIXED)
    wait_for_body_input(page, FIXED)
    send_to_coach(hands, words, SECOND_NOTE)


def coach_sends_to_the_editors(hands, clara, words):
    header = open_story(hands, clara, TITLE)
    expect(header).to_contain_text(SECOND_NOTE)
    decide(hands, header, words["to_editors"], "review-decision-approve")
    expect(hands.page.locator(".messages")).to_contain_text(words["with_editors"])


def editor_publishes_and_reads_it(hands, emil, story, words):
    page = hands.page
    header = open_story(hands, emil, TITLE)
    expect(header).to_contain_text(words["ready"])
    decide(hands, header, words["publish"], "review-decision-approve")
    expect(page.locator(".messages")).to_contain_text(words["published"])
    story.refresh_from_db()
    assert story.live and story.current_workflow_state is None
    hands.press(page.get_by_role("link", name=words["live"]))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(FIXED)).to_be_visible()


@pytest.mark.parametrize(
    ("language", "keyboard"),
    [
        pytest.param("en", False, id="en"),
        pytest.param("de", False, id="de"),
        pytest.param("en", True, id="en-keyboard-only"),
    ],
)
def test_a_story_from_the_dashboard_to_the_live_site(
    new_page, live_server, people, language, keyboard
):
    apply_site_url(live_server.url)  # mail links and the live link point at this server
    anna, clara, emil = people
    words = WORDS[language]
    author = sign_in(new_page, anna, language, keyboard)
    author_sends(author, words)
    story = StoryPage.objects.get(title=TITLE)

    coach = sign_in(new_page, clara, language, keyboard)
    coach_asks_for_changes(coach, clara, words)
    author_fixes(author, anna, story, words)
    coach_sends_to_the_editors(coach, clara, words)
    editor = sign_in(new_page, emil, language, keyboard)
    editor_publishes_and_reads_it(editor, emil, story, words)

    if keyboard:
        assert [hands.clicks() for hands in (author, coach, editor)] == [0, 0, 0]
