"""What the author reads after pressing Send: who has the story now, or why it was not sent.

Wagtail's edit and create views word their own messages ("submitted for moderation", "could
not be created due to validation errors") and offer no hook between them and the response.
For a send of a story the request's message storage is wrapped before the view runs, and
those two messages are replaced as they are added; every other message passes unchanged.
"""

import datetime

from django.contrib import messages
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.admin import messages as admin_messages
from wagtail.admin.utils import get_user_display_name

from stories.writing.send import coach_for_sending

SEND_ACTIONS = ("action-submit", "action-restart-workflow")
# A story the create view's autosave made this recently is the one a refused send belongs to.
AUTOSAVE_WINDOW = datetime.timedelta(minutes=30)


def sent_message(coach):
    if coach is None:
        return gettext("The coaches have your story. You'll get an email when one of them replies.")
    name = get_user_display_name(coach)
    return gettext("%(coach)s has your story. You'll get an email when %(first_name)s replies.") % {
        "coach": name,
        "first_name": coach.first_name or name,
    }


def not_sent_message(draft_kept):
    if draft_kept:
        return gettext(
            "Not sent yet: complete what is marked below, then send again. Your story is "
            "saved as a draft (under My stories)."
        )
    return gettext(
        "Not sent yet: complete what is marked below, then send again. Nothing is saved "
        "until then; what you wrote is still here."
    )


# Wagtail's own messages, looked up in Wagtail's catalog (in the user's language) to be found.
WAGTAIL_VALIDATION_MESSAGES = (
    "The page could not be created due to validation errors.",
    "The page could not be saved due to validation errors.",
)


def _wagtail_validation_texts():
    return [conditional_escape(gettext(text)) for text in WAGTAIL_VALIDATION_MESSAGES]


def _reword(request, coach, draft_kept):
    storage = messages.get_messages(request)
    add = storage.add

    def reworded_add(level, message, extra_tags=""):
        if level == messages.SUCCESS:
            message = admin_messages.render(sent_message(coach), [])
        elif level == messages.ERROR:
            text = str(message)
            for wagtail_text in _wagtail_validation_texts():
                if wagtail_text in text:
                    kept = draft_kept() if callable(draft_kept) else draft_kept
                    text = text.replace(wagtail_text, conditional_escape(not_sent_message(kept)))
                    # Wagtail's rendered message with one escaped text swapped for another.
                    message = mark_safe(text)  # noqa: S308
        return add(level, message, extra_tags)

    storage.add = reworded_add


def _is_send(request):
    return request.method == "POST" and any(request.POST.get(name) for name in SEND_ACTIONS)


def reword_send_on_edit(request, page):
    """before_edit_page: a story that exists is a draft whatever the send's outcome."""
    from stories.models import StoryPage

    if _is_send(request) and isinstance(page.specific, StoryPage):
        _reword(request, coach_for_sending(page.owner), draft_kept=True)


def reword_send_on_create(request, parent_page, page_class):
    """before_create_page: a first send refused by validation created nothing, unless the
    editor's autosave already made the draft (it saves while the author types)."""
    from stories.models import StoryPage

    if not (_is_send(request) and issubclass(page_class, StoryPage)):
        return

    def autosaved_draft_exists():
        return (
            StoryPage.objects.child_of(parent_page)
            .filter(
                owner=request.user,
                live=False,
                latest_revision_created_at__gte=timezone.now() - AUTOSAVE_WINDOW,
            )
            .filter(_workflow_states__isnull=True)
            .exists()
        )

    _reword(request, coach_for_sending(request.user), draft_kept=autosaved_draft_exists)
