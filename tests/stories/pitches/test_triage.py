"""Editors triage pitches: accept (one atomic step) or decline with a kind note."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from authors.models import AUTHORS_GROUP, AuthorProfile
from stories.models import PitchPreference, PitchStatus, StoryPage
from stories.pitches.triage import PitchAlreadyDecided, accept_pitch
from tests.factories import AuthorFactory, CoachFactory, PitchFactory

# These tests read English UI text; the site default (LANGUAGE_CODE) is German.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]


@pytest.fixture
def pitch():
    return PitchFactory(submitted_by__username="employee", working_title="The parcel board")


@pytest.mark.parametrize(
    ("role", "index_status", "accept_status"),
    [("author", 403, 403), ("coach", 403, 403), ("employee", 403, 403), ("editor", 200, 200)],
)
def test_only_editors_may_triage(
    client, pitch, author, coach, editor, role, index_status, accept_status
):
    users = {"author": author, "coach": coach, "editor": editor, "employee": pitch.submitted_by}
    client.force_login(users[role])
    index = client.get(reverse("pitches:index"))
    accept = client.get(reverse("pitches:accept", args=[pitch.pk]))
    decline = client.post(reverse("pitches:decline", args=[pitch.pk]), {"note": "No."})
    # Wagtail answers a permission failure in the admin with a redirect to the dashboard.
    assert (index.status_code == 200) == (index_status == 200)
    assert (accept.status_code == 200) == (accept_status == 200)
    if role != "editor":
        assert decline.status_code in (302, 403)
        pitch.refresh_from_db()
        assert pitch.status == PitchStatus.NEW


def test_anonymous_user_is_sent_to_the_admin_login(client, pitch):
    response = client.get(reverse("pitches:accept", args=[pitch.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_editor_list_filters_by_status_and_department(client, editor, pitch):
    other = PitchFactory(working_title="Declined idea", status=PitchStatus.DECLINED)
    client.force_login(editor)
    html = client.get(reverse("pitches:index"), {"status": "new"}).content.decode()
    assert "The parcel board" in html and "Declined idea" not in html
    html = client.get(reverse("pitches:index"), {"department": other.department_id}).content
    assert b"Declined idea" in html and b"The parcel board" not in html


def test_accept_creates_exactly_one_profile_pairing_draft_and_email(
    client, editor, coach, pitch, django_capture_on_commit_callbacks
):
    employee = pitch.submitted_by
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pitches:accept", args=[pitch.pk]), {"coach": coach.pk})
    assert response.status_code == 302

    profile = AuthorProfile.objects.get(user=employee)
    assert profile.coach == coach
    assert profile.department == pitch.department
    assert list(employee.groups.values_list("name", flat=True)) == [AUTHORS_GROUP]
    draft = StoryPage.objects.get()
    assert (draft.owner, draft.live, draft.title) == (employee, False, "The parcel board")
    assert draft.teaser == pitch.why_it_matters
    assert "tracking board" in draft.body_text()
    assert draft.get_latest_revision() is not None
    pitch.refresh_from_db()
    assert (pitch.status, pitch.story, pitch.coach, pitch.decided_by) == (
        PitchStatus.ACCEPTED,
        draft,
        coach,
        editor,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [employee.email]
    assert f"http://testserver/admin/pages/{draft.pk}/edit/" in mail.outbox[0].body
    # One pairing, recorded in the profile's history by the pairing service.
    assert ModelLogEntry.objects.filter(action="authors.coach_changed").count() == 1
    assert ModelLogEntry.objects.filter(action="storywerk.pitch.accept").count() == 1


def test_editor_gains_no_user_management_rights_by_accepting(client, editor, coach, pitch):
    client.force_login(editor)
    client.post(reverse("pitches:accept", args=[pitch.pk]), {"coach": coach.pk})
    assert client.get(reverse("wagtailusers_users:index")).status_code != 200
    assert not editor.has_perm("auth.change_user")


def test_accepting_an_existing_author_keeps_their_profile_and_groups(coach, editor):
    other_coach = CoachFactory()
    author = AuthorFactory(profile__coach=other_coach)
    author.groups.add(Group.objects.get(name="Coaches"))
    pitch = PitchFactory(submitted_by=author)
    accept_pitch(pitch, coach=coach, accepted_by=editor)
    assert AuthorProfile.objects.filter(user=author).count() == 1
    author.author_profile.refresh_from_db()
    assert author.author_profile.coach == coach
    assert set(author.groups.values_list("name", flat=True)) == {"Authors", "Coaches"}


def test_accepting_twice_fails_and_changes_nothing(editor, coach, pitch):
    accept_pitch(pitch, coach=coach, accepted_by=editor)
    with pytest.raises(PitchAlreadyDecided):
        accept_pitch(pitch, coach=coach, accepted_by=editor)
    assert StoryPage.objects.count() == 1


def test_second_accept_through_the_admin_shows_a_message_not_an_error(client, editor, coach, pitch):
    client.force_login(editor)
    client.post(reverse("pitches:accept", args=[pitch.pk]), {"coach": coach.pk})
    response = client.post(
        reverse("pitches:accept", args=[pitch.pk]), {"coach": coach.pk}, follow=True
    )
    assert response.status_code == 200
    assert "already decided" in response.content.decode()
    assert StoryPage.objects.count() == 1


def test_accept_rolls_back_completely_when_a_step_fails(editor, coach, pitch, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("stories.pitches.triage._create_draft", broken)
    with pytest.raises(RuntimeError):
        accept_pitch(pitch, coach=coach, accepted_by=editor)
    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.NEW
    assert not AuthorProfile.objects.filter(user=pitch.submitted_by).exists()
    assert not pitch.submitted_by.groups.exists()


def test_accept_requires_an_active_coach(client, editor, pitch):
    not_a_coach = AuthorFactory()
    client.force_login(editor)
    response = client.post(reverse("pitches:accept", args=[pitch.pk]), {"coach": not_a_coach.pk})
    assert response.status_code == 200
    assert "coach" in response.context["form"].errors
    assert not StoryPage.objects.exists()


def test_tell_it_to_a_coach_makes_the_coach_the_interviewer_and_the_employee_the_author(
    editor, coach, django_capture_on_commit_callbacks
):
    pitch = PitchFactory(preference=PitchPreference.TELL)
    with django_capture_on_commit_callbacks(execute=True):
        draft = accept_pitch(pitch, coach=coach, accepted_by=editor)
    assert draft.owner == pitch.submitted_by
    assert pitch.submitted_by.author_profile.coach == coach
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([pitch.submitted_by.email, coach.email])
    interview = next(m for m in mail.outbox if m.to == [coach.email])
    assert "stays the credited author" in interview.body


def test_decline_emails_the_kind_note(client, editor, pitch, django_capture_on_commit_callbacks):
    client.force_login(editor)
    note = "Thank you! This one is not for now, but please pitch again."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pitches:decline", args=[pitch.pk]), {"note": note})
    pitch.refresh_from_db()
    assert (pitch.status, pitch.decline_note) == (PitchStatus.DECLINED, note)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [pitch.submitted_by.email]
    assert note in mail.outbox[0].body
    assert not StoryPage.objects.exists()


def test_decline_needs_a_note(client, editor, pitch):
    client.force_login(editor)
    response = client.post(reverse("pitches:decline", args=[pitch.pk]), {"note": ""})
    assert response.status_code == 200
    assert "note" in response.context["form"].errors


def test_publishing_the_draft_turns_the_pitch_into_a_story(editor, coach, pitch):
    draft = accept_pitch(pitch, coach=coach, accepted_by=editor)
    draft.get_latest_revision().publish()
    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.STORY


def test_triage_page_shows_the_pitch_and_the_actions(client, editor, pitch):
    client.force_login(editor)
    html = client.get(reverse("pitches:edit", args=[pitch.pk])).content.decode()
    assert "tracking board" in html
    assert reverse("pitches:accept", args=[pitch.pk]) in html
    assert reverse("pitches:decline", args=[pitch.pk]) in html


def test_interviewing_coach_can_open_and_edit_the_draft_they_write(client, editor, coach):
    pitch = PitchFactory(preference=PitchPreference.TELL)
    draft = accept_pitch(pitch, coach=coach, accepted_by=editor)
    client.force_login(coach)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).status_code == 200
    other_coach = CoachFactory()
    client.force_login(other_coach)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).status_code != 200


def test_new_author_can_open_their_draft_from_the_email_link(client, editor, coach, pitch):
    draft = accept_pitch(pitch, coach=coach, accepted_by=editor)
    client.force_login(pitch.submitted_by)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert response.status_code == 200
    assert "The parcel board" in response.content.decode()


def test_coach_deactivated_during_accept_gives_a_field_error(
    client, editor, coach, pitch, monkeypatch
):
    from django.core.exceptions import ValidationError

    def refuse(*args, **kwargs):
        raise ValidationError("deactivated")

    monkeypatch.setattr("stories.pitches.triage.change_coach", refuse)
    client.force_login(editor)
    response = client.post(reverse("pitches:accept", args=[pitch.pk]), {"coach": coach.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["coach"] == ["deactivated"]
    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.NEW
