"""The counting endpoints: what counts, what is excluded, bad input, sources, reads."""

import datetime

import pytest
import time_machine
from django.db.models import Sum

from stories.models import Audience, ReaderHash, StoryDailyViews
from tests.factories import AuthorFactory, CoachFactory, StoryPageFactory, UserFactory
from tests.stories.readership.conftest import DESKTOP_UA, OTHER_UA

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=datetime.UTC)


def figures(story):
    return StoryDailyViews.objects.filter(story=story).aggregate(
        views=Sum("views"), readers=Sum("readers"), reads=Sum("reads")
    )


def by_source(story):
    return {
        row.source: (row.views, row.readers, row.reads)
        for row in StoryDailyViews.objects.filter(story=story)
    }


@pytest.fixture
def story(author):
    return StoryPageFactory(owner=author)


def test_anonymous_view_counts_one_view_and_one_daily_reader(beacon, story):
    response = beacon(story)
    assert response.status_code == 204
    assert response.content == b""
    assert figures(story) == {"views": 1, "readers": 1, "reads": 0}


def test_same_reader_twice_a_day_is_two_views_and_one_daily_reader(beacon, story):
    beacon(story)
    beacon(story)
    assert figures(story) == {"views": 2, "readers": 1, "reads": 0}


def test_same_reader_on_the_next_day_is_a_new_daily_reader(beacon, story):
    with time_machine.travel(NOON, tick=False):
        beacon(story)
    with time_machine.travel(NOON + datetime.timedelta(days=1), tick=False):
        beacon(story)
    rows = StoryDailyViews.objects.filter(story=story).order_by("day")
    assert [(row.day.isoformat(), row.readers) for row in rows] == [
        ("2026-06-10", 1),
        ("2026-06-11", 1),
    ]


def test_day_boundary_follows_the_configured_time_zone(beacon, story, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    # 22:30 UTC on 10 June is 00:30 on 11 June in Berlin.
    with time_machine.travel(datetime.datetime(2026, 6, 10, 22, 30, tzinfo=datetime.UTC)):
        beacon(story)
    assert StoryDailyViews.objects.get(story=story).day == datetime.date(2026, 6, 11)


def test_different_readers_are_different_daily_readers(beacon, story):
    beacon(story, ip="198.51.100.7")
    beacon(story, ip="198.51.100.8")
    beacon(story, ip="198.51.100.7", ua=OTHER_UA)
    assert figures(story) == {"views": 3, "readers": 3, "reads": 0}


def test_a_reader_of_two_stories_counts_once_for_each(beacon, story, author):
    other = StoryPageFactory(owner=author)
    beacon(story)
    beacon(other)
    assert figures(story)["readers"] == 1
    assert figures(other)["readers"] == 1


@pytest.mark.parametrize(
    "ua",
    [
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/131.0.0.0 Safari/537.36",
        "curl/8.5.0",
        "",
    ],
)
def test_bots_are_not_counted(beacon, story, ua):
    assert beacon(story, ua=ua).status_code == 204
    assert not StoryDailyViews.objects.exists()


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
    ],
)
def test_prefetch_and_prerender_are_not_counted(beacon, story, header):
    assert beacon(story, headers=header).status_code == 204
    assert not StoryDailyViews.objects.exists()


def test_previews_are_not_counted(beacon, story):
    referer = f"http://testserver/admin/pages/{story.pk}/edit/preview/"
    assert beacon(story, headers={"HTTP_REFERER": referer}).status_code == 204
    assert not StoryDailyViews.objects.exists()


def test_preview_of_a_story_has_no_counting_script(admin_client, story):
    response = admin_client.get(f"/admin/pages/{story.pk}/view_draft/")
    assert response.status_code == 200
    assert b"data-readership-story" not in response.content
    assert b"readership.js" not in response.content


def test_head_request_to_the_pixel_is_not_counted(client, story):
    response = client.head(f"/readership/pixel.gif?story={story.pk}", HTTP_USER_AGENT=DESKTOP_UA)
    assert response.status_code == 200
    assert not StoryDailyViews.objects.exists()


