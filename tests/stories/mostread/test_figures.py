"""/most-read/: rankings from hand-built rollups, consent, visibility, suppression, caching."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from authors.models import ProfileVisibility
from stories.models import Audience, MostReadSettings
from stories.mostread import figures
from stories.signals import readership_flushed
from tests.factories import (
    AuthorFactory,
    CoachFactory,
    DepartmentFactory,
    EditorFactory,
    StoryPageFactory,
    add_readers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, english_default_language):
    """English pages, whatever LANGUAGE_CODE and the German catalogue say."""
    # The URL decides the language (cms/urls.py): unprefixed URLs use LANGUAGE_CODE.
    return client


NOW = datetime.datetime(2026, 5, 20, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def opted_in(username, **profile):
    return AuthorFactory(username=username, profile__show_on_leaderboards=True, **profile)


def published(story, days_ago):
    """Backdate a story's first publication (the factory publishes it now)."""
    when = timezone.now() - datetime.timedelta(days=days_ago)
    type(story).objects.filter(pk=story.pk).update(first_published_at=when)
    story.first_published_at = when
    return story


def period(data, key):
    return next(p for p in data["periods"] if p["key"] == key)


def test_top_stories_are_ranked_by_daily_readers_per_period():
    writer = opted_in("writer")
    recent = StoryPageFactory(owner=writer, title="Recent hit")
    steady = StoryPageFactory(owner=writer, title="Steady seller")
    old = StoryPageFactory(owner=writer, title="Old classic")
    add_readers(recent, 40, days_ago=1)
    add_readers(recent, 5, days_ago=2, source="linkedin")  # sources add up
    add_readers(steady, 30, days_ago=3)
    add_readers(steady, 30, days_ago=20)
    add_readers(old, 100, days_ago=200)

    data = figures.compute_figures(figures.ANONYMOUS, timezone.localdate())

    assert [s["title"] for s in period(data, "7")["stories"]] == ["Recent hit", "Steady seller"]
    assert [s["readers"].value for s in period(data, "7")["stories"]] == [45, 30]
    assert [s["title"] for s in period(data, "30")["stories"]] == ["Steady seller", "Recent hit"]
    assert [s["title"] for s in period(data, "all")["stories"]] == [
        "Old classic",
        "Steady seller",
        "Recent hit",
    ]
    assert period(data, "all")["stories"][0]["url"] == old.url


def test_days_outside_the_period_and_in_the_future_are_not_counted():
    story = StoryPageFactory(owner=opted_in("writer"))
    add_readers(story, 9, days_ago=7)  # the 8th day back: outside "last 7 days"
    add_readers(story, 50, days_ago=-1)  # tomorrow: never published ahead of time
    data = figures.compute_figures(figures.ANONYMOUS, timezone.localdate())
    assert period(data, "7")["stories"] == []
    assert period(data, "30")["stories"][0]["readers"].value == 9


def test_page_lists_stories_in_order_with_daily_readers(client):
    writer = opted_in("writer")
    first = StoryPageFactory(owner=writer, title="First place")
    second = StoryPageFactory(owner=writer, title="Second place")
    add_readers(first, 20)
    add_readers(second, 10)
    html = client.get("/most-read/").content.decode()
    assert html.index("First place") < html.index("Second place")
    assert "daily readers" in html
    assert 'role="tablist"' not in html  # tabs are JS-enhanced; without JS, plain sections
    assert 'id="period-7"' in html and 'id="period-30"' in html and 'id="period-all"' in html
    assert "js/tabs.js" in html


def test_internal_stories_never_reach_anonymous_readers_but_employees_see_them(client, author2):
    writer = opted_in("writer")
    secret = StoryPageFactory(owner=writer, title="Inside plans", audience=Audience.INTERNAL)
    add_readers(secret, 50)
    html = client.get("/most-read/").content.decode()
    assert "Inside plans" not in html
    client.force_login(author2)
    assert "Inside plans" in client.get("/most-read/").content.decode()


@pytest.mark.parametrize("role", ["author", "coach", "editor", "admin"])
def test_every_logged_in_role_sees_internal_stories_on_most_read(client, role):
    user = {
        "author": lambda: AuthorFactory(username="someone"),
        "coach": lambda: CoachFactory(username="someone"),
        "editor": lambda: EditorFactory(username="someone"),
        "admin": lambda: EditorFactory(username="someone", is_superuser=True),
    }[role]()
    story = StoryPageFactory(owner=opted_in("writer"), title="Inside", audience=Audience.INTERNAL)
    add_readers(story, 6)
    client.force_login(user)
    response = client.get("/most-read/")
    assert response.status_code == 200
    assert "Inside" in response.content.decode()


