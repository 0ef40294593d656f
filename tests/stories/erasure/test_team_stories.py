"""Erasing the lead author of a team story: the confirmation page lists every story and what
happens to it; the team story stays live with the co-authors (the erased person "Former
colleague"), who are told by mail and may take it back as a draft; a team draft goes to the
co-author; an erased profile is offered as a co-author nowhere."""

import pytest
from django.core import mail
from django.urls import reverse

from authors.erasure import erase_author
from stories.erasure.outcomes import Outcome, erasure_outcomes
from stories.models import StoryPage
from tests.factories import AuthorFactory, StoryPageFactory
from tests.stories.conftest import story_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]


@pytest.fixture
def lead(db):
    return AuthorFactory(username="lead", profile__display_name="Zelda Quixotic")


@pytest.fixture
def team(lead, author):
    """`lead` leads a live team story with `author`, and tells two stories alone."""
    return {
        "team": StoryPageFactory(
            owner=lead, title="Team story", co_authors=[author.author_profile]
        ),
        "team_draft": StoryPageFactory(
            owner=lead, title="Team draft", live=False, co_authors=[author.author_profile]
        ),
        "alone": StoryPageFactory(owner=lead, title="Told alone"),
        "alone_draft": StoryPageFactory(owner=lead, title="Alone draft", live=False),
    }


def erase_url(profile):
    return reverse("wagtailsnippets_authors_authorprofile:erase", args=[profile.pk])


def take_back_url(story):
    return reverse("stories_take_back_team_story", args=[story.pk])


def test_confirmation_page_lists_every_story_and_what_happens(client, editor, lead, author2, team):
    colleague = StoryPageFactory(
        owner=author2, title="A colleague leads", co_authors=[lead.author_profile]
    )
    client.force_login(editor)
    html = client.get(erase_url(lead.author_profile)).content.decode()
    assert "Stories affected" in html
    for title in ("Team story", "Team draft", "Told alone", "Alone draft", colleague.title):
        assert title in html
    assert "it is unpublished" in html  # told alone, no consent
    assert "stays published with" in html  # the team story
    assert "the draft goes to" in html
    assert "stays an unpublished draft" in html
    assert "stays as it is" in html  # a colleague leads


def test_outcome_of_each_story(lead, team, author):
    outcomes = {
        item.story.title: item.outcome
        for item in erasure_outcomes(lead.author_profile, keep_published=False)
    }
    assert outcomes == {
        "Team story": Outcome.TEAM_STAYS_LIVE,
        "Team draft": Outcome.TEAM_DRAFT_HANDED_OVER,
        "Told alone": Outcome.UNPUBLISHED,
        "Alone draft": Outcome.STAYS_DRAFT,
    }


def test_team_story_stays_live_with_former_colleague_in_the_byline(client, editor, lead, team):
    assert erase_author(lead.author_profile, erased_by=editor) == 1
    story = StoryPage.objects.get(pk=team["team"].pk)
    assert story.live
    assert not StoryPage.objects.get(pk=team["alone"].pk).live
    html = client.get(story.url).content.decode()
    assert "Former colleague" in html
    assert "Zelda" not in html


