"""Profile pictures (Wagtail's account page) get the image library's checks and stripping."""

import struct
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from wagtail.users.models import UserProfile

from tests.cms.test_uploads import GPS_IFD, jpeg_with_gps, media_files, png_header_only

pytestmark = pytest.mark.django_db


def _account_data(response):
    """Every account panel's current values, as the page would post them back."""
    data = {}
    for panels in response.context["panels_by_tab"].values():
        for panel in panels:
            form = panel.get_form()
            for name, field in form.fields.items():
                if name == "avatar":
                    continue
                value = form.initial.get(name, field.initial)
                if value is not None:
                    data[form.add_prefix(name)] = value
    return data


def upload_avatar(client, name, content, content_type="image/png"):
    data = _account_data(client.get("/admin/account/"))
    data["avatar-avatar"] = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post("/admin/account/", data)


def refused(client, user, name, content, content_type="image/png"):
    """Upload through the account page (expect the page again, nothing stored); return the
    error codes the panel's form gives (codes are not translated, messages are)."""
    response = upload_avatar(client, name, content, content_type)
    assert response.status_code == 200, "expected the form again with an error"
    assert not stored_avatar(user)
    from wagtail.admin.views.account import AvatarSettingsPanel

    form = AvatarSettingsPanel.form_class(
        {},
        {"avatar": SimpleUploadedFile(name, content, content_type=content_type)},
        instance=UserProfile.get_for_user(user),
    )
    return [error.code for error in form.errors.as_data().get("avatar", [])]


def stored_avatar(user):
    profile = UserProfile.get_for_user(user)
    profile.refresh_from_db()
    return profile.avatar


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


def _png(size=(40, 40), **save):
    buffer = BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG", **save)
    return buffer.getvalue()


def test_a_clean_small_png_is_stored(author_client, author):
    response = upload_avatar(author_client, "me.png", _png())
    assert response.status_code == 302
    assert stored_avatar(author).name.endswith(".png")


def test_a_file_over_the_upload_limit_is_refused_and_not_stored(author_client, author, settings):
    big = _png() + b"\x00" * (settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 1)  # a ~10 MB PNG
    assert refused(author_client, author, "big.png", big) == ["file_too_large"]
    assert media_files(settings) == []


def test_a_pixel_bomb_is_refused_from_its_header(author_client, author):
    errors = refused(author_client, author, "bomb.png", png_header_only(30000, 30000))
    assert errors == ["file_too_many_pixels"]


def test_gps_exif_is_stripped_from_a_small_photo(author_client, author):
    response = upload_avatar(author_client, "me.jpg", jpeg_with_gps(), "image/jpeg")
    assert response.status_code == 302
    with stored_avatar(author).open() as stored, Image.open(stored) as picture:
        assert picture.format == "JPEG"
        assert not picture.getexif().get_ifd(GPS_IFD)
        assert "exif" not in picture.info


def test_png_text_chunks_are_stripped(author_client, author):
    info = PngInfo()
    info.add_text("Comment", "secret location")
    response = upload_avatar(author_client, "me.png", _png(pnginfo=info))
    assert response.status_code == 302
    with stored_avatar(author).open() as stored:
        assert b"secret location" not in stored.read()


def test_a_png_named_pdf_is_refused(author_client, author):
    errors = refused(author_client, author, "cv.pdf", _png(), "application/pdf")
    assert errors == ["invalid_image_extension"]


def test_a_jpeg_named_png_is_refused_by_its_content(author_client, author):
    errors = refused(author_client, author, "me.png", jpeg_with_gps())
    assert errors == ["invalid_image_known_format"]


def _gif(width, height, data, tail):
    screen = struct.pack("<HH", width, height) + b"\x00\x00\x00"
    descriptor = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return b"GIF89a" + screen + descriptor + data + tail


@pytest.mark.parametrize(
    "content",
    [
        # Wider than 400 px (so Wagtail's form decodes it to scale it) with a broken LZW
        # stream and a script after the trailer: Wagtail's own form raised a 500 here.
        _gif(1000, 10, b"\x08\x05<scri\x00;", b"<script>alert(1)</script>"),
        # The classic GIF/JavaScript polyglot: the header's width bytes open a JS comment.
        b"GIF89a/*\x00\x00\x00," + struct.pack("<HHHH", 0, 0, 10799, 10) + b"\x00\x08*/=alert(1);",
    ],
)
def test_a_gif_polyglot_is_a_form_error_not_a_500(author_client, author, content):
    assert refused(author_client, author, "x.gif", content, "image/gif")


def test_a_valid_gif_with_a_script_comment_is_redrawn_without_it(author_client, author):
    buffer = BytesIO()
    Image.new("P", (20, 20)).save(buffer, format="GIF", comment=b"<script>alert(1)</script>")
    assert b"<script>" in buffer.getvalue()
    response = upload_avatar(author_client, "me.gif", buffer.getvalue(), "image/gif")
    assert response.status_code == 302
    with stored_avatar(author).open() as stored:
        assert b"<script>" not in stored.read()


def test_a_large_picture_is_scaled_down_and_stripped(author_client, author):
    buffer = BytesIO()
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 31.0, 12.0)})
    Image.new("RGB", (900, 600), "red").save(buffer, format="JPEG", exif=exif)
    response = upload_avatar(author_client, "big.jpeg", buffer.getvalue(), "image/jpeg")
    assert response.status_code == 302
    with stored_avatar(author).open() as stored, Image.open(stored) as picture:
        assert picture.size == (400, 266)
        assert not picture.getexif()