def test_only_opted_in_storytellers_are_named_others_only_counted(client):
    named = opted_in("named", first_name="Nora", last_name="Named")
    shy = AuthorFactory(username="shy", first_name="Sam", last_name="Shy")
    add_readers(StoryPageFactory(owner=named, title="Nora's story"), 12)
    add_readers(StoryPageFactory(owner=shy, title="Sam's story"), 30)

    html = client.get("/most-read/").content.decode()

    assert "Nora Named" in html
    assert "Sam Shy" not in html  # not in the leaderboard, nor in the top stories' bylines
    assert "Sam&#x27;s story" in html or "Sam's story" in html  # the story itself is listed
    data = figures.compute_figures(figures.ANONYMOUS, timezone.localdate())
    seven = period(data, "7")
    assert [p["name"] for p in seven["storytellers"]] == ["Nora Named"]
    assert seven["others_count"] == 1
    assert seven["others_readers"].value == 30
    assert seven["total_readers"].value == 42


def test_profile_visibility_decides_who_is_named_for_which_viewer(client, author2):
    internal = opted_in(
        "inner",
        first_name="Ina",
        last_name="Internal",
        profile__profile_visibility=ProfileVisibility.INTERNAL,
    )
    hidden = opted_in(
        "hidden",
        first_name="Hugo",
        last_name="Hidden",
        profile__profile_visibility=ProfileVisibility.HIDDEN,
    )
    add_readers(StoryPageFactory(owner=internal), 20)
    add_readers(StoryPageFactory(owner=hidden), 20)

    anonymous = client.get("/most-read/").content.decode()
    assert "Ina Internal" not in anonymous
    assert "Hugo Hidden" not in anonymous
    client.force_login(author2)
    employee = client.get("/most-read/").content.decode()
    assert "Ina Internal" in employee
    assert "Hugo Hidden" not in employee


def test_co_authors_are_credited_with_the_story_readers():
    lead = opted_in("lead", first_name="Lea", last_name="Lead")
    partner = opted_in("partner", first_name="Pia", last_name="Partner")
    add_readers(StoryPageFactory(owner=lead, co_authors=[partner.author_profile]), 25)
    add_readers(StoryPageFactory(owner=lead), 5)
    data = figures.compute_figures(figures.ANONYMOUS, timezone.localdate())
    ranking = [(p["name"], p["readers"].value) for p in period(data, "7")["storytellers"]]
    assert ranking == [("Lea Lead", 30), ("Pia Partner", 25)]
    assert period(data, "7")["stories"][0]["authors"][1]["name"] == "Pia Partner"


def test_admin_setting_switches_the_leaderboard_off(client):
    writer = opted_in("named", first_name="Nora", last_name="Named")
    add_readers(StoryPageFactory(owner=writer, title="A story"), 12)
    assert "Nora Named" in client.get("/most-read/").content.decode()

    settings = MostReadSettings.load()
    settings.show_storytellers_leaderboard = False
    settings.save()

    html = client.get("/most-read/").content.decode()
    assert "Nora Named" not in html
    assert "Rising voices" not in html
    assert "A story" in html  # the stories ranking stays


def test_small_cells_are_shown_as_fewer_than_five(client):
    sales = DepartmentFactory(name="Sales", slug="sales")
    writer = opted_in("writer", profile__department=sales)
    add_readers(StoryPageFactory(owner=writer, title="Quiet story"), 3)
    data = figures.compute_figures(figures.ANONYMOUS, timezone.localdate())
    assert data["departments"][0]["readers"].suppressed
    assert data["departments"][0]["per_author_suppressed"]
    html = client.get("/most-read/").content.decode()
    assert "fewer than 5" in html
    assert ">3<" not in html


def test_departments_are_normalised_by_their_storytellers():
    sales = DepartmentFactory(name="Sales", slug="sales")
    it = DepartmentFactory(name="IT", slug="it")
    for name in ("s1", "s2"):
        add_readers(StoryPageFactory(owner=opted_in(name, profile__department=sales)), 30)
    add_readers(StoryPageFactory(owner=opted_in("i1", profile__department=it)), 40)
    data = figures.compute_figures(figures.ANONYMOUS, timezone.localdate())
    rows = {row["name"]: row for row in data["departments"]}
    assert (rows["Sales"]["stories"], rows["Sales"]["authors"]) == (2, 2)
    assert rows["Sales"]["readers"].value == 60
    assert rows["Sales"]["readers_per_author"].value == 30
    assert rows["IT"]["readers_per_author"].value == 40


def test_rising_voices_are_storytellers_whose_first_story_is_recent():
    newcomer = opted_in("new", first_name="Nell", last_name="New")
    veteran = opted_in("vet", first_name="Vera", last_name="Veteran")
    add_readers(published(StoryPageFactory(owner=newcomer), 10), 7)
    published(StoryPageFactory(owner=veteran), 400)
    add_readers(published(StoryPageFactory(owner=veteran), 5), 50)
    data = figures.compute_figures(figures.ANONYMOUS, timezone.localdate())
    assert [p["name"] for p in data["rising_voices"]] == ["Nell New"]


