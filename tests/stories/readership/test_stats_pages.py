"""My readership and a story's page: figures per period and their change, hand-computed from
rollups; co-authored stories; sources; departments and levels with small groups merged."""

import datetime

import pytest
from django.urls import reverse

from stories.models import StoryDailyAudience
from stories.readership import audience, figures
from stories.readership.counting import reading_day
from stories.readership.periods import period_from
from tests.factories import (
    AuthorFactory,
    DepartmentFactory,
    StoryDailyViewsFactory,
    StoryPageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]


def days_ago(n):
    return reading_day() - datetime.timedelta(days=n)


@pytest.fixture
def two_stories(author, author2):
    own = StoryPageFactory(owner=author, title="Own story")
    team = StoryPageFactory(owner=author2, co_authors=[author.author_profile], title="Team story")
    # Last 7 days: 10 + 5 views; days 7-13: 4 views; days 30-59: 40 views; day 200: 1,000.
    StoryDailyViewsFactory(story=own, day=days_ago(0), views=10, readers=8, reads=4)
    StoryDailyViewsFactory(story=team, day=days_ago(3), views=5, readers=4, reads=1)
    StoryDailyViewsFactory(story=own, day=days_ago(8), views=4, readers=4, reads=2)
    StoryDailyViewsFactory(story=own, day=days_ago(45), views=40, readers=30, reads=10)
    StoryDailyViewsFactory(
        story=team, day=days_ago(200), source="linkedin", views=1000, readers=900, reads=300
    )
    return own, team


def card_values(profile, key):
    from stories.models import StoryPage

    period = period_from(key, reading_day())
    now, before = figures.period_totals(StoryPage.objects.by_author(profile).values("pk"), period)
    return {card["key"]: (card["value"], card["change"]) for card in figures.cards(now, before)}


def test_cards_per_period_with_their_change_on_the_period_before(author, two_stories):
    profile = author.author_profile
    # 7 days: 15 views against 4 the 7 days before: +275 %; reads 5 vs 2: +150 %.
    assert card_values(profile, "7") == {
        "views": (15, 275),
        "readers": (12, 200),
        "reads": (5, 150),
        "read_ratio": (33, 33 - 50),
    }
    # 30 days: 19 views against 40: -52 %.
    assert card_values(profile, "30")["views"] == (19, -52)
    # 90 days: 59 views; the 90 days before had none: nothing to compare with.
    assert card_values(profile, "90")["views"] == (59, None)
    # All time has no period before.
    assert card_values(profile, "all") == {
        "views": (1059, None),
        "readers": (946, None),
        "reads": (317, None),
        "read_ratio": (30, None),
    }


def test_overview_ranks_stories_by_views_and_marks_co_authored_ones(client, author, two_stories):
    client.force_login(author)
    html = client.get("/admin/readership/?period=all").content.decode()
    table = html.split('id="rs-stories"')[1]
    assert table.index("Team story") < table.index("Own story")  # 1,005 views before 54
    team_row = table.split("Team story")[1].split("</tr>")[0]
    assert "co-authored" in team_row
    assert "co-authored" not in table.split("Own story")[1].split("</tr>")[0]
    assert "1,005" in team_row  # localised figures
    assert 'href="?period=all" aria-current="page"' in html
    assert 'class="rs-spark"' in team_row


def test_co_authored_story_counts_for_its_owner_too(client, author2, two_stories):
    client.force_login(author2)
    html = client.get("/admin/readership/?period=7").content.decode()
    assert "Team story" in html and "Own story" not in html.split('id="rs-stories"')[1]


def test_figures_are_localised_in_german(client, author, two_stories):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(author)
    profile.preferred_language = "de"
    profile.save()
    client.force_login(author)
    html = client.get("/admin/readership/?period=all").content.decode()
    assert "1.059" in html and "Aufrufe" in html


def test_unknown_period_falls_back_to_30_days(client, author, two_stories):
    client.force_login(author)
    response = client.get("/admin/readership/?period=1000")
    assert response.status_code == 200
    assert 'href="?period=30" aria-current="page"' in response.content.decode()


def test_each_card_label_links_to_what_we_count(client, author, two_stories):
    client.force_login(author)
    html = client.get("/admin/readership/").content.decode()
    for key in ("views", "readers", "reads", "read_ratio"):
        assert f'href="{reverse("what_we_count")}#{key}"' in html
    page = client.get(reverse("what_we_count")).content.decode()
    for key in ("views", "readers", "reads", "read_ratio", "sources", "audience"):
        assert f'id="{key}"' in page


def test_story_page_sources_comparison_and_milestones(client, author, two_stories):
    from stories.models import ReadershipMilestone

    own, team = two_stories
    ReadershipMilestone.objects.create(story=team, threshold=500)
    client.force_login(author)
    html = client.get(f"/admin/readership/story/{team.pk}/?period=all").content.decode()
    assert "LinkedIn share" in html and "1,000 views (100 %)" in html and "5 views (0 %)" in html
    # Team story: 1,005 views, Own story 54: rank 1 of 2, median 529.5.
    assert "Number 1 of 2 live stories" in html and "median of 529.5" in html
    assert "More than 500 daily readers in total" in html


def test_updated_ago_shows_after_a_flush(client, author, two_stories):
    from stories.readership import storage

    storage.flush()
    client.force_login(author)
    html = client.get("/admin/readership/").content.decode()
    assert "Updated 0 seconds ago" in html or "Updated 1 second ago" in html


# --- departments and levels --------------------------------------------------------------


