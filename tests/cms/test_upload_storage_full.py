"""A full media disk (ENOSPC) during an upload: a clear form error, nothing lost, no 500."""

import errno
import json
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file as wagtail_test_image

from cms.uploads import STORAGE_FAILED_MESSAGE
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(monkeypatch, settings, tmp_path):
    """The media storage writes a few bytes, then fails as a full disk does."""
    settings.MEDIA_ROOT = tmp_path

    def save_until_full(storage, name, content):
        path = Path(storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as partial:
            partial.write(b"\x89PNG")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", save_until_full)
    return tmp_path


def get_test_image_file():
    """A 640x480 PNG as the browser uploads it."""
    content = wagtail_test_image().file.getvalue()
    return SimpleUploadedFile("photo.png", content, content_type="image/png")


def says_storage_failed(text):
    """The message, in whichever language the admin answered (the user's preference)."""
    if isinstance(text, bytes):
        text = text.decode()
    text = text.replace("&#x27;", "'")
    for language in ("en", "de"):
        with translation.override(language):
            if str(STORAGE_FAILED_MESSAGE) in text:
                return True
    return False


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_image_upload_on_a_full_disk_is_a_form_error_that_keeps_the_other_fields(
    editor_client, full_disk
):
    response = editor_client.post(
        "/admin/images/add/",
        {"title": "Team photo", "tags": "summer", "file": get_test_image_file()},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert [error.code for error in form.errors.as_data()["file"]] == ["storage_failed"]
    assert form["title"].value() == "Team photo"
    assert says_storage_failed(response.content)
    assert not get_image_model().objects.exists()
    assert stored_files(full_disk) == []  # the partial file is removed


def test_image_upload_from_the_story_editor_leaves_the_draft_untouched(
    editor_client, full_disk, author
):
    draft = StoryPageFactory(owner=author, live=False, title="My draft")
    revisions = draft.revisions.count()
    response = editor_client.post(
        "/admin/images/chooser/create/",
        {"image-chooser-upload-title": "Hero", "image-chooser-upload-file": get_test_image_file()},
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["step"] == "reshow_creation_form"
    assert says_storage_failed(data["htmlFragment"])
    draft.refresh_from_db()
    assert draft.revisions.count() == revisions
    assert draft.get_latest_revision_as_object().title == "My draft"


def test_multiple_image_upload_on_a_full_disk_reports_the_error(editor_client, full_disk):
    response = editor_client.post("/admin/images/multiple/add/", {"files[]": get_test_image_file()})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["success"] is False
    assert says_storage_failed(data["error_message"])


def test_document_upload_on_a_full_disk_is_a_form_error(editor_client, full_disk):
    response = editor_client.post(
        "/admin/documents/add/",
        {"title": "Minutes", "file": SimpleUploadedFile("minutes.txt", b"hello")},
    )
    assert response.status_code == 200
    assert "storage_failed" in [e.code for e in response.context["form"].errors.as_data()["file"]]
    assert not get_document_model().objects.exists()


def test_an_upload_with_room_on_the_disk_is_stored_once(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = editor_client.post(
        "/admin/images/add/", {"title": "Fits", "file": get_test_image_file()}
    )
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert image.file_size and image.width == 640
    assert len(stored_files(tmp_path / "original_images")) == 1
