"""Journey: the coach mentions the author in a comment (picked from the suggestions); the
author gets the mail and finds the mention in the dashboard's Mentions panel until opened."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from stories.mentions.models import Mention
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "The parcel that went round twice"


@pytest.fixture
def named(author, coach, editor):
    # Fixed names: a generated editor's name could also start with "An" and be suggested.
    people = ((author, "Anna", "Berg"), (coach, "Clara", "Weiss"), (editor, "Erik", "Vogel"))
    for user, first, last in people:
        user.first_name, user.last_name = first, last
        user.save()


def test_coach_mentions_the_author_who_gets_mail_and_sees_it_on_the_dashboard(
    new_page, login, english_admin, named, author, coach, editor
):
    story = StoryPageFactory(owner=author, live=False, title=TITLE)
    mail.outbox.clear()
    coach_page = new_page()
    login(coach_page, "coach")
    coach_page.goto(f"/admin/pages/{story.pk}/edit/")
    textarea = _open_comment_on_title(coach_page)

    # "@an" suggests the author (and only people who can open the story); Enter inserts her.
    textarea.press_sequentially("@an")
    listbox = coach_page.get_by_role("listbox", name="People you can mention")
    expect(listbox).to_be_visible()
    expect(listbox.get_by_role("option")).to_have_text(["Anna Berg"])
    textarea.press("Enter")
    expect(listbox).to_be_hidden()
    textarea.press_sequentially("start with the scanner?")
    expect(textarea).to_have_value("@Anna Berg start with the scanner?")
    coach_page.locator(".comment__button--primary", has_text="Comment").click()
    press_save_draft(coach_page)
    expect(coach_page.locator(".messages .success")).to_be_visible()

    mention = Mention.objects.get()
    assert mention.person == author and mention.mentioned_by == coach
    [message] = [m for m in mail.outbox if m.to == [author.email]]
    assert "Clara Weiss mentioned you" in message.subject
    link = re.search(r"http\S+\?comment=\d+", message.body).group(0)

    author_page = new_page()
    login(author_page, "author")
    row = author_page.locator("tr[data-mention]")
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text("Clara Weiss")
    expect(row).to_contain_text("start with the scanner?")
    # The mail's link opens the story with the comment; afterwards the panel is empty.
    # (The mail's host is the configured admin base URL; the path is what matters here.)
    parts = urlsplit(link)
    author_page.goto(f"{parts.path}?{parts.query}")
    comment = author_page.locator(".comment__text", has_text="start with the scanner?")
    expect(comment).to_be_attached()
    author_page.goto("/admin/")
    expect(author_page.locator("tr[data-mention]")).to_have_count(0)


def _open_comment_on_title(page):
    """Turn comments on, add one to the title field, and return its text box."""
    page.get_by_role("button", name=re.compile("comments", re.I)).first.click()
    title_field = page.locator("[data-contentpath=title]")
    title_field.hover()
    title_field.locator("[data-comment-add]").click()
    textarea = page.locator("textarea.comment__input")
    expect(textarea).to_be_focused()
    return textarea


def press_save_draft(page):
    """ "Save draft" sits under the footer's "More actions" (the comment has one of its own)."""
    footer = page.get_by_role("navigation", name="Actions (footer)")
    save = page.get_by_role("button", name="Save draft")
    if not save.is_visible():
        footer.get_by_role("button", name="More actions").click()
    save.click()


def test_a_mention_of_someone_who_cannot_open_the_story_is_refused_and_kept(
    new_page, login, english_admin, named, author, coach
):
    from tests.factories import AuthorFactory

    AuthorFactory(username="olga", first_name="Olga", last_name="Brandt")
    story = StoryPageFactory(owner=author, live=False, title=TITLE)
    coach_page = new_page()
    login(coach_page, "coach")
    coach_page.goto(f"/admin/pages/{story.pk}/edit/")
    textarea = _open_comment_on_title(coach_page)
    # Olga is not suggested; typed by hand, the mention is refused on saving.
    textarea.press_sequentially("@Olga Brandt have a look")
    expect(coach_page.get_by_role("listbox", name="People you can mention")).to_be_hidden()
    coach_page.locator(".comment__button--primary", has_text="Comment").click()
    press_save_draft(coach_page)
    expect(coach_page.locator(".messages")).to_contain_text("Olga Brandt cannot open this story")
    expect(
        coach_page.locator(".comment__text, textarea.comment__input", has_text="have a look")
    ).to_have_count(1)
    assert not Mention.objects.exists()
