"""The end of a story: the author box, more from the author, more on the topic."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from authors.models import ProfileVisibility
from stories.models import Audience
from tests.factories import AuthorFactory, ImageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, english_default_language):
    """Unprefixed URLs in English: the headings are checked in English."""
    return client


@pytest.fixture
def writer(db):
    return AuthorFactory(
        username="writer",
        first_name="Wanda",
        last_name="Writer",
        profile__profile_visibility=ProfileVisibility.PUBLIC,
        profile__bio="Writes about night shifts.",
    )


def end_of(client, story):
    html = client.get(story.url).content.decode()
    return html[html.index('class="wrap story-end"') :]


def test_author_box_names_and_links_the_lead_storyteller(client, writer):
    story = StoryPageFactory(owner=writer)
    end = end_of(client, story)
    assert "Wanda Writer" in end and "Writes about night shifts." in end
    assert f'href="{writer.author_profile.get_absolute_url()}"' in end


def test_no_author_box_for_a_hidden_profile(client):
    hidden = AuthorFactory(
        first_name="Hanna", last_name="Hidden", profile__profile_visibility=ProfileVisibility.HIDDEN
    )
    story = StoryPageFactory(owner=hidden)
    StoryPageFactory(owner=hidden, title="Another by Hanna")
    html = client.get(story.url).content.decode()
    assert "Hanna Hidden" not in html and "author-box" not in html


def test_no_more_from_list_for_an_erased_author(client, writer):
    profile = writer.author_profile
    story = StoryPageFactory(owner=writer, title="This one")
    StoryPageFactory(owner=writer, title="Another by the same hand")
    profile.erased_at = timezone.now()
    profile.save()
    cache.clear()
    end = end_of(client, story)
    assert "Former colleague" in end
    assert "More from" not in end and "Another by the same hand" not in end


def test_a_team_story_whose_lead_was_erased_ends_with_the_co_author(client, writer, editor):
    from authors.erasure import erase_author

    lead = AuthorFactory(username="zelda", profile__display_name="Zelda Quixotic")
    story = StoryPageFactory(owner=lead, title="Team work", co_authors=[writer.author_profile])
    StoryPageFactory(owner=writer, title="Wanda alone")
    erase_author(lead.author_profile, erased_by=editor)
    cache.clear()
    end = end_of(client, story)
    assert "Wanda Writer" in end and "Writes about night shifts." in end
    assert "More from Wanda Writer" in end and "Wanda alone" in end
    assert "Zelda" not in end


def test_more_from_the_author_lists_up_to_three_readable_stories(client, writer, author2):
    story = StoryPageFactory(owner=writer, title="This one")
    for n in range(4):
        StoryPageFactory(owner=writer, title=f"Public {n}")
    StoryPageFactory(owner=writer, title="Staff only", audience=Audience.INTERNAL)
    StoryPageFactory(owner=writer, title="Unfinished", live=False)
    cache.clear()
    end = end_of(client, story)
    assert "More from Wanda Writer" in end
    assert end.count('class="card"') == 3
    assert "This one" not in end and "Staff only" not in end and "Unfinished" not in end
    client.force_login(author2)
    assert end_of(client, story).count('class="card"') == 3  # newest three, internal included
    assert "Staff only" in end_of(client, story)


def test_more_on_the_topic_leaves_out_what_is_already_listed(client, writer, author2):
    story = StoryPageFactory(owner=writer, topics=["harbour"])
    mine = StoryPageFactory(owner=writer, title="Mine on the harbour", topics=["harbour"])
    theirs = StoryPageFactory(owner=author2, title="Theirs on the harbour", topics=["harbour"])
    StoryPageFactory(owner=author2, title="Off topic", topics=["canteen"])
    end = end_of(client, story)
    topic_part = end[end.index("More on harbour") :]
    assert theirs.title in topic_part and mine.title not in topic_part
    assert "Off topic" not in end


def test_a_newly_published_story_appears_at_the_end_of_the_others(client, writer):
    story = StoryPageFactory(owner=writer)
    assert "More from" not in end_of(client, story)  # cached with nothing to show
    StoryPageFactory(owner=writer, title="Fresh from the press")
    assert "Fresh from the press" in end_of(client, story)


@pytest.mark.parametrize("cold", [True, False])
def test_the_end_of_a_story_costs_no_query_per_card(client, writer, cold):
    story = StoryPageFactory(owner=writer, topics=["harbour"], hero_image=ImageFactory())
    other = AuthorFactory()

    def queries():
        client.get(story.url)  # renditions made; Wagtail's site caches warm
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(story.url)
        return len(captured)

    StoryPageFactory(owner=writer, topics=["harbour"], hero_image=ImageFactory())
    StoryPageFactory(owner=other, topics=["harbour"], hero_image=ImageFactory())
    few = queries()
    for _ in range(3):
        StoryPageFactory(owner=writer, topics=["harbour"], hero_image=ImageFactory())
        StoryPageFactory(owner=other, topics=["harbour"], hero_image=ImageFactory())
    assert queries() <= few
