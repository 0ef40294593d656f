"""Wherever a coach is named it is the current one, by display name (pipeline board, the
author's dashboard, the profile form's coach field)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from authors.models import AuthorProfile
from authors.roles import COACHES_GROUP
from stories.pipeline.board import build_board
from tests.factories import AuthorFactory, CoachFactory, PitchFactory, StoryPageFactory
from tests.stories.conftest import submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]


def _named_coaches(columns):
    return {card.title: card.coach for _key, _label, cards in columns for card in cards}


@pytest.fixture
def konrad(db):
    return CoachFactory(username="kadler", first_name="Konrad", last_name="Adler")


@pytest.fixture
def paired(konrad):
    author = AuthorFactory(username="lea", profile__coach=konrad)
    AuthorProfile.objects.filter(user=author).update(display_name="Lea Stern")
    return AuthorFactory._meta.model.objects.get(pk=author.pk)


def _lose_role_behind_the_scenes(konrad, how):
    """As stored data from before the hand-over: the pairing still points at Konrad."""
    if how == "deactivated":
        type(konrad).objects.filter(pk=konrad.pk).update(is_active=False)
    else:
        Group.objects.get(name=COACHES_GROUP).user_set.through.objects.filter(user=konrad).delete()


@pytest.mark.parametrize("how", ["deactivated", "removed"])
def test_pipeline_does_not_name_a_former_coach(review_workflow, editor, konrad, paired, how):
    StoryPageFactory(owner=paired, title="A draft", live=False)
    waiting = StoryPageFactory(owner=paired, title="Waiting", live=False)
    submit(review_workflow, waiting, paired)
    PitchFactory(working_title="An idea", submitted_by=paired)
    assert _named_coaches(build_board(editor))["A draft"] == "Konrad Adler"
    _lose_role_behind_the_scenes(konrad, how)
    named = _named_coaches(build_board(editor))
    assert named["A draft"] == ""
    assert named["An idea"] == ""
    assert named["Waiting"] == "Coaches group"


@pytest.mark.parametrize("how", ["deactivated", "removed"])
def test_author_dashboard_does_not_name_a_former_coach(client, konrad, paired, how):
    client.force_login(paired)
    assert "Your coach is Konrad Adler" in client.get(reverse("wagtailadmin_home")).content.decode()
    _lose_role_behind_the_scenes(konrad, how)
    from django.core.cache import cache

    cache.clear()
    assert "Konrad Adler" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_coach_field_lists_active_coaches_by_display_name(client, editor, konrad, paired):
    CoachFactory(username="gaway", first_name="Gone", last_name="Away", is_active=False)
    client.force_login(editor)
    url = reverse("wagtailsnippets_authors_authorprofile:edit", args=[paired.author_profile.pk])
    html = client.get(url).content.decode()
    select = html[html.index('name="coach"') : html.index("</select>", html.index('name="coach"'))]
    assert "Konrad Adler</option>" in select
    assert "kadler" not in select
    assert "Gone Away" not in select
    assert "No coach</option>" in select
    assert "---------" not in select