def test_small_groups_are_merged_into_other_and_never_named():
    counts = {"1": 7, "2": 3, "3": 2, "4": 5}
    labels = {"1": "Legal", "2": "Plant Bremen", "3": "Board", "4": "Sales"}
    assert audience.merge_small_groups(counts, labels) == [
        ("Legal", 7),
        ("Sales", 5),
        ("Other", 5),
    ]
    # "Other" under the minimum is left out as well.
    assert audience.merge_small_groups({"1": 6, "2": 4}, {"1": "Legal", "2": "Board"}) == [
        ("Legal", 6)
    ]


def test_story_page_shows_departments_over_all_days_small_ones_merged(client, author, two_stories):
    own, _team = two_stories
    big = DepartmentFactory(name="Claims")
    small = DepartmentFactory(name="Tiny team")
    for day, readers in ((0, 3), (5, 3)):  # 6 in all, over two days
        StoryDailyAudience.objects.create(
            story=own, day=days_ago(day), dimension="department", group=str(big.pk), readers=readers
        )
    StoryDailyAudience.objects.create(
        story=own, day=days_ago(0), dimension="department", group=str(small.pk), readers=4
    )
    StoryDailyAudience.objects.create(
        story=own, day=days_ago(0), dimension="level", group="manager", readers=9
    )
    client.force_login(author)
    html = client.get(f"/admin/readership/story/{own.pk}/").content.decode()
    section = html.split('id="rs-audience"')[1].split("</section>")[0]
    assert "Claims" in section and "6 readers" in section
    assert "Tiny team" not in section  # 4 readers: under 5, and "Other" alone under 5 too
    assert "Manager" in section and "9 readers" in section


def test_a_signed_in_reader_counts_in_their_department_and_level_once_a_day(
    client, author, two_stories, settings
):
    from tests.stories.readership.conftest import DESKTOP_UA

    own, _team = two_stories
    department = DepartmentFactory(name="Claims")
    reader = AuthorFactory(profile__department=department, profile__level="senior")
    client.force_login(reader)
    for _ in range(2):
        response = client.post(
            "/readership/beacon", {"story": own.pk, "kind": "view"}, HTTP_USER_AGENT=DESKTOP_UA
        )
        assert response.status_code == 204
    rows = set(StoryDailyAudience.objects.values_list("dimension", "group", "readers"))
    assert rows == {("department", str(department.pk), 1), ("level", "senior", 1)}
    # Nothing about the person: only the story, the day, the group and a count.
    assert {f.name for f in StoryDailyAudience._meta.fields} == {
        "id",
        "story",
        "day",
        "dimension",
        "group",
        "readers",
    }


# --- roles -----------------------------------------------------------------------------------


def test_coach_sees_the_impact_of_the_stories_they_coached(client, author, coach):
    story = StoryPageFactory(owner=author, title="Coached story")
    story.get_workflow().start(story, author)  # the coach step is assigned to `coach`
    StoryDailyViewsFactory(story=story, day=days_ago(1), views=30, readers=20, reads=12)
    StoryDailyViewsFactory(story=story, day=days_ago(35), views=10, readers=8, reads=4)
    client.force_login(coach)
    html = client.get("/admin/readership/?period=30").content.decode()
    impact = html.split("Your impact: reads of the stories you coached")[1].split("</li>")[0]
    assert ">12<" in impact and "+200 %" in impact and "1 story coached" in impact


def test_an_author_gets_no_impact_card_nor_other_authors(client, author, author2, two_stories):
    client.force_login(author)
    html = client.get("/admin/readership/").content.decode()
    assert "Your impact" not in html
    assert author2.author_profile.display_name not in html.split('id="rs-stories"')[0]
    assert 'id="readership-authors"' not in html


def test_editor_narrows_the_authors_to_one_department(client, author, author2, editor):
    other = DepartmentFactory(name="Plant Bremen")
    author2.author_profile.department = other
    author2.author_profile.save()
    client.force_login(editor)
    html = client.get(f"/admin/readership/?department={other.slug}").content.decode()
    table = html.split('id="readership-authors"')[1]
    assert author2.author_profile.display_name in table
    assert author.author_profile.display_name not in table
    # An unknown department shows everyone (never an error).
    assert client.get("/admin/readership/?department=nope").status_code == 200


def test_coach_gets_no_department_filter(client, coach, author):
    client.force_login(coach)
    html = client.get("/admin/readership/").content.decode()
    assert 'name="department"' not in html


@pytest.mark.parametrize("period", ["7", "30", "90", "all"])
def test_overview_query_count_does_not_grow_with_stories(client, author, period):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stories.readership import dashboard_cache

    StoryPageFactory(owner=author)
    url = f"/admin/readership/?period={period}"
    client.force_login(author)

    def cold_count():
        client.get(url)
        dashboard_cache.renew([dashboard_cache.SITE])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = cold_count()
    for n in range(20):
        story = StoryPageFactory(owner=author)
        StoryDailyViewsFactory(story=story, day=days_ago(n))
    assert cold_count() == few


def test_a_signed_in_reader_on_the_redis_path_counts_in_their_groups_too(
    client, author, two_stories, fake_redis
):
    from tests.stories.readership.conftest import DESKTOP_UA

    own, _team = two_stories
    reader = AuthorFactory(profile__level="manager")
    client.force_login(reader)
    for _ in range(2):
        client.post(
            "/readership/beacon", {"story": own.pk, "kind": "view"}, HTTP_USER_AGENT=DESKTOP_UA
        )
    rows = dict(
        StoryDailyAudience.objects.filter(dimension="level").values_list("group", "readers")
    )
    assert rows == {"manager": 1}


def test_an_editor_compares_the_story_with_its_authors_other_stories(client, editor, two_stories):
    own, _team = two_stories
    client.force_login(editor)
    html = client.get(f"/admin/readership/story/{own.pk}/?period=all").content.decode()
    assert "Compared with the author's other stories" in html
    assert "Number 2 of 2 live stories" in html  # the author's: 54 views against 1,005
