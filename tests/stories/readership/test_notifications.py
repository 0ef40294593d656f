"""Milestone emails (once each) and the weekly digest (with opt-out), and the public page."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from stories.models import ReadershipEmailPreference, ReadershipMilestone
from stories.readership import storage
from stories.readership.notifications import check_milestones, send_weekly_digests
from tests.factories import AuthorFactory, StoryDailyViewsFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

# Wednesday 10 June 2026: "last week" is Monday 1 to Sunday 7 June.
WEDNESDAY = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def team_story(author, author2):
    story = StoryPageFactory(
        owner=author, co_authors=[author2.author_profile], title="The night the line stopped"
    )
    mail.outbox.clear()  # publishing notifications are not ours
    return story


def test_authors_and_co_authors_are_emailed_when_a_story_passes_100_daily_readers(team_story):
    StoryDailyViewsFactory(story=team_story, day=datetime.date(2026, 6, 1), readers=60)
    assert check_milestones([team_story.pk]) == []
    StoryDailyViewsFactory(story=team_story, day=datetime.date(2026, 6, 2), readers=45)
    check_milestones([team_story.pk])
    assert sorted(m.to[0] for m in mail.outbox) == ["author2@example.com", "author@example.com"]
    assert "100" in mail.outbox[0].subject
    assert "The night the line stopped" in mail.outbox[0].subject
    assert f"/admin/readership/story/{team_story.pk}/" in mail.outbox[0].body


def test_each_milestone_is_emailed_once(team_story):
    StoryDailyViewsFactory(story=team_story, day=datetime.date(2026, 6, 1), readers=120)
    check_milestones([team_story.pk])
    check_milestones([team_story.pk])
    assert len(mail.outbox) == 2  # two authors, once
    StoryDailyViewsFactory(story=team_story, day=datetime.date(2026, 6, 2), readers=900)
    check_milestones([team_story.pk])
    check_milestones([team_story.pk])
    assert sorted(ReadershipMilestone.objects.values_list("threshold", flat=True)) == [
        100,
        500,
        1000,
    ]
    assert len(mail.outbox) == 4  # 500 and 1,000 passed in one flush: one mail each, for 1,000
    assert "1000" in mail.outbox[-1].subject


def test_one_mail_per_story_and_flush_names_the_highest_milestone(author):
    story = StoryPageFactory(owner=author, title="Flood")
    mail.outbox.clear()
    StoryDailyViewsFactory(story=story, day=datetime.date(2026, 6, 1), readers=1200)
    assert check_milestones([story.pk]) == [(story.pk, 1000, author.pk)]
    assert len(mail.outbox) == 1
    assert "1000" in mail.outbox[0].subject
    assert check_milestones([story.pk]) == []  # the lower ones never follow


def test_german_milestone_mail_speaks_of_a_total_not_of_readers_per_day(author):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(author)
    profile.preferred_language = "de"
    profile.save()
    story = StoryPageFactory(owner=author, title="Gesamt")
    mail.outbox.clear()
    StoryDailyViewsFactory(story=story, day=datetime.date(2026, 6, 1), readers=150)
    check_milestones([story.pk])
    message = mail.outbox[0]
    assert "pro Tag" not in message.subject + message.body.split("\n\n")[1]
    assert "insgesamt mehr als 100 Lesende" in message.subject
    assert "insgesamt mehr als 100 Lesende" in message.body


def test_the_flush_job_checks_milestones(beacon, team_story, settings):
    settings.STORYWERK_READERSHIP_MILESTONES = (2,)
    beacon(team_story, ip="198.51.100.1")
    beacon(team_story, ip="198.51.100.2")
    storage.flush()
    assert len(mail.outbox) == 2


def _week_rows(story, readers_last_week, readers_week_before):
    StoryDailyViewsFactory(story=story, day=datetime.date(2026, 6, 3), readers=readers_last_week)
    if readers_week_before:
        StoryDailyViewsFactory(
            story=story, day=datetime.date(2026, 5, 27), readers=readers_week_before
        )


@pytest.mark.usefixtures("english_default_language")  # reads English text
def test_weekly_digest_tells_readers_and_change_on_the_week_before(team_story, author):
    _week_rows(team_story, 30, 20)
    with time_machine.travel(WEDNESDAY, tick=False):
        sent = send_weekly_digests()
    assert len(sent) == 2
    message = next(m for m in mail.outbox if m.to == [author.email])
    assert "30" in message.subject
    assert "up 50%" in message.body


@pytest.mark.usefixtures("english_default_language")  # reads English text
def test_weekly_digest_reports_a_drop(team_story, author):
    _week_rows(team_story, 15, 20)
    with time_machine.travel(WEDNESDAY, tick=False):
        send_weekly_digests()
    assert "down 25%" in mail.outbox[0].body


def test_weekly_digest_is_sent_once_per_week(team_story):
    _week_rows(team_story, 30, 0)
    with time_machine.travel(WEDNESDAY, tick=False):
        call_command("send_readership_digest")
        call_command("send_readership_digest")
    assert len(mail.outbox) == 2


def test_weekly_digest_respects_the_opt_out(team_story, author, author2):
    ReadershipEmailPreference.objects.create(user=author2, weekly_digest=False)
    _week_rows(team_story, 30, 0)
    with time_machine.travel(WEDNESDAY, tick=False):
        send_weekly_digests()
    assert [m.to for m in mail.outbox] == [[author.email]]


def test_authors_without_readers_last_week_get_no_digest(author, team_story):
    quiet = StoryPageFactory(owner=AuthorFactory())
    mail.outbox.clear()
    StoryDailyViewsFactory(story=quiet, day=datetime.date(2026, 5, 27), readers=5)
    StoryDailyViewsFactory(story=team_story, day=datetime.date(2026, 6, 9), readers=5)
    with time_machine.travel(WEDNESDAY, tick=False):
        assert send_weekly_digests() == []
    assert mail.outbox == []


@pytest.mark.usefixtures("english_default_language")  # reads English text
def test_what_we_count_page_explains_the_rules_and_is_linked_from_the_footer(client):
    response = client.get("/what-we-count/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No IP address" in html
    assert "reader-days" in html
    assert "deleted after two days" in html
    home = client.get("/").content.decode()
    assert 'href="/what-we-count/"' in home


def test_what_we_count_page_exists_in_german_and_english(client):
    german = client.get("/what-we-count/")
    english = client.get("/en/what-we-count/")
    assert german.status_code == english.status_code == 200
    assert 'lang="de"' in german.content.decode()
    assert 'lang="en"' in english.content.decode()


@pytest.mark.usefixtures("english_default_language")  # reads English text
def test_weekly_digest_has_the_cards_of_my_readership_in_text_and_html(team_story, author):
    StoryDailyViewsFactory(
        story=team_story, day=datetime.date(2026, 6, 3), views=1500, readers=30, reads=15
    )
    StoryDailyViewsFactory(
        story=team_story, day=datetime.date(2026, 5, 27), views=1000, readers=20, reads=5
    )
    with time_machine.travel(WEDNESDAY, tick=False):
        send_weekly_digests()
    message = next(m for m in mail.outbox if m.to == [author.email])
    assert "Views: 1,500 (+50 % on the week before)" in message.body
    assert "Reads: 15 (+200 % on the week before)" in message.body
    assert "Read ratio: 1 % (+1 points on the week before)" in message.body
    html = message.alternatives[0][0]
    assert "1,500" in html and "+50 % on the week before" in html
    # Absolute links only: the mail is read outside the site.
    assert 'href="http' in html and 'href="/' not in html


def test_german_digest_cards_use_german_numbers(team_story, author):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(author)
    profile.preferred_language = "de"
    profile.save()
    StoryDailyViewsFactory(story=team_story, day=datetime.date(2026, 6, 3), views=1234, readers=9)
    with time_machine.travel(WEDNESDAY, tick=False):
        send_weekly_digests()
    message = next(m for m in mail.outbox if m.to == [author.email])
    assert "Aufrufe: 1.234" in message.body
    assert "1.234" in message.alternatives[0][0]


def test_milestone_mail_carries_the_storys_cards(author):
    story = StoryPageFactory(owner=author, title="Cards")
    mail.outbox.clear()
    StoryDailyViewsFactory(
        story=story, day=datetime.date(2026, 6, 1), views=2000, readers=150, reads=100
    )
    check_milestones([story.pk])
    message = mail.outbox[0]
    assert "2.000" in message.body or "2,000" in message.body
    assert f"/admin/readership/story/{story.pk}/" in message.alternatives[0][0]
