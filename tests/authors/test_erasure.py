"""GDPR: an editor erases an author (confirmation, anonymisation, unpublishing, audit log)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from authors.erasure import ERASE_ACTION, erase_author
from authors.models import AuthorProfile, ProfileVisibility
from tests.factories import AdminFactory, ImageFactory, StoryPageFactory

# These tests read English UI text; the site default (LANGUAGE_CODE) is German.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]

SECRET_NAME = "Zelda Quixotic"


@pytest.fixture
def admin(db):
    return AdminFactory(username="admin")


@pytest.fixture
def named_author(author):
    """The `author` fixture with a distinctive name everywhere personal data lives."""
    author.first_name, author.last_name = SECRET_NAME.split()
    author.email = "zelda.quixotic@example.com"
    author.save()
    profile = author.author_profile
    profile.display_name = SECRET_NAME
    profile.slug = "zelda-quixotic"
    profile.job_title = "Quixotic engineer"
    profile.bio = "Zelda grew up by the sea."
    profile.photo = ImageFactory(title="Portrait of Zelda")
    profile.save()
    return author


def erase_url(profile):
    return reverse("wagtailsnippets_authors_authorprofile:erase", args=[profile.pk])


def assert_denied(response):
    assert response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    ), response


@pytest.mark.parametrize("role", ["author", "author2", "coach"])
def test_only_editors_and_admins_may_erase(client, request, named_author, role):
    client.force_login(request.getfixturevalue(role))
    assert_denied(client.get(erase_url(named_author.author_profile)))
    assert_denied(client.post(erase_url(named_author.author_profile), {"confirm": "on"}))
    assert not AuthorProfile.objects.get(user=named_author).is_erased


def test_anonymous_visitor_is_sent_to_login(client, named_author):
    response = client.post(erase_url(named_author.author_profile), {"confirm": "on"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not AuthorProfile.objects.get(user=named_author).is_erased


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editor_sees_a_confirmation_step_first(client, request, named_author, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(erase_url(named_author.author_profile))
    assert response.status_code == 200
    assert "Yes, erase the personal data" in response.content.decode()
    assert not AuthorProfile.objects.get(user=named_author).is_erased


def test_erasure_without_ticking_the_box_is_a_form_error(client, editor, named_author):
    client.force_login(editor)
    response = client.post(erase_url(named_author.author_profile), {})
    assert response.status_code == 200
    assert "Tick the box to confirm the erasure." in response.content.decode()
    assert not AuthorProfile.objects.get(user=named_author).is_erased


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editor_or_admin_erases_an_author(client, request, named_author, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(erase_url(named_author.author_profile), {"confirm": "on"})
    assert response.status_code == 302
    profile = AuthorProfile.objects.get(user=named_author)
    assert profile.is_erased


def test_erase_button_is_in_the_profile_listing_for_editors_only(client, editor, coach, author):
    url = reverse("wagtailsnippets_authors_authorprofile:list")
    client.force_login(editor)
    assert erase_url(author.author_profile) in client.get(url).content.decode()
    coach.user_permissions.add(
        *ContentType.objects.get_for_model(AuthorProfile).permission_set.filter(
            codename="view_authorprofile"
        )
    )
    client.force_login(coach)
    response = client.get(url)
    assert response.status_code == 200
    assert erase_url(author.author_profile) not in response.content.decode()


def test_editor_cannot_erase_themselves_or_an_admin(client, editor, admin):
    from tests.factories import AuthorProfileFactory

    own = AuthorProfileFactory(user=editor)
    admins = AuthorProfileFactory(user=admin)
    client.force_login(editor)
    for profile in (own, admins):
        response = client.post(erase_url(profile), {"confirm": "on"})
        assert response.status_code == 302
        assert not AuthorProfile.objects.get(pk=profile.pk).is_erased


def test_erasure_leaves_no_personal_data_in_profile_and_account(editor, named_author):
    profile = named_author.author_profile
    photo_pk = profile.photo_id
    erase_author(profile, erased_by=editor)

    profile.refresh_from_db()
    user = profile.user
    assert profile.display_name == "Former colleague"
    assert SECRET_NAME.split()[0].lower() not in profile.slug
    assert (profile.bio, profile.job_title, profile.photo, profile.department) == (
        "",
        "",
        None,
        None,
    )
    assert profile.coach is None
    assert profile.profile_visibility == ProfileVisibility.HIDDEN
    assert not user.is_active
    assert not user.has_usable_password()
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert "author" not in user.username
    # The portrait was used by nothing else, so it is gone too.
    assert not get_image_model().objects.filter(pk=photo_pk).exists()


def test_erasure_keeps_a_photo_that_a_story_still_uses(editor, named_author):
    profile = named_author.author_profile
    photo = profile.photo
    StoryPageFactory(owner=named_author, hero_image=photo, hero_image_alt="Sea")
    erase_author(profile, erased_by=editor)
    assert get_image_model().objects.filter(pk=photo.pk).exists()


def test_erasure_keeps_a_photo_that_only_another_authors_draft_revision_uses(
    editor, author2, named_author
):
    photo = named_author.author_profile.photo
    story = StoryPageFactory(owner=author2, title="Live, with a draft")
    story.hero_image = photo
    story.save_revision(user=author2)
    erase_author(named_author.author_profile, erased_by=editor)
    assert get_image_model().objects.filter(pk=photo.pk).exists()


def test_erasure_still_deletes_a_photo_whose_id_only_appears_as_a_number(
    editor, author2, named_author
):
    """The text match is only a filter: a revision holding the same number elsewhere
    (a count, another id) keeps nothing."""
    photo = named_author.author_profile.photo
    StoryPageFactory(owner=author2, title=f"Top {photo.pk} places")
    erase_author(named_author.author_profile, erased_by=editor)
    assert not get_image_model().objects.filter(pk=photo.pk).exists()


def test_byline_reads_former_colleague_translated(client, editor, named_author):
    story = StoryPageFactory(owner=named_author, title="A story that stays")
    profile = named_author.author_profile
    profile.keep_stories_after_erasure = True
    profile.save()
    erase_author(profile, erased_by=editor)

    html = client.get(story.url).content.decode()
    assert "Former colleague" in html
    assert SECRET_NAME not in html
    index_html = client.get(story.get_parent().url).content.decode()
    assert "Former colleague" in index_html
    assert SECRET_NAME not in index_html
    profile.refresh_from_db()
    with translation.override("de"):
        # The byline is translated at render time (the German text is the i18n helper's).
        assert str(profile.public_name) == translation.gettext("Former colleague")


def test_erased_author_has_no_profile_page(client, editor, named_author):
    url = named_author.author_profile.get_absolute_url()
    assert client.get(url).status_code == 200
    erase_author(named_author.author_profile, erased_by=editor)
    assert client.get(url).status_code == 404
    directory = client.get(url.rsplit("/", 2)[0] + "/").content.decode()
    assert SECRET_NAME not in directory


def test_erasure_removes_the_name_from_the_search_index(editor, named_author):
    profile = named_author.author_profile
    content_type = ContentType.objects.get_for_model(AuthorProfile)

    def indexed_text():
        entries = IndexEntry.objects.filter(content_type=content_type, object_id=str(profile.pk))
        # Lower-cased: PostgreSQL's index holds stemmed lexemes ("zelda", "quixot").
        return " ".join(f"{e.title} {e.body} {e.autocomplete}" for e in entries).lower()

    assert "zelda" in indexed_text()  # sanity: the index held the name
    backend = get_search_backend()
    assert len(backend.search("Zelda", AuthorProfile)) == 1
    erase_author(profile, erased_by=editor)
    assert "zelda" not in indexed_text()
    assert "quixot" not in indexed_text()
    assert len(backend.search("Zelda", AuthorProfile)) == 0
    assert len(backend.autocomplete("Zel", AuthorProfile)) == 0


def test_without_consent_the_authors_stories_are_unpublished(editor, named_author, author2):
    led = StoryPageFactory(owner=named_author, title="Led by the author")
    team = StoryPageFactory(
        owner=author2, title="Led by a colleague", co_authors=[named_author.author_profile]
    )
    assert erase_author(named_author.author_profile, erased_by=editor) == 1
    led.refresh_from_db()
    team.refresh_from_db()
    assert not led.live
    # A colleague's team story stays online, bylined "Former colleague".
    assert team.live
    assert led.owner_id == named_author.pk


def test_with_consent_the_authors_stories_stay_published(editor, named_author):
    story = StoryPageFactory(owner=named_author)
    profile = named_author.author_profile
    profile.keep_stories_after_erasure = True
    profile.save()
    assert erase_author(profile, erased_by=editor) == 0
    story.refresh_from_db()
    assert story.live


def test_consent_defaults_to_off():
    assert AuthorProfile._meta.get_field("keep_stories_after_erasure").default is False


def test_author_can_give_consent_in_account_settings(client, author):
    client.force_login(author)
    response = client.get(reverse("wagtailadmin_account"))
    assert "author_profile-keep_stories_after_erasure" in response.content.decode()


def test_erasure_is_audit_logged_without_personal_data(editor, named_author):
    profile = named_author.author_profile
    log(instance=profile, action="wagtail.edit", user=editor)  # an older entry, named
    StoryPageFactory(owner=named_author)
    erase_author(profile, erased_by=editor)

    entry = ModelLogEntry.objects.get(action=ERASE_ACTION, object_id=str(profile.pk))
    assert entry.user == editor
    assert entry.data == {"kept_published_stories": False, "unpublished_stories": 1}
    assert log_registry.get_action_label(ERASE_ACTION) == "Erase personal data"
    labels = ModelLogEntry.objects.filter(object_id=str(profile.pk)).values_list("label", flat=True)
    assert all(SECRET_NAME not in label for label in labels)


def test_erasing_twice_is_refused(client, editor, named_author):
    erase_author(named_author.author_profile, erased_by=editor)
    client.force_login(editor)
    response = client.post(erase_url(named_author.author_profile), {"confirm": "on"}, follow=True)
    assert "already been erased" in response.content.decode()


def test_erasure_leaves_no_name_in_feeds(client, editor, named_author):
    # English: the unprefixed feeds hold the stories of the site's (here English) language.
    StoryPageFactory(owner=named_author, title="A story in the feed", content_language="en")
    profile = named_author.author_profile
    profile.keep_stories_after_erasure = True
    profile.save()
    author_feed = reverse("author_stories_feed", args=[profile.slug])
    assert SECRET_NAME in client.get(author_feed).content.decode()  # sanity
    erase_author(profile, erased_by=editor)

    for url in (reverse("stories_feed"), reverse("stories_feed_atom")):
        xml = client.get(url).content.decode()
        assert "A story in the feed" in xml
        assert SECRET_NAME not in xml
        assert "Zelda" not in xml
    assert client.get(author_feed).status_code == 404
