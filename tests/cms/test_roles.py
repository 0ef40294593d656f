import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file_jpeg
from wagtail.models import GroupPagePermission
from wagtail.permissions import policy_registry

from authors.models import AUTHORS_GROUP, COACHES_GROUP, EDITORS_GROUP
from stories.models import StoryIndexPage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


def page_permission_codenames(group_name):
    return set(
        GroupPagePermission.objects.filter(group__name=group_name).values_list(
            "permission__codename", flat=True
        )
    )


def test_role_groups_hold_page_permissions_on_the_story_index_only():
    index = StoryIndexPage.objects.get()
    for group in (AUTHORS_GROUP, COACHES_GROUP, EDITORS_GROUP):
        pages = set(
            GroupPagePermission.objects.filter(group__name=group).values_list("page", flat=True)
        )
        assert pages == {index.pk}
    assert page_permission_codenames(AUTHORS_GROUP) == {"add_page"}
    assert "publish_page" not in page_permission_codenames(COACHES_GROUP)
    assert "publish_page" in page_permission_codenames(EDITORS_GROUP)


def test_author_can_add_stories_but_cannot_publish(author):
    index = StoryIndexPage.objects.get()
    assert index.permissions_for_user(author).can_add_subpage()
    story = StoryPageFactory(owner=author, live=False)
    permissions = story.permissions_for_user(author)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_editor_holds_publish_permission_in_the_story_section(editor, author):
    story = StoryPageFactory(owner=author)
    assert story.permissions_for_user(editor).can_publish()


def test_every_role_may_open_the_admin(author, coach, editor):
    for user in (author, coach, editor):
        assert user.has_perm("wagtailadmin.access_admin")


def test_authors_cannot_edit_people(author, editor):
    assert not author.has_perm("authors.change_authorprofile")
    assert editor.has_perm("authors.change_authorprofile")


@pytest.fixture
def admin(db):
    from tests.factories import AdminFactory

    return AdminFactory(username="admin")


@pytest.mark.parametrize(
    ("role", "may_edit_others"),
    [("author", False), ("coach", False), ("editor", True), ("admin", True)],
)
def test_every_role_may_upload_images_and_editors_edit_all(
    client, request, author2, role, may_edit_others
):
    """Authors and coaches upload story pictures; only editors (and admins) edit others'."""
    from tests.factories import ImageFactory

    user = request.getfixturevalue(role)
    policy = policy_registry.get_by_type(get_image_model())
    assert policy.user_has_permission(user, "add")
    client.force_login(user)
    assert client.get(reverse("wagtailimages:add_multiple")).status_code == 200
    chooser = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    assert "image-chooser-upload" in chooser
    picture = SimpleUploadedFile("pic.jpg", get_test_image_file_jpeg().file.getvalue())
    upload = client.post(
        reverse("wagtailimages:add"), {"title": "Uploaded", "file": picture, "alt_text": "A"}
    )
    assert upload.status_code == 302, upload.context["form"].errors
    uploaded = get_image_model().objects.get(title="Uploaded")
    assert uploaded.uploaded_by_user == user
    assert policy.user_has_permission_for_instance(user, "change", uploaded)
    others = ImageFactory(uploaded_by_user=author2)
    assert policy.user_has_permission_for_instance(user, "change", others) is may_edit_others