def test_the_author_own_view_is_not_counted(client, beacon, story, author):
    client.force_login(author)
    assert beacon(story).status_code == 204
    assert not StoryDailyViews.objects.exists()


def test_a_co_author_view_is_not_counted(client, beacon, author, author2):
    story = StoryPageFactory(owner=author, co_authors=[author2.author_profile])
    client.force_login(author2)
    beacon(story)
    assert not StoryDailyViews.objects.exists()


@pytest.mark.parametrize("role", ["coach", "editor", "superuser"])
def test_logged_in_coaches_and_editors_are_not_counted(client, beacon, story, role, coach, editor):
    user = {
        "coach": coach,
        "editor": editor,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }[role]
    client.force_login(user)
    beacon(story)
    assert not StoryDailyViews.objects.exists()


def test_a_coach_of_other_authors_is_not_counted_either(client, beacon, story):
    client.force_login(CoachFactory())
    beacon(story)
    assert not StoryDailyViews.objects.exists()


def test_another_logged_in_employee_is_counted(client, beacon, story, author2):
    client.force_login(author2)
    beacon(story)
    assert figures(story)["readers"] == 1


def test_unpublished_story_is_not_counted(beacon, author):
    draft = StoryPageFactory(owner=author, live=False)
    response = beacon(draft)
    assert response.status_code == 404
    assert response.content == b"No such live story."
    assert not StoryDailyViews.objects.exists()


def test_internal_story_is_not_counted_for_anonymous_readers_and_not_revealed(beacon, author):
    internal = StoryPageFactory(owner=author, audience=Audience.INTERNAL)
    response = beacon(internal)
    assert response.status_code == 404
    assert response.content == b"No such live story."
    assert not StoryDailyViews.objects.exists()


def test_internal_story_counts_for_a_logged_in_employee(client, beacon, author, author2):
    internal = StoryPageFactory(owner=author, audience=Audience.INTERNAL)
    client.force_login(author2)
    assert beacon(internal).status_code == 204
    assert figures(internal)["views"] == 1


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({}, b"The story parameter must be a story id."),
        ({"story": "abc"}, b"The story parameter must be a story id."),
        ({"story": "-3"}, b"The story parameter must be a story id."),
        ({"story": "99999999999999"}, b"The story parameter must be a story id."),
        ({"story": "1", "kind": "like"}, b"The kind parameter must be 'view' or 'read'."),
    ],
)
def test_bad_input_gets_a_400_with_a_message(client, story, payload, message):
    response = client.post("/readership/beacon", payload, HTTP_USER_AGENT=DESKTOP_UA)
    assert response.status_code == 400
    assert response.content == message


def test_unknown_story_gets_a_404_with_a_message(beacon, story):
    response = beacon(story.pk + 1000)
    assert response.status_code == 404


def test_beacon_only_accepts_post(client, story):
    response = client.get(f"/readership/beacon?story={story.pk}", HTTP_USER_AGENT=DESKTOP_UA)
    assert response.status_code == 405


def test_beacon_needs_no_csrf_token(story):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/readership/beacon", {"story": story.pk, "kind": "view"}, HTTP_USER_AGENT=DESKTOP_UA
    )
    assert response.status_code == 204


