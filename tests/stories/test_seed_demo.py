import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from authors.models import AuthorProfile, Department
from stories.models import Audience, StoryCoAuthor, StoryPage

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        get_user_model().objects.count(),
        AuthorProfile.objects.count(),
        Department.objects.count(),
        StoryPage.objects.count(),
        StoryCoAuthor.objects.count(),
    )


def test_seed_demo_creates_the_demo_world_and_is_idempotent():
    call_command("seed_demo", "--password", "demo-password-123")
    first = snapshot()
    call_command("seed_demo", "--password", "demo-password-123")
    assert snapshot() == first

    User = get_user_model()
    for username in ("author", "author2", "coach", "editor", "admin"):
        assert User.objects.filter(username=username).exists()
    assert User.objects.get(username="admin").is_superuser
    coach = User.objects.get(username="coach")
    assert AuthorProfile.objects.get(user__username="author").coach == coach
    assert AuthorProfile.objects.get(user__username="author2").coach == coach
    assert Department.objects.count() == 5
    live = StoryPage.objects.live()
    assert live.count() >= 12
    assert live.filter(audience=Audience.INTERNAL).exists()
    assert live.filter(audience=Audience.PUBLIC).exists()
    assert StoryCoAuthor.objects.exists()
    assert StoryPage.objects.filter(live=False).exists()
    assert all(story.hero_image and story.hero_alt for story in live)
    assert User.objects.get(username="author").check_password("demo-password-123")


def test_demo_stories_read_in_their_own_language():
    call_command("seed_demo", "--password", "demo-password-123")
    german = StoryPage.objects.get(slug="mein-erstes-jahr")
    english = StoryPage.objects.get(slug="the-night-the-line-stopped")
    assert "Schicht" in german.body[0].value.source
    assert german.body[1].value == "Wie es weiterging"
    assert "shift" in english.body[0].value.source


def test_seed_demo_sends_no_mail():
    from django.core import mail

    mail.outbox.clear()
    call_command("seed_demo", "--password", "demo-password-123")
    assert [message.subject for message in mail.outbox] == []
