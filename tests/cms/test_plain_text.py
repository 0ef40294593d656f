"""Plain text: control characters refused at input, titles on one line, XML and mail safe."""

import pytest
from django.apps import apps
from django.core import mail
from wagtail.models import Page

from authors.forms import AcceptInvitationForm, OwnProfileForm
from authors.models import AuthorProfile
from authors.viewsets import AuthorProfileViewSet
from cms.plain_text import PlainTextFormMixin, one_line, xml_safe
from cms.sitemap import render_urlset
from stories.forms import PitchForm
from stories.models import StoryPage
from tests.factories import StoryPageFactory
from tests.stories.conftest import story_form_data, submit

pytestmark = pytest.mark.django_db

# (field, invisible character): vertical tab, start of heading, unit separator, DEL, C1 NEL.
CONTROL_INPUTS = [
    ("title", "\x0b"),
    ("teaser", "\x01"),
    ("seo_title", "\x1f"),
    ("search_description", "\x7f"),
    ("title", "\x85"),
]


def _edit(client, page, **fields):
    data = story_form_data(page) | {"seo_title": "", "search_description": ""} | fields
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


@pytest.mark.parametrize(("field", "char"), CONTROL_INPUTS)
def test_story_editor_refuses_control_characters_with_a_field_error(client, author, field, char):
    story = StoryPageFactory(owner=author, live=False, title="Clean")
    client.force_login(author)
    response = _edit(client, story, **{field: f"Looks{char}fine"})
    assert response.status_code == 200  # the form again, with the error
    assert field in response.context["form"].errors
    assert StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object().title == "Clean"


@pytest.mark.parametrize("title", ["Two\nlines", "Two\r\nlines", "Two\u2028lines"])
def test_story_title_must_be_one_line(client, author, title):
    story = StoryPageFactory(owner=author, live=False, title="Clean")
    client.force_login(author)
    response = _edit(client, story, title=title)
    assert "title" in response.context["form"].errors


def test_teaser_may_have_line_breaks_and_a_clean_title_saves(client, author):
    story = StoryPageFactory(owner=author, live=False, title="Clean")
    client.force_login(author)
    response = _edit(client, story, title="Still clean", teaser="One.\nTwo.")
    assert response.status_code == 302
    saved = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert (saved.title, saved.teaser) == ("Still clean", "One.\nTwo.")


def test_every_page_type_edits_with_the_plain_text_form():
    page_models = [m for m in apps.get_models() if issubclass(m, Page) and m is not Page]
    assert page_models
    for model in page_models:
        form_class = model.get_edit_handler().get_form_class()
        assert issubclass(form_class, PlainTextFormMixin), model


def test_people_and_pitch_forms_refuse_control_characters_and_line_breaks(author):
    profile = author.author_profile
    own = OwnProfileForm({"bio": "Hi\x0bthere", "profile_visibility": "public"}, instance=profile)
    assert "bio" in own.errors
    admin_form = AuthorProfileViewSet.edit_handler.bind_to_model(AuthorProfile).get_form_class()
    admin = admin_form(
        {"display_name": "Ann\nSmith", "slug": "ann"}, instance=profile, for_user=author
    )
    assert "display_name" in admin.errors
    accept = AcceptInvitationForm({"display_name": "Ann\x01", "username": "ann"})
    assert "display_name" in accept.errors
    pitch = PitchForm({"working_title": "A\x0btitle", "what_happened": "x" * 50})
    assert "working_title" in pitch.errors


@pytest.mark.parametrize(
    "url",
    [
        "/stories/feed/",
        "/stories/feed/atom/",
        "/stories/feed/authors/{slug}/",
        "/stories/feed/authors/{slug}/atom/",
    ],
)
def test_feeds_drop_control_characters_saved_before_the_check(client, author, url):
    profile = author.author_profile
    profile.profile_visibility = "public"
    profile.display_name = "Ann\x0bSmith"
    profile.save()
    StoryPageFactory(owner=author, title="Bad\x0btitle", teaser="Tea\x01ser")
    response = client.get(url.format(slug=profile.slug))
    assert response.status_code == 200
    xml = response.content.decode()
    assert "Badtitle" in xml and "Teaser" in xml
    assert not any(char in xml for char in "\x0b\x01")


def test_sitemap_entries_drop_characters_xml_cannot_carry():
    xml = render_urlset([{"location": "https://example.com/a\x0bb/", "changefreq": "da\x01ily"}])
    assert "<loc>https://example.com/ab/</loc>" in xml and "daily" in xml


def test_coach_review_mail_goes_out_for_a_title_with_a_line_break(author, coach):
    from wagtail.models import Workflow

    from stories.review.setup import WORKFLOW_NAME

    story = StoryPageFactory(owner=author, live=False, title="Saved before\nthe check")
    submit(Workflow.objects.get(name=WORKFLOW_NAME), story, author)
    assert [message.to for message in mail.outbox] == [[coach.email]]
    assert "Saved before the check" in mail.outbox[0].subject
    assert StoryPage.objects.get(pk=story.pk).title == "Saved before\nthe check"


def test_helpers():
    assert one_line(" a\r\n b\tc \x0b") == "a b c"
    assert xml_safe("a\x00b\x0bc\td\ne") == "abc\td\ne"


def test_admin_forms_for_departments_pitches_and_account_names_refuse_control_characters(
    author,
):
    from wagtail.admin.views.account import NameEmailSettingsPanel

    from authors.models import Department
    from stories.models import Pitch
    from stories.pitches.viewsets import PitchViewSet

    department_form = Department.snippet_viewset.get_form_class()
    assert "name" in department_form({"name": "Sa\x0bles", "slug": "sales"}).errors
    pitch_form = PitchViewSet().get_form_class()
    assert "working_title" in pitch_form({"working_title": "A\x01b"}, instance=Pitch()).errors
    names = NameEmailSettingsPanel.form_class(
        {"first_name": "Ann\nMarie", "last_name": "Smith", "email": "a@example.com"},
        instance=author,
    )
    assert "first_name" in names.errors