@pytest.mark.parametrize(
    ("src", "ref", "expected"),
    [
        ("linkedin", "", "linkedin"),
        ("LinkedIn", "", "linkedin"),
        ("xing", "https://www.google.com/", "xing"),
        ("qr", "", "qr"),
        ("newsletter", "", "newsletter"),
        # Unknown values are ignored: the referrer decides.
        ("<script>", "", "direct"),
        ("a" * 500, "https://www.google.com/", "search"),
        ("", "", "direct"),
        (None, "", "direct"),
        (None, "https://www.google.de/search?q=x", "search"),
        (None, "https://duckduckgo.com/", "search"),
        (None, "https://www.linkedin.com/feed/", "social"),
        (None, "https://t.co/abc", "social"),
        (None, "https://t.com/abc", "other"),
        (None, "http://testserver/stories/", "internal"),
        (None, "https://example.org/blog", "other"),
        (None, "not a url", "direct"),
        (None, "http://[::1", "other"),
    ],
)
def test_source_from_src_or_referrer(beacon, story, src, ref, expected):
    data = {"ref": ref}
    if src is not None:
        data["src"] = src
    assert beacon(story, **data).status_code == 204
    assert list(by_source(story)) == [expected]


def test_a_daily_reader_is_counted_in_the_source_of_their_first_view(beacon, story):
    beacon(story, src="linkedin")
    beacon(story, ref="https://www.google.com/")
    assert by_source(story) == {"linkedin": (1, 1, 0), "search": (1, 0, 0)}
    assert figures(story)["readers"] == 1


def test_a_read_counts_once_per_reader_and_day(beacon, story):
    beacon(story)
    beacon(story, kind="read")
    beacon(story, kind="read")
    beacon(story, ip="198.51.100.99")
    beacon(story, kind="read", ip="198.51.100.99")
    assert figures(story) == {"views": 2, "readers": 2, "reads": 2}


def test_the_noscript_pixel_counts_a_view_with_the_page_src(client, story):
    response = client.get(
        f"/readership/pixel.gif?story={story.pk}",
        HTTP_USER_AGENT=DESKTOP_UA,
        HTTP_REFERER=f"http://testserver{story.url}?src=newsletter",
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert len(response.content) < 100
    assert by_source(story) == {"newsletter": (1, 1, 0)}


def test_the_pixel_rejects_bad_input_with_a_message(client):
    response = client.get("/readership/pixel.gif?story=x", HTTP_USER_AGENT=DESKTOP_UA)
    assert response.status_code == 400
    assert b"story" in response.content


def test_forwarded_for_is_ignored_from_an_untrusted_peer(beacon, story, settings):
    settings.STORYWERK_TRUSTED_PROXIES = []
    beacon(story, ip="10.0.0.5", headers={"HTTP_X_FORWARDED_FOR": "198.51.100.1"})
    beacon(story, ip="10.0.0.5", headers={"HTTP_X_FORWARDED_FOR": "198.51.100.2"})
    assert figures(story) == {"views": 2, "readers": 1, "reads": 0}


def test_forwarded_for_is_used_behind_a_trusted_proxy(beacon, story, settings):
    settings.STORYWERK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    beacon(story, ip="10.0.0.5", headers={"HTTP_X_FORWARDED_FOR": "198.51.100.1"})
    beacon(story, ip="10.0.0.5", headers={"HTTP_X_FORWARDED_FOR": "198.51.100.2"})
    # A client-supplied left-most entry cannot impersonate another reader.
    beacon(story, ip="10.0.0.5", headers={"HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.2"})
    assert figures(story) == {"views": 3, "readers": 2, "reads": 0}


def test_too_many_beacons_from_one_reader_get_429(beacon, story, settings):
    settings.STORYWERK_READERSHIP_RATE_LIMIT = 3
    statuses = [beacon(story).status_code for _ in range(4)]
    assert statuses == [204, 204, 204, 429]
    assert figures(story)["views"] == 3


def test_reader_hashes_are_stored_per_day_and_kind_only(beacon, story):
    beacon(story)
    beacon(story, kind="read")
    hashes = list(ReaderHash.objects.values_list("kind", "digest"))
    assert sorted(kind for kind, _ in hashes) == ["read", "view"]
    assert all(len(digest) == 32 for _, digest in hashes)


def test_counting_works_for_every_story_of_a_co_authored_team(beacon, author, author2):
    team = StoryPageFactory(owner=author, co_authors=[AuthorFactory().author_profile])
    beacon(team)
    assert figures(team)["views"] == 1
