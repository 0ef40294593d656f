"""The send dialog's script (editor pages) and style (small, so on every admin page: Wagtail
has no editor-only CSS hook)."""

from django.templatetags.static import static
from django.utils.html import format_html


def editor_js():
    return format_html('<script src="{}" defer></script>', static("js/story-editor.js"))


def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/writing.css"))
