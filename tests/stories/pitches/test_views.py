"""The /pitch/ form: who may pitch, validation, sanitising, rate limit, editors' email."""

import pytest
from django.core import mail
from django.urls import reverse

from stories.models import Pitch, PitchPreference, PitchStatus
from tests.factories import DepartmentFactory, EditorFactory, UserFactory

# These tests read English UI text; the site default (LANGUAGE_CODE) is German.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]

VALID = {
    "working_title": "The parcel board",
    "what_happened": "Our night shift kept losing parcels until we built a board for them.",
    "why_it_matters": "Everyone who ships things can copy it.",
    "preference": PitchPreference.WRITE,
}


@pytest.fixture
def employee(client):
    user = UserFactory(username="employee")
    client.force_login(user)
    return user


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("pitch_story"))
    assert response.status_code == 302
    assert response.url.startswith("/login/?next=/pitch/")


def test_any_employee_sees_the_form(client, employee):
    response = client.get(reverse("pitch_story"))
    assert response.status_code == 200
    assert 'name="working_title"' in response.content.decode()


def test_valid_pitch_is_saved_and_editors_are_emailed(
    client, employee, editor, django_capture_on_commit_callbacks
):
    EditorFactory(username="editor2")
    department = DepartmentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pitch_story"), {**VALID, "department": department.pk})
    assert response.status_code == 302
    assert response.url == reverse("pitch_thanks")
    pitch = Pitch.objects.get()
    assert pitch.submitted_by == employee
    assert pitch.status == PitchStatus.NEW
    assert pitch.department == department
    assert sorted(m.to[0] for m in mail.outbox) == ["editor2@example.com", "editor@example.com"]
    assert "The parcel board" in mail.outbox[0].subject
    assert f"/admin/pitches/edit/{pitch.pk}/" in mail.outbox[0].body


def test_missing_and_too_short_answers_get_clear_field_errors(client, employee):
    response = client.post(
        reverse("pitch_story"), {"working_title": "Hi", "what_happened": "", "preference": "x"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"working_title", "what_happened", "why_it_matters", "preference"}
    assert "at least 5 characters" in form.errors["working_title"][0]
    assert 'role="alert"' in response.content.decode()
    assert not Pitch.objects.exists()


def test_markup_is_stripped_and_counts_nothing_towards_the_minimum(client, employee):
    payload = {
        **VALID,
        "working_title": "<b>Bold</b> <script>alert(1)</script>move",
        "why_it_matters": "<i></i>" * 10 + "short",
    }
    response = client.post(reverse("pitch_story"), payload)
    assert "why_it_matters" in response.context["form"].errors
    payload["why_it_matters"] = "<p>It <em>really</em> matters to all of us.</p>"
    client.post(reverse("pitch_story"), payload)
    pitch = Pitch.objects.get()
    assert pitch.working_title == "Bold alert(1)move"
    assert pitch.why_it_matters == "It really matters to all of us."


def test_text_is_escaped_in_the_triage_page(client, editor):
    from tests.factories import PitchFactory

    pitch = PitchFactory(what_happened="a < b & c > d, said <someone>")
    client.force_login(editor)
    html = client.get(reverse("pitches:edit", args=[pitch.pk])).content.decode()
    assert "a &lt; b &amp; c &gt; d, said &lt;someone&gt;" in html


def test_too_many_pitches_get_a_429_with_a_message(client, employee, settings):
    settings.STORYWERK_PITCHES_PER_HOUR = 2
    for _ in range(2):
        assert client.post(reverse("pitch_story"), VALID).status_code == 302
    response = client.post(reverse("pitch_story"), VALID)
    assert response.status_code == 429
    assert "try again" in response.content.decode().lower()
    assert Pitch.objects.count() == 2


def test_thank_you_page_names_the_coachs_usual_reply_time(client, author, coach, monkeypatch):
    monkeypatch.setattr(
        "stories.pitches.views.coach_reply_days", lambda c: 2 if c == coach else None
    )
    client.force_login(author)
    html = client.get(reverse("pitch_thanks")).content.decode()
    assert "Your coach usually replies within 2 days." in html


def test_thank_you_page_without_a_coach_makes_no_promise(client, employee):
    html = client.get(reverse("pitch_thanks")).content.decode()
    assert "usually replies" not in html


def test_every_page_invites_employees_to_pitch(client, employee):
    html = client.get("/stories/").content.decode()
    assert f'href="{reverse("pitch_story")}"' in html
