"""Image uploads: size and pixel limits, no SVG, content-checked type, metadata stripped."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def png_header_only(width, height):
    """A PNG that declares `width` x `height` pixels (a decompression bomb in a few bytes)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg_with_gps():
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 1  # Orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 1.0)})
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def upload(client, name, content, content_type="image/png", title="Upload"):
    return client.post(
        "/admin/images/add/",
        {"title": title, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def media_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def form_errors(response):
    """The file field's error codes (messages are translated; codes are not)."""
    return [error.code for error in response.context["form"].errors.as_data().get("file", [])]


@pytest.fixture
def uploader(client, editor):
    client.force_login(editor)
    return client


def test_a_hundred_megapixel_png_is_a_form_error_and_leaves_no_file(uploader, settings):
    response = upload(uploader, "bomb.png", png_header_only(10_000, 10_000))
    assert response.status_code == 200
    assert form_errors(response) == ["file_too_many_pixels"]
    assert get_image_model().objects.count() == 0
    assert media_files(settings) == []


def test_forty_megapixels_is_the_limit(settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024


def test_an_svg_is_a_form_error(uploader, settings):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'
    response = upload(uploader, "logo.svg", svg, content_type="image/svg+xml")
    assert response.status_code == 200
    assert form_errors(response)
    assert get_image_model().objects.count() == 0
    assert media_files(settings) == []


def test_an_svg_renamed_to_png_is_rejected_by_its_content(uploader, settings):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload(uploader, "innocent.png", svg)
    assert response.status_code == 200
    assert form_errors(response)
    assert media_files(settings) == []


def test_a_jpeg_named_png_is_rejected_by_its_content(uploader):
    response = upload(uploader, "photo.png", jpeg_with_gps(), content_type="image/png")
    assert response.status_code == 200
    assert form_errors(response)


def test_a_file_over_ten_megabytes_is_a_form_error(uploader, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024  # same code path, a smaller file
    response = upload(uploader, "big.png", png_header_only(200, 200) + b"\x00" * 2048)
    assert response.status_code == 200
    assert form_errors(response) == ["file_too_large"]
    assert media_files(settings) == []


def test_exif_and_gps_are_stripped_from_the_stored_original(uploader):
    assert Image.open(BytesIO(jpeg_with_gps())).getexif().get_ifd(GPS_IFD)  # the input has GPS
    response = upload(uploader, "holiday.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert response.status_code == 302
    image = get_image_model().objects.get()
    with image.open_file() as stored, Image.open(stored) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (40, 30)
        assert not picture.getexif()
        assert "exif" not in picture.info
    # Renditions are made from the stripped original, so they carry none either.
    rendition = image.get_rendition("width-20")
    with rendition.file.open() as stored, Image.open(stored) as picture:
        assert not picture.getexif()


def test_exif_orientation_is_applied_before_stripping(uploader):
    picture = Image.new("RGB", (40, 20), "blue")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise on display
    buffer = BytesIO()
    picture.save(buffer, format="JPEG", exif=exif)
    response = upload(uploader, "tall.jpg", buffer.getvalue(), content_type="image/jpeg")
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (20, 40)


def test_png_text_chunks_are_stripped(uploader):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "secret location")
    buffer = BytesIO()
    Image.new("RGB", (10, 10), "green").save(buffer, format="PNG", pnginfo=info)
    assert upload(uploader, "plain.png", buffer.getvalue()).status_code == 302
    with get_image_model().objects.get().open_file() as stored:
        assert b"secret location" not in stored.read()


def test_stored_file_name_is_safe(uploader):
    buffer = BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="PNG")
    response = upload(uploader, '../"><img src=x onerror=alert(1)>.png', buffer.getvalue())
    assert response.status_code == 302
    name = get_image_model().objects.get().file.name
    assert name.startswith("original_images/")
    assert "/" not in name.removeprefix("original_images/")
    assert "<" not in name and '"' not in name


def test_a_truncated_png_is_a_form_error_not_a_500(uploader, settings):
    response = upload(uploader, "broken.png", png_header_only(100, 100))
    assert response.status_code == 200
    assert form_errors(response) == ["invalid_image"]
    assert media_files(settings) == []


def test_a_real_hundred_megapixel_png_is_refused_from_its_header(uploader, settings):
    # A genuine 10,000 x 10,000 PNG (black, compresses to ~100 KB) is refused the same way.
    buffer = BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, format="PNG")
    response = upload(uploader, "huge.png", buffer.getvalue())
    assert form_errors(response) == ["file_too_many_pixels"]
    assert media_files(settings) == []
