"""Coach pairing: change_coach, its handover of in-flight reviews, and the admin actions."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from authors.models import AuthorProfile
from authors.pairing import change_coach
from stories.models import CoachReviewTaskState
from tests.factories import (
    AdminFactory,
    AuthorFactory,
    CoachFactory,
    EditorFactory,
    StoryPageFactory,
)

pytestmark = pytest.mark.django_db


def _submit(author):
    story = StoryPageFactory(owner=author, live=False)
    story.get_workflow().start(story, author)
    return story, CoachReviewTaskState.objects.get(workflow_state__object_id=str(story.pk))


def test_change_coach_hands_over_in_flight_reviews_and_records_it(author, coach, editor):
    new_coach = CoachFactory()
    story, state = _submit(author)
    mail.outbox.clear()
    change_coach(author.author_profile, new_coach, changed_by=editor)
    state.refresh_from_db()
    assert state.assigned_coach == new_coach
    assert AuthorProfile.objects.get(user=author).coach == new_coach
    assert PageLogEntry.objects.filter(page=story, action="stories.review_handed_over").exists()
    entry = ModelLogEntry.objects.get(action="authors.coach_changed")
    assert entry.user == editor
    assert [m.to for m in mail.outbox] == [[new_coach.email]]


def test_change_coach_leaves_other_authors_and_later_steps_alone(author, author2, coach):
    new_coach = CoachFactory()
    _, other_state = _submit(author2)
    story, state = _submit(author)
    state.approve(user=coach)
    change_coach(author.author_profile, new_coach, changed_by=None)
    other_state.refresh_from_db()
    assert other_state.assigned_coach == coach


def test_change_coach_refuses_a_non_coach_and_changes_nothing(author, coach):
    with pytest.raises(ValidationError):
        change_coach(author.author_profile, AuthorFactory(), changed_by=None)
    assert AuthorProfile.objects.get(user=author).coach == coach


def test_unpairing_sends_in_flight_reviews_to_the_coaches_group(author, coach):
    other = CoachFactory()
    _, state = _submit(author)
    change_coach(author.author_profile, None, changed_by=None)
    state.refresh_from_db()
    assert state.assigned_coach is None
    assert state.user_is_reviewer(other)


def test_bulk_assign_coach_from_the_profile_listing(client, editor, coach):
    new_coach = CoachFactory()
    lonely = AuthorFactory()
    paired = AuthorFactory(profile__coach=coach)
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=("authors", "authorprofile", "assign_coach"))
    ids = f"id={lonely.author_profile.pk}&id={paired.author_profile.pk}"
    assert client.get(f"{url}?{ids}").status_code == 200
    response = client.post(f"{url}?{ids}", {"coach": new_coach.pk})
    assert response.status_code == 302
    assert set(AuthorProfile.objects.filter(coach=new_coach)) == {
        lonely.author_profile,
        paired.author_profile,
    }
    assert ModelLogEntry.objects.filter(action="authors.coach_changed").count() == 2


@pytest.mark.parametrize("role", ["author", "coach"])
def test_only_editors_may_assign_coaches(request, client, role):
    user = request.getfixturevalue(role)
    target = AuthorFactory()
    client.force_login(user)
    url = reverse("wagtail_bulk_action", args=("authors", "authorprofile", "assign_coach"))
    client.post(f"{url}?id={target.author_profile.pk}", {"coach": CoachFactory().pk})
    assert AuthorProfile.objects.get(pk=target.author_profile.pk).coach is None


def test_no_coach_filter_lists_unpaired_authors(client, editor, author):
    lonely = AuthorFactory()
    client.force_login(editor)
    url = reverse("wagtailsnippets_authors_authorprofile:list") + "?no_coach=true"
    html = client.get(url).content.decode()
    assert lonely.author_profile.display_name in html
    assert author.author_profile.display_name not in html


def test_editing_the_coach_in_the_profile_form_hands_over_reviews(client, author, coach):
    editor = EditorFactory()
    new_coach = CoachFactory()
    _, state = _submit(author)
    client.force_login(editor)
    url = reverse("wagtailsnippets_authors_authorprofile:edit", args=[author.author_profile.pk])
    response = client.get(url)
    form = response.context["form"]
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if value is not None
    }
    data["coach"] = new_coach.pk
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    state.refresh_from_db()
    assert state.assigned_coach == new_coach


def test_deactivating_a_coach_tells_the_coaches_group_about_waiting_reviews(
    client, author, coach, editor
):
    other_coach = CoachFactory()
    story, state = _submit(author)
    mail.outbox.clear()
    client.force_login(AdminFactory())
    client.post(reverse("wagtailusers_users:deactivate", args=[coach.pk]))
    coach.refresh_from_db()
    assert not coach.is_active
    # The deactivated coach gets nothing; every active coach learns the review is waiting,
    # the author that their story is with the coaches.
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        [other_coach.email, author.email]
    )
    assert story.title in mail.outbox[0].subject
    assert state.user_is_reviewer(other_coach)
    entry = PageLogEntry.objects.get(page=story, action="stories.review_handed_over")
    assert entry.data["new_coach"] is None


def test_deactivating_through_a_plain_save_also_sends_the_fallback_mail(author, coach):
    other_coach = CoachFactory()
    _submit(author)
    mail.outbox.clear()
    coach.is_active = False
    coach.save()
    assert [m.to for m in mail.outbox] == [[other_coach.email], [author.email]]
    # Saving the inactive account again announces nothing new.
    coach.save()
    assert len(mail.outbox) == 2


def test_deactivating_a_coach_without_waiting_reviews_sends_nothing(author, coach):
    CoachFactory()
    coach.is_active = False
    coach.save()
    assert mail.outbox == []


def test_a_login_costs_no_extra_query_for_the_deactivation_check(coach, django_assert_num_queries):
    coach.last_login = None
    with django_assert_num_queries(1):
        coach.save(update_fields=["last_login"])
