"""Thanks from readers (stories/thanks): private to the story's authors, once per reader."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from authors.erasure import erase_author
from authors.personal_data import personal_data_for
from stories.models import StoryCoAuthor, StoryDailyViews, StoryThanks
from tests.factories import (
    AgencyCoachFactory,
    AuthorFactory,
    EditorFactory,
    StoryPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
WORDS = "Your story about the night shift made my week."


@pytest.fixture
def story(author):
    return StoryPageFactory(owner=author, live=True, title="Night shift")


@pytest.fixture
def reader(db):
    return AuthorFactory(username="reader")


def thank(client, story, message=WORDS):
    return client.post(reverse("story_thanks", args=[story.pk]), {"message": message})


def test_a_reader_sees_the_form_and_thanks_the_author_once(client, reader, story):
    client.force_login(reader)
    page = client.get(story.url).content.decode()
    assert 'id="thanks"' in page and reverse("story_thanks", args=[story.pk]) in page
    assert thank(client, story).status_code == 302
    assert thank(client, story, "Again!").status_code == 302
    (thanks,) = StoryThanks.objects.all()
    assert thanks.message == WORDS and thanks.sender == reader
    assert WORDS not in client.get(story.url).content.decode()
    # Never counted: no readership figure comes from a thank-you.
    assert not StoryDailyViews.objects.exists()


def test_anonymous_readers_get_no_form_and_cannot_post(client, story):
    assert 'id="thanks"' not in client.get(story.url).content.decode()
    response = thank(client, story)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not StoryThanks.objects.exists()


@pytest.mark.parametrize("message", ["x" * 501, "   ", "bell\x07"])
def test_the_message_is_plain_text_of_at_most_500_characters(client, reader, story, message):
    client.force_login(reader)
    assert thank(client, story, message).status_code == 400
    assert not StoryThanks.objects.exists()
    assert thank(client, story, "y" * 500).status_code == 302


def test_no_thanks_for_drafts_or_ones_own_story_or_from_agency_coaches(client, author, reader):
    draft = StoryPageFactory(owner=author, live=False)
    client.force_login(reader)
    assert thank(client, draft).status_code == 404
    live = StoryPageFactory(owner=author, live=True)
    client.force_login(author)
    assert 'id="thanks"' not in client.get(live.url).content.decode()
    assert thank(client, live).status_code == 403
    client.force_login(AgencyCoachFactory())
    assert thank(client, live).status_code == 403
    assert not StoryThanks.objects.exists()


def test_thanks_are_rate_limited(client, reader, author, settings):
    settings.STORYWERK_THANKS_PER_HOUR = 2
    client.force_login(reader)
    stories = [StoryPageFactory(owner=author, live=True) for _ in range(3)]
    assert [thank(client, s).status_code for s in stories] == [302, 302, 429]


@pytest.fixture
def thanks(story, reader):
    return StoryThanks.objects.create(story=story, sender=reader, message=WORDS)


def test_only_the_storys_authors_see_a_thank_you(client, thanks, author, author2, coach, editor):
    co_author = AuthorFactory()
    StoryCoAuthor.objects.create(page=thanks.story, profile=co_author.author_profile)
    for user in (author, co_author):
        client.force_login(user)
        assert WORDS in client.get(reverse("wagtailadmin_home")).content.decode(), user
    for user in (author2, coach, editor, thanks.sender):
        client.force_login(user)
        assert WORDS not in client.get(reverse("wagtailadmin_home")).content.decode(), user
        hide = reverse("storywerk_thanks_hide", args=[thanks.pk])
        assert client.post(hide).status_code == 404
    # Never on the public story page, for anyone.
    client.logout()
    assert WORDS not in client.get(thanks.story.url).content.decode()


def test_an_author_hides_a_thank_you_for_themselves_only(client, thanks, author):
    co_author = AuthorFactory()
    StoryCoAuthor.objects.create(page=thanks.story, profile=co_author.author_profile)
    client.force_login(author)
    assert client.post(reverse("storywerk_thanks_hide", args=[thanks.pk])).status_code == 302
    assert WORDS not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert list(StoryThanks.objects.shown_to(co_author)) == [thanks]


def test_reporting_mails_the_editors_once(
    client, thanks, author, django_capture_on_commit_callbacks
):
    EditorFactory(email="desk@example.com")
    client.force_login(author)
    url = reverse("storywerk_thanks_report", args=[thanks.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
        client.post(url)
    (message,) = [m for m in mail.outbox if m.to == ["desk@example.com"]]
    assert WORDS in message.body
    thanks.refresh_from_db()
    assert thanks.reported_at is not None
    assert not StoryThanks.objects.shown_to(author).exists()


def test_the_export_holds_thanks_received_and_sent(thanks, author, reader):
    received = personal_data_for(author)["thanks"]["received"]
    assert [item["message"] for item in received] == [WORDS]
    assert "reader" not in json.dumps(received)  # the reader is not named
    assert personal_data_for(reader)["thanks"]["sent"][0]["message"] == WORDS


def test_the_senders_erasure_erases_their_thanks(thanks, reader):
    erase_author(reader.author_profile, erased_by=UserFactory(is_superuser=True))
    assert not StoryThanks.objects.exists()


def test_the_weekly_digest_lists_the_weeks_thanks_not_hidden_ones(author, reader):
    import datetime

    import time_machine

    from stories.readership.notifications import send_weekly_digests
    from tests.factories import StoryDailyViewsFactory

    story = StoryPageFactory(owner=author, live=True)
    StoryDailyViewsFactory(story=story, day=datetime.date(2026, 6, 3), readers=3)
    with time_machine.travel(datetime.datetime(2026, 6, 4, 12, 0, tzinfo=datetime.UTC)):
        StoryThanks.objects.create(story=story, sender=reader, message=WORDS)
        hidden = StoryThanks.objects.create(story=story, sender=AuthorFactory(), message="Hidden")
    hidden.hidden_by.add(author)
    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2026, 6, 10, 12, 0, tzinfo=datetime.UTC)):
        send_weekly_digests()
    (message,) = [m for m in mail.outbox if m.to == [author.email]]
    assert WORDS in message.body and "Hidden" not in message.body
