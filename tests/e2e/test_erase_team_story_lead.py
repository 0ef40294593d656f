"""Journey: an editor erases the lead author of a team story. The confirmation page lists the
story and what happens to it; the co-author is mailed; the story stays live with "Former
colleague" in the byline; the co-author follows the mail's link and takes it back as their
draft."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from authors.models import AuthorProfile
from stories.models import StoryPage
from tests.factories import AuthorFactory, StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "How we rebuilt the night shift together"


def test_erasing_the_lead_author_leaves_the_team_story_to_the_co_author(
    new_page, login, english_admin, english_default_language, author, editor
):
    lead = AuthorFactory(username="zelda", profile__display_name="Zelda Quixotic")
    story = StoryPageFactory(owner=lead, title=TITLE, co_authors=[author.author_profile])
    mail.outbox.clear()

    # 1. The confirmation page names the story and what happens to it.
    editor_page = login(new_page(), "editor")
    editor_page.goto(f"/admin/snippets/authors/authorprofile/erase/{lead.author_profile.pk}/")
    item = editor_page.locator("[data-erasure-story]", has_text=TITLE)
    expect(item).to_contain_text("stays published with")
    expect(item).to_contain_text(author.author_profile.display_name)
    editor_page.get_by_label("I understand").check()
    with editor_page.expect_navigation():
        editor_page.get_by_role("button", name="Yes, erase the personal data").click()
    expect(editor_page.get_by_text("personal data was erased")).to_be_visible()
    assert AuthorProfile.objects.get(user=lead).is_erased

    # 2. The co-author is told, with a link to take the story back.
    to_author = [m for m in mail.outbox if author.email in m.to]
    assert len(to_author) == 1
    link = re.search(r"https?://\S+/take-back/", to_author[0].body).group(0)
    assert "Zelda" not in to_author[0].body

    # 3. Readers still find the story, bylined "Former colleague" next to the co-author.
    reader = new_page()
    reader.goto(story.url)
    expect(reader.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(reader.get_by_text("Former colleague").first).to_be_visible()
    expect(reader.get_by_text("Zelda")).to_have_count(0)

    # 4. The co-author chooses to take it back: offline, and their draft.
    author_page = login(new_page(), "author")
    author_page.goto(re.sub(r"^https?://[^/]+", "", link))
    with author_page.expect_navigation():
        author_page.get_by_role("button", name="Take it back as my draft").click()
    expect(author_page.locator("#id_title")).to_have_value(TITLE)
    story = StoryPage.objects.get(pk=story.pk)
    assert not story.live
    assert story.owner == author
    response = reader.goto(story.url)
    assert response.status == 404
