"""Plain text people type: no control characters, one-line fields on one line; safe output.

Why: an invisible control character pasted into a title or teaser (`\\x0b`, `\\x01`) made every
feed answer 500 (XML 1.0 cannot carry it), and a line break in a title stopped the review email
(mail headers are one line). Input is refused with a field error; output that must be XML or a
mail header is cleaned anyway, for text saved before these checks or by other routes.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

# C0 controls except tab/LF/CR, DEL, C1 controls (NEL included) and the two noncharacters XML
# refuses. Tabs, LF and CR are ordinary in multi-line text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_BREAK = re.compile("[\r\n\u2028\u2029]")
# What XML 1.0 cannot hold at all (Django's feed writer raises on the C0 part).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def plain_text_error(value, *, single_line):
    """The ValidationError for `value`, or None when it is acceptable plain text."""
    if _CONTROL.search(value):
        return ValidationError(
            _("Remove the invisible control characters (often pasted in by accident)."),
            code="control_characters",
        )
    if single_line and _LINE_BREAK.search(value):
        return ValidationError(
            _("This must fit on one line: remove the line breaks."), code="line_break"
        )
    return None


def xml_safe(value):
    """`value` without the characters XML 1.0 cannot carry (feeds, sitemap)."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def one_line(value):
    """`value` with every run of whitespace (line breaks too) collapsed to one space."""
    return " ".join(_CONTROL.sub("", str(value)).split())


class PlainTextFormMixin:
    """Refuses control characters in every text field, and line breaks in one-line fields.

    A field counts as text when it is a CharField shown as a text input or text area (so
    passwords, hidden JSON, rich text and choices are left alone); a text input is one line.
    """

    def clean(self):
        cleaned_data = super().clean()
        for name, field in self.fields.items():
            value = (cleaned_data or {}).get(name)
            if not isinstance(value, str) or not isinstance(field, forms.CharField):
                continue
            if not isinstance(field.widget, (forms.TextInput, forms.Textarea)):
                continue
            error = plain_text_error(
                value, single_line=not isinstance(field.widget, forms.Textarea)
            )
            if error is not None:
                self.add_error(name, error)
        return cleaned_data


class PlainTextPageForm(PlainTextFormMixin, WagtailAdminPageForm):
    """The base form of every page type: title, SEO title, search description, own fields."""


class PlainTextModelForm(PlainTextFormMixin, WagtailAdminModelForm):
    """The base form of snippets and admin model forms (`base_form_class` on the model)."""


def check_account_names():
    """Wagtail's account page: the first and last name follow the same rules.

    Why a class attribute: the account view builds its panels from a fixed list.
    """
    from wagtail.admin.views.account import NameEmailSettingsPanel

    form_class = NameEmailSettingsPanel.form_class
    if not issubclass(form_class, PlainTextFormMixin):
        NameEmailSettingsPanel.form_class = type(
            form_class.__name__, (PlainTextFormMixin, form_class), {}
        )
