"""Image uploads (the image library and profile pictures): checked, metadata stripped.

Wagtail already checks size, pixel count and that the content matches the extension
(`WagtailImageField`); it keeps metadata in originals (served as uploaded) and Willow copies
EXIF into renditions, so a phone photo would publish where it was taken.
"""

import logging
import os
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from wagtail.admin.forms.account import AvatarPreferencesForm
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from cms.plain_text import PlainTextFormMixin

logger = logging.getLogger("storywerk.uploads")

_UNREADABLE = _("This image could not be read. Please upload a JPEG, PNG, WebP or GIF.")

# Pillow's save() options per format that keep the picture but drop every metadata chunk.
_SAVE_OPTIONS = {
    "JPEG": {"quality": 92, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
    "GIF": {"save_all": True},
}


def strip_metadata(uploaded, *, reencode_gif=False):
    """Return a new in-memory file with the same picture and no EXIF/XMP/text metadata.

    The orientation stored in EXIF is applied to the pixels first, so photos stay upright.
    With `reencode_gif`, a GIF is redrawn too (its first frame only: a profile picture).
    """
    uploaded.seek(0)
    with Image.open(uploaded) as original:
        image_format = original.format
        if image_format not in _SAVE_OPTIONS:
            raise ValidationError(_("This image format is not supported."), code="invalid_image")
        if image_format == "GIF" and not reencode_gif:
            # GIFs carry no EXIF; re-encoding would drop animation timing for nothing.
            uploaded.seek(0)
            return uploaded
        original.load()
        picture = ImageOps.exif_transpose(original)
        options = dict(_SAVE_OPTIONS[image_format])
        if reencode_gif:
            options.pop("save_all", None)
        if "transparency" in picture.info:
            options["transparency"] = picture.info["transparency"]
        # Pixels (and palette) only: an emptied .info holds no EXIF, XMP, ICC or PNG text.
        clean = picture.copy()
        clean.info = {}
        buffer = BytesIO()
        clean.save(buffer, format=image_format, **options)
    size = buffer.tell()
    buffer.seek(0)
    return InMemoryUploadedFile(
        buffer,
        field_name=getattr(uploaded, "field_name", "file"),
        name=uploaded.name,
        content_type=getattr(uploaded, "content_type", None),
        size=size,
        charset=None,
    )


class HeaderCheckedImageField(WagtailImageField):
    """Wagtail's image field, checking the pixel count from the file header first.

    Why: Wagtail asks Willow for the size, which fully decodes PNGs, so a 100-megapixel
    "bomb" was decompressed (hundreds of MB) before being refused, and a truncated one
    raised a 500. Pillow's lazy `open()` reads only the header.
    """

    def check_image_pixel_size(self, f):
        f.seek(0)
        try:
            with Image.open(f) as header:
                width, height = header.size
                frames = getattr(header, "n_frames", 1)
        except Image.DecompressionBombError:
            width, height, frames = self.max_image_pixels or 1, 2, 1  # over any limit
        except Exception as exc:  # noqa: BLE001 - anything unreadable is "not an image"
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from exc
        finally:
            f.seek(0)
        if self.max_image_pixels is not None and width * height * frames > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {
                    "num_pixels": width * height * frames,
                    "max_pixels_count": self.max_image_pixels,
                },
                code="file_too_many_pixels",
            )
        try:
            super().check_image_pixel_size(f)
        except (OSError, SyntaxError, ValueError) as exc:  # truncated or corrupt data
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from exc
        finally:
            f.seek(0)


STORAGE_FAILED_MESSAGE = _(
    "The file could not be stored: the server's storage is full or unavailable. Everything "
    "else you entered is kept; please try again later or tell an administrator."
)


class StoredOnValidationMixin:
    """Write the uploaded file to storage while validating, so a full disk is a form error.

    Why: Wagtail's upload views (page, multiple upload, chooser modal) save the model after
    `is_valid()`; a storage failure there (disk full, read-only mount) was a 500 and the
    typed title and tags were gone. Stored here, the model's save finds the file committed
    and writes nothing more.
    """

    upload_field = "file"

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.upload_field not in self.changed_data:
            return
        field_file = getattr(self.instance, self.upload_field)
        if not field_file or field_file._committed:
            return
        field = field_file.field
        name = field.generate_filename(self.instance, field_file.name)
        name = field.storage.get_available_name(name, max_length=field.max_length)
        try:
            stored = field.storage.save(name, field_file.file, max_length=field.max_length)
        except OSError:
            logger.exception("upload: the file could not be written to the media storage")
            self._remove_partial(field.storage, name)
            self.add_error(
                self.upload_field,
                ValidationError(STORAGE_FAILED_MESSAGE, code="storage_failed"),
            )
            return
        setattr(self.instance, self.upload_field, stored)

    @staticmethod
    def _remove_partial(storage, name):
        try:
            if storage.exists(name):
                storage.delete(name)
        except OSError:
            logger.warning("upload: could not remove the partial file %s", name)


class StoredDocumentForm(StoredOnValidationMixin, BaseDocumentForm):
    """Wagtail's document form; a full disk is a form error (see the mixin)."""


class StrippedImageForm(StoredOnValidationMixin, PlainTextFormMixin, BaseImageForm):
    """Wagtail's image form; a valid upload is replaced by a metadata-free copy in memory.

    It runs in form cleaning, before the model saves, so a rejected or failing upload never
    leaves a file behind.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            old = self.fields["file"]
            # Same label, widget (with Wagtail's data attributes) and required flag.
            self.fields["file"] = HeaderCheckedImageField(
                label=old.label, required=old.required, widget=old.widget
            )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded or "file" not in self.changed_data:
            return uploaded
        try:
            return strip_metadata(uploaded)
        except ValidationError:
            raise
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            raise ValidationError(_UNREADABLE, code="invalid_image") from exc


_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


class CheckedAvatarForm(AvatarPreferencesForm):
    """Wagtail's profile-picture form with the image library's checks and stripping.

    Why: Wagtail's own form takes any file Pillow opens: a 50 MB PNG was stored, pictures up
    to 400 px kept their GPS EXIF and PNG text, a PNG named `.pdf` was served as a PDF and a
    broken GIF raised a 500. Here the image library's field checks size, pixels, format and
    extension; Wagtail then scales it down; the result is redrawn without metadata (GIFs too)
    and named after the format it really is.
    """

    avatar = HeaderCheckedImageField(
        label=AvatarPreferencesForm.base_fields["avatar"].label, required=False
    )

    def clean_avatar(self):
        if "avatar" not in self.changed_data or not self.cleaned_data.get("avatar"):
            return super().clean_avatar()
        try:
            clean = strip_metadata(super().clean_avatar(), reencode_gif=True)
            with Image.open(clean) as picture:
                image_format = picture.format
        except ValidationError:
            raise
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            raise ValidationError(_UNREADABLE, code="invalid_image") from exc
        clean.seek(0)
        base = os.path.splitext(os.path.basename(clean.name))[0] or "avatar"
        clean.name = f"{base}.{_EXTENSIONS[image_format]}"
        clean.content_type = Image.MIME[image_format]
        return clean


def check_avatar_uploads():
    """Give Wagtail's account page the checked form (its panel list is fixed in the view)."""
    from wagtail.admin.views.account import AvatarSettingsPanel

    AvatarSettingsPanel.form_class = CheckedAvatarForm
