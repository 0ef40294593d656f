"""The guard on "Submit to my coach": required checks refuse the send, never the draft.

Wagtail's edit view decides between "save" and "submit" before it validates the form, so the
guard runs in `before_edit_page` / `before_create_page`: it checks what was posted, and when a
required item fails it turns the send into a plain save (the draft is kept, as with "Save
draft"). `after_*_page` then says why nothing was sent, and the edit form that follows shows
each failing item on its field (`refused_send`, read by `StoryPageForm`).
"""

from contextvars import ContextVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict, ErrorList
from django.utils.translation import gettext
from wagtail.blocks import StreamBlockValidationError

from stories.checks.rules import REQUIRED, CheckItem, field_labels, run_checks
from stories.models import StoryPage
from stories.writing.form_checks import EMPTY_BODY, body_has_words

SEND_ACTIONS = ("action-submit", "action-restart-workflow")
SESSION_KEY = "storywerk_send_refused"
NOTE_SESSION_KEY = "storywerk_send_refused_note"
REQUEST_ATTRIBUTE = "storywerk_send_refused"
# The note typed in the send dialog of a refused send, re-filled in the dialog that follows.
NOTE_ATTRIBUTE = "storywerk_refused_note"
# (page id, CheckResult) for the edit form rendered after a refused send; read once.
refused_send = ContextVar("refused_send", default=None)


def is_sending(request):
    return request.method == "POST" and any(request.POST.get(key) for key in SEND_ACTIONS)


def posted_checks(request, instance, parent_page):
    """The checks of the posted story, validated as a draft save would be; None if invalid
    (then Wagtail's own form errors say what is wrong, as ever)."""
    form_class = type(instance).get_edit_handler().get_form_class()
    form = form_class(
        request.POST,
        request.FILES,
        instance=instance,
        parent_page=parent_page,
        for_user=request.user,
    )
    form.defer_required_fields()
    if not form.is_valid():
        return None
    return checks_before_sending(form.instance)


def checks_before_sending(page):
    """`run_checks`, plus the story's words: a story with no words gets one item, instead
    of one per empty block."""
    result = run_checks(page)
    if not body_has_words(page.body):
        result.required = [item for item in result.required if item.field != "body"]
        result.required.append(
            CheckItem(REQUIRED, "empty_body", "body", field_labels()["body"], EMPTY_BODY)
        )
    return result


def drop_success_messages(request):
    """The saved draft's "updated"/"created" success would contradict "not sent"."""
    storage = messages.get_messages(request)
    add = storage.add

    def add_unless_success(level, message, extra_tags=""):
        if level != messages.SUCCESS:
            add(level, message, extra_tags)

    storage.add = add_unless_success


def refuse_if_required_fail(request, instance, parent_page):
    result = posted_checks(request, instance, parent_page)
    if result is None or result.ok:
        return
    post = request.POST.copy()
    for key in SEND_ACTIONS:
        post.pop(key, None)
    request.POST = post
    setattr(request, REQUEST_ATTRIBUTE, result)
    drop_success_messages(request)


def check_before_sending_edit(request, page):
    """`before_edit_page`: on a send, check the posted story; on a GET after a refused send,
    hand the failing items to the edit form."""
    refused_send.set(None)
    if not isinstance(page.specific, StoryPage):
        return None
    if request.method == "GET" and request.session.get(SESSION_KEY) == page.pk:
        del request.session[SESSION_KEY]
        setattr(request, NOTE_ATTRIBUTE, request.session.pop(NOTE_SESSION_KEY, ""))
        refused_send.set(
            (page.pk, checks_before_sending(page.specific.get_latest_revision_as_object()))
        )
    elif is_sending(request):
        # A fresh copy: the edit view's own form is built on `page` afterwards.
        fresh = page.specific_class.objects.get(pk=page.pk).get_latest_revision_as_object()
        refuse_if_required_fail(request, fresh, page.get_parent())
    return None


def check_before_sending_create(request, parent_page, page_class):
    """`before_create_page`: "Create and submit" is checked like a send from the edit view."""
    refused_send.set(None)
    if issubclass(page_class, StoryPage) and is_sending(request):
        refuse_if_required_fail(request, page_class(owner=request.user), parent_page)
    return None


def say_why_not_sent(request, page):
    """`after_edit_page` / `after_create_page`: the draft is saved; say it was not sent."""
    result = getattr(request, REQUEST_ATTRIBUTE, None)
    if result is None:
        return None
    fields = sorted({item.field_label for item in result.required})
    messages.error(
        request,
        gettext(
            "Your draft is saved, but it was not sent to your coach: first fix what the "
            "checks require (%(fields)s)."
        )
        % {"fields": ", ".join(str(name) for name in fields)},
    )
    request.session[SESSION_KEY] = page.pk
    request.session[NOTE_SESSION_KEY] = request.POST.get("coach_note", "")
    return None


def errors_for_form(form):
    """The errors to show on an unbound story edit form after a refused send, or None:
    each required item on its field, a body item on its block."""
    refused = refused_send.get()
    if form.is_bound or refused is None or refused[0] != form.instance.pk:
        return None
    refused_send.set(None)
    errors = ErrorDict()
    block_errors, body_errors = {}, []
    for item in refused[1].required:
        if item.field == "body" and item.block_index is not None:
            block_errors.setdefault(item.block_index, []).append(item.message)
        elif item.field == "body":
            body_errors.append(item.message)
        elif item.field in form.fields:
            errors.setdefault(item.field, ErrorList()).append(item.message)
    if (block_errors or body_errors) and "body" in form.fields:
        stream_error = StreamBlockValidationError(
            block_errors={index: ValidationError(texts) for index, texts in block_errors.items()},
            non_block_errors=ErrorList(body_errors),
        )
        errors["body"] = ErrorList([stream_error])
    return errors or None