def test_co_author_is_told_by_mail_in_their_language_with_a_take_back_link(
    django_capture_on_commit_callbacks, editor, lead, author, team
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(author)
    profile.preferred_language = "de"
    profile.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        erase_author(lead.author_profile, erased_by=editor)
    to_author = [m for m in mail.outbox if author.email in m.to]
    assert len(to_author) == 2  # the team story and the team draft
    live_mail = next(m for m in to_author if "Team story" in m.subject)
    assert take_back_url(team["team"]) in live_mail.body
    assert "Ehemalige Kollegin/ehemaliger Kollege" in live_mail.body  # in German
    assert "Former colleague" not in live_mail.body
    assert "Zelda" not in live_mail.body
    # Nobody else is mailed about the erasure.
    assert all(m.to == [author.email] for m in mail.outbox)


def test_team_draft_goes_to_the_co_author(editor, lead, author, team):
    erase_author(lead.author_profile, erased_by=editor)
    draft = StoryPage.objects.get(pk=team["team_draft"].pk)
    assert draft.owner == author
    assert [row.profile for row in draft.co_authors.all()] == [lead.author_profile]
    latest = draft.get_latest_revision_as_object()
    assert latest.owner == author
    assert [row.profile_id for row in latest.co_authors.all()] == [lead.author_profile.pk]


def test_co_author_takes_the_live_team_story_back_as_a_draft(client, editor, lead, author, team):
    erase_author(lead.author_profile, erased_by=editor)
    client.force_login(author)
    url = take_back_url(team["team"])
    page = client.get(url)
    assert "Take it back as my draft" in page.content.decode()
    # The header names the page and the story, not "Home".
    assert page.context["breadcrumbs_items"][-1]["label"] == "Take your team story back as a draft"
    assert page.context["breadcrumbs_items"][-1]["sublabel"] == "Team story"
    response = client.post(url)
    assert response.status_code == 302
    story = StoryPage.objects.get(pk=team["team"].pk)
    assert not story.live
    assert story.owner == author
    assert [row.profile for row in story.co_authors.all()] == [lead.author_profile]
    # The link used again leads to the draft, not to an error.
    again = client.get(url)
    assert again.status_code == 302
    assert again["Location"] == reverse("wagtailadmin_pages:edit", args=[story.pk])
    # And the author can open it in the editor.
    assert client.get(again["Location"]).status_code == 200


@pytest.mark.parametrize("who", ["author2", "coach", "editor"])
def test_only_a_co_author_may_take_the_story_back(client, request, editor, lead, team, who):
    erase_author(lead.author_profile, erased_by=editor)
    client.force_login(request.getfixturevalue(who))
    url = take_back_url(team["team"])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert StoryPage.objects.get(pk=team["team"].pk).live


def test_no_take_back_while_the_lead_is_not_erased(client, author, team):
    client.force_login(author)
    assert client.post(take_back_url(team["team"])).status_code == 404
    assert StoryPage.objects.get(pk=team["team"].pk).live


def test_erased_profile_is_not_offered_in_the_co_author_chooser(client, editor, lead, author):
    erase_author(lead.author_profile, erased_by=editor)
    client.force_login(author)
    url = reverse("wagtailsnippetchoosers_authors_authorprofile:choose_results")
    html = client.get(url).content.decode()
    assert str(author.author_profile.display_name) in html
    assert "Former colleague" not in html
    html = client.get(url, {"q": "Former"}).content.decode()
    assert "Former colleague" not in html


def test_erased_profile_cannot_be_added_as_co_author_but_stays_where_credited(
    client, editor, lead, author, author2
):
    credited = StoryPageFactory(owner=author, live=False, co_authors=[lead.author_profile])
    fresh = StoryPageFactory(owner=author, live=False)
    erase_author(lead.author_profile, erased_by=editor)
    client.force_login(author)

    def save(story, co_authors):
        data = story_form_data(story) | _co_author_rows(co_authors)
        return client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)

    row = credited.co_authors.get()
    assert save(credited, [(row.pk, lead.author_profile)]).status_code == 302
    response = save(fresh, [("", lead.author_profile)])
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert save(fresh, [("", author2.author_profile)]).status_code == 302


def _co_author_rows(co_authors):
    initial = sum(1 for pk, _profile in co_authors if pk)
    data = {
        "co_authors-TOTAL_FORMS": str(len(co_authors)),
        "co_authors-INITIAL_FORMS": str(initial),
        "co_authors-MIN_NUM_FORMS": "0",
        "co_authors-MAX_NUM_FORMS": "1000",
    }
    for n, (pk, profile) in enumerate(co_authors):
        data |= {
            f"co_authors-{n}-id": str(pk),
            f"co_authors-{n}-profile": str(profile.pk),
            f"co_authors-{n}-ORDER": str(n + 1),
            f"co_authors-{n}-DELETE": "",
        }
    return data


def test_confirmation_list_costs_the_same_queries_however_many_stories(lead, author, author2):
    from authors.erasure import erasure_preview

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            erasure_preview(lead.author_profile)
        return len(queries)

    StoryPageFactory(owner=lead, co_authors=[author.author_profile])
    StoryPageFactory(owner=author2, co_authors=[lead.author_profile])
    few = count_queries()
    for n in range(5):
        StoryPageFactory(owner=lead, co_authors=[author.author_profile, author2.author_profile])
        StoryPageFactory(owner=author, co_authors=[lead.author_profile], live=bool(n % 2))
    assert count_queries() == few


def test_lead_of_a_story_the_erased_person_co_wrote_is_told(
    django_capture_on_commit_callbacks, editor, lead, author2
):
    story = StoryPageFactory(
        owner=author2, title="Led by a colleague", co_authors=[lead.author_profile]
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        erase_author(lead.author_profile, erased_by=editor)
    (message,) = mail.outbox
    assert message.to == [author2.email]
    assert "Nothing else changes" in message.body
    assert "take-back" not in message.body
    assert StoryPage.objects.get(pk=story.pk).live


def test_nobody_is_told_of_an_erasure_that_did_not_happen(editor, lead, author, team):
    from django.db import transaction

    mail.outbox.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        erase_author(lead.author_profile, erased_by=editor)
        raise RuntimeError("the erasure fails after the stories were handled")
    assert mail.outbox == []
    assert StoryPage.objects.get(pk=team["team_draft"].pk).owner == lead
