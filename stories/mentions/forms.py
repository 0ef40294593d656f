"""Refusing, on the page form, mentions of people who may not open the story.

Wagtail's comments are a formset of the page form (comments, each with a formset of
replies), so a mention is checked where the page form is cleaned: a refused mention makes
the page form invalid, the edit view shows the page again with the message on top and every
comment, reply and field as typed (nothing of the draft is lost), and nothing is saved. The
comments pane itself has no place for a form error, so the message names the person and
quotes the start of the comment.
"""

from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from stories.mentions.parsing import candidates_for, find_mentioned
from stories.mentions.people import display_name, may_open


def _changed_texts(comments):
    """(form, text) of each new or edited comment and reply that is not being deleted."""
    for comment_form in comments.forms:
        if _deleted(comment_form):
            continue
        if (text := _edited_text(comment_form)) is not None:
            yield comment_form, text
        replies = comment_form.formsets.get("replies")
        for reply_form in replies.forms if replies is not None else ():
            if (text := _edited_text(reply_form)) is not None:
                yield reply_form, text


def _deleted(form):
    return bool((getattr(form, "cleaned_data", None) or {}).get("DELETE"))


def _edited_text(form):
    """The form's text if it is new or changed and not being deleted, else None."""
    data = getattr(form, "cleaned_data", None) or {}
    if data.get("DELETE") or "text" not in form.changed_data or not data.get("text"):
        return None
    return data["text"]


def refuse_unreachable_mentions(page_form):
    """Add an error to the page form (and the comment) per person who may not be mentioned."""
    comments = page_form.formsets.get("comments")
    story = page_form.instance
    if comments is None or story.pk is None or not comments.is_valid():
        return
    texts = [(form, text) for form, text in _changed_texts(comments) if "@" in text]
    if not texts:
        return
    people = candidates_for([text for _form, text in texts])
    allowed = {}
    for form, text in texts:
        for person in find_mentioned(text, people):
            if person.pk not in allowed:
                allowed[person.pk] = may_open(person, story)
            if allowed[person.pk]:
                continue
            error = ValidationError(
                _(
                    "%(name)s cannot open this story, so they cannot be mentioned in its "
                    "comments. Remove the mention from the comment “%(comment)s” and save "
                    "again; everything else you wrote is still here."
                )
                % {"name": display_name(person), "comment": Truncator(text).chars(60)},
                code="mention_without_access",
            )
            form.add_error(None, error)
            page_form.add_error(None, error)