def test_company_figures_count_this_month():
    writer = opted_in("writer")
    partner = opted_in("partner")
    this_month = published(
        StoryPageFactory(owner=writer, co_authors=[partner.author_profile]), days_ago=3
    )
    last_month = published(StoryPageFactory(owner=writer), days_ago=40)
    add_readers(this_month, 11, days_ago=1)
    add_readers(last_month, 7, days_ago=2, source="linkedin")
    add_readers(last_month, 100, days_ago=35)  # April: not this month
    data = figures.compute_figures(figures.ANONYMOUS, timezone.localdate())
    assert data["company"]["stories_published"] == 1
    assert data["company"]["authors"] == 2
    assert data["company"]["readers"].value == 18
    assert [(s["source"], s["readers"].value) for s in data["sources"]] == [
        ("direct", 11),
        ("linkedin", 7),
    ]


def test_figures_are_cached_and_refreshed_after_each_flush(client):
    story = StoryPageFactory(owner=opted_in("writer"), title="Counted story")
    add_readers(story, 10)
    assert "Counted story" not in period(figures.figures_for(AnonymousUser()), "7")["stories"][0][
        "title"
    ].replace("Counted story", "")
    add_readers(story, 20, days_ago=1)
    # Still the cached figure until the readership flush says the rollups changed.
    assert period(figures.figures_for(AnonymousUser()), "7")["stories"][0]["readers"].value == 10
    readership_flushed.send(sender=None, stories=[story.pk])
    assert period(figures.figures_for(AnonymousUser()), "7")["stories"][0]["readers"].value == 30


def test_figures_are_refreshed_when_a_story_is_published_or_unpublished():
    writer = opted_in("writer")
    story = StoryPageFactory(owner=writer, title="Going away")
    add_readers(story, 10)
    assert period(figures.figures_for(AnonymousUser()), "7")["stories"]
    story.unpublish()
    assert period(figures.figures_for(AnonymousUser()), "7")["stories"] == []
    story.save_revision().publish()
    assert period(figures.figures_for(AnonymousUser()), "7")["stories"]


def test_opting_out_takes_effect_at_once(client):
    writer = opted_in("writer", first_name="Olga", last_name="Optout")
    add_readers(StoryPageFactory(owner=writer), 10)
    assert "Olga Optout" in client.get("/most-read/").content.decode()
    profile = writer.author_profile
    profile.show_on_leaderboards = False
    profile.save()
    assert "Olga Optout" not in client.get("/most-read/").content.decode()


def _stories_with_readers(count, start=0):
    departments = [DepartmentFactory(slug=f"qc-{n}") for n in range(3)]
    for i in range(start, start + count):
        writer = opted_in(f"w{i}", profile__department=departments[i % 3])
        partner = opted_in(f"p{i}")
        story = StoryPageFactory(owner=writer, co_authors=[partner.author_profile])
        add_readers(story, 10 + i, days_ago=i % 10)
        add_readers(story, 3, days_ago=i % 40, source="linkedin")


def _cold_queries(client):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/most-read/").status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("logged_in", [False, True])
def test_query_count_is_the_same_for_1_and_26_stories(client, author2, logged_in):
    if logged_in:
        client.force_login(author2)
    _stories_with_readers(1)
    MostReadSettings.load()  # the first load creates the settings row
    one = _cold_queries(client)
    _stories_with_readers(25, start=1)
    assert _cold_queries(client) == one


@pytest.mark.parametrize("count", [1, 25])
def test_query_count_stays_within_a_fixed_budget(client, django_assert_max_num_queries, count):
    _stories_with_readers(count)
    cache.clear()
    # Cold cache: the whole computation in a fixed number of queries.
    with django_assert_max_num_queries(13):
        assert client.get("/most-read/").status_code == 200
    # Warm cache: only the per-request basics (the settings row).
    with django_assert_max_num_queries(2):
        assert client.get("/most-read/").status_code == 200


def test_sources_carry_the_readable_labels_of_the_readership_page(client):
    story = StoryPageFactory(owner=opted_in("src-writer"), title="Shared")
    add_readers(story, 219, source="linkedin")
    add_readers(story, 7, source="direct")
    html = client.get("/most-read/").content.decode()
    assert '<th scope="row">LinkedIn share</th>' in html
    assert '<th scope="row">Direct or unknown</th>' in html
    assert '<th scope="row">linkedin</th>' not in html
    assert '<th scope="row">direct</th>' not in html


def test_a_figure_is_followed_by_its_full_stop_without_a_space(client):
    add_readers(StoryPageFactory(owner=AuthorFactory(username="quiet"), title="Quiet"), 219)
    html = client.get("/most-read/").content.decode()
    assert '<span class="figure">219</span>.' in html
    assert "219</span>\n." not in html
