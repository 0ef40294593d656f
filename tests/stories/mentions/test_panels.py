"""The dashboard's "Mentions" panel: unseen mentions until the story is opened."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from stories.mentions.models import Mention
from stories.mentions.panels import unseen_mentions
from tests.factories import CommentFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def _mention(story, person, by, text):
    """A comment by `by` naming `person`: saving it records the mention."""
    comment = CommentFactory(page=story, user=by, text=text)
    return Mention.objects.get(comment=comment, person=person, mentioned_by=by)


def _mention_rows(page):
    return re.findall(r"<tr data-mention=.*?</tr>", page, re.S)


def _dashboard(client, user):
    client.force_login(user)
    return html.unescape(client.get(reverse("wagtailadmin_home")).content.decode())


def test_the_panel_lists_unseen_mentions_with_story_who_excerpt_and_link(client, cast):
    story = cast["story"]
    mention = _mention(story, cast["author"], cast["coach"], "@Anna Berg start with the scanner")
    page = _dashboard(client, cast["author"])
    assert 'id="mentions"' in page or "data-mention" in page
    assert "Anna's draft" in page and "Clara Weiss" in page and "start with the scanner" in page
    edit_url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    assert f'href="{edit_url}?comment={mention.comment_id}"' in page


def test_opening_the_story_marks_its_mentions_seen(client, cast):
    story = cast["story"]
    other_story = StoryPageFactory(owner=cast["author"], live=False, title="Second draft")
    _mention(story, cast["author"], cast["coach"], "@Anna Berg one")
    _mention(other_story, cast["author"], cast["coach"], "@Anna Berg two")
    client.force_login(cast["author"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]) + "?comment=1")
    assert response.status_code == 200
    assert [m.page_id for m in unseen_mentions(cast["author"])] == [other_story.pk]
    rows = _mention_rows(_dashboard(client, cast["author"]))
    assert len(rows) == 1 and "Second draft" in rows[0]


def test_nobody_else_sees_the_mention(client, cast):
    _mention(cast["story"], cast["author"], cast["coach"], "@Anna Berg look")
    for role in ("coach", "editor", "other_author"):
        assert "data-mention" not in _dashboard(client, cast[role])


def test_a_story_the_person_can_no_longer_open_drops_out(client, cast):
    _mention(cast["story"], cast["coach"], cast["author"], "@Clara Weiss look")
    assert "data-mention" in _dashboard(client, cast["coach"])
    profile = cast["author"].author_profile
    profile.coach = cast["other_coach"]
    profile.save()
    page = _dashboard(client, cast["coach"])
    assert "data-mention" not in page and "Anna's draft" not in page


def test_the_panel_costs_the_same_queries_for_one_or_many_mentions(cast, django_assert_num_queries):
    from django.test import RequestFactory

    from stories.mentions.panels import MentionsPanel

    def render():
        request = RequestFactory().get("/admin/")
        request.user = cast["author"]
        return MentionsPanel(request).render_html({"request": request})

    _mention(cast["story"], cast["author"], cast["coach"], "@Anna Berg one")
    render()  # warm the per-user group cache
    # An indexed "any unseen?" first, then the one query of the rows.
    with django_assert_num_queries(2) as one:
        render()
    for n in range(5):
        story = StoryPageFactory(owner=cast["author"], live=False)
        _mention(story, cast["author"], cast["editor"], f"@Anna Berg {n}")
    with django_assert_num_queries(len(one.captured_queries)):
        assert render().count("data-mention=") == 6


def test_a_dashboard_without_unseen_mentions_costs_one_light_query(cast, django_assert_num_queries):
    from django.test import RequestFactory

    from stories.mentions.panels import MentionsPanel

    request = RequestFactory().get("/admin/")
    request.user = cast["author"]
    MentionsPanel(request).render_html({"request": request})  # warm the per-user group cache
    with django_assert_num_queries(1) as captured:
        assert MentionsPanel(request).render_html({"request": request}) == ""
    assert "wagtailcore_page" not in captured.captured_queries[0]["sql"]


def test_a_persons_mentions_are_in_their_data_export(cast):
    from stories.mentions.personal_data import mentions_personal_data

    mention = _mention(cast["story"], cast["author"], cast["coach"], "@Anna Berg look")
    [exported] = mentions_personal_data(cast["author"], None)["mentions"]
    assert exported["story_id"] == cast["story"].pk and exported["comment_id"] == mention.comment_id
    assert mentions_personal_data(cast["coach"], None) == {"mentions": []}


@pytest.mark.usefixtures("english_default_language")
def test_a_mention_of_this_minute_reads_just_now(client, cast):
    _mention(cast["story"], cast["author"], cast["coach"], "@Anna Berg look")
    row = _mention_rows(_dashboard(client, cast["author"]))[0]
    assert "just now" in row and "0 minutes" not in row


def test_a_mention_of_this_minute_reads_gerade_eben_in_german(client, cast):
    _mention(cast["story"], cast["author"], cast["coach"], "@Anna Berg schau")
    row = _mention_rows(_dashboard(client, cast["author"]))[0]
    assert "gerade eben" in row and "0 Minuten" not in row


@pytest.mark.usefixtures("english_default_language")
def test_an_older_mention_still_reads_how_long_ago(client, cast):
    mention = _mention(cast["story"], cast["author"], cast["coach"], "@Anna Berg earlier")
    Mention.objects.filter(pk=mention.pk).update(created_at=mention.created_at - timedelta(hours=2))
    row = _mention_rows(_dashboard(client, cast["author"]))[0]
    assert "2\xa0hours ago" in row and "just now" not in row
