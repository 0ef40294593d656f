"""The author's primary action: "Send to Clara Weiss", a small dialog with the note, one confirm.

Underneath it is Wagtail's submit (`action-submit`, the "Story review" workflow): the dialog
only asks for the note (the form's `coach_note` field) before the form is sent. Who reviews is
the coach routing's answer (stories.review.coach_task), named here before it happens.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.admin.utils import get_user_display_name

from authors.roles import current_coach
from stories.review.action_menu import SubmitToCoachMenuItem, is_story_context


def coach_for_sending(owner):
    """The coach a story of `owner` goes to now, or None (the Coaches group reviews it)."""
    return current_coach(getattr(owner, "author_profile", None) if owner else None)


def send_label(coach):
    if coach is None:
        return gettext("Send to the coaches")
    return gettext("Send to %(coach)s") % {"coach": get_user_display_name(coach)}


class SendToCoachMenuItem(SubmitForModerationMenuItem):
    """Opens the send dialog; the dialog's confirm button is Wagtail's submit."""

    template_name = "stories/writing/send_menu_item.html"
    label = _("Send to your coach")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = parent_context["request"]
        page = parent_context.get("page")
        # A new story belongs to whoever writes it; an existing one to its owner-author
        # (a co-author's send goes to the owner's coach, as the routing decides).
        owner = page.owner if page is not None and page.owner_id else request.user
        coach = coach_for_sending(owner)
        context.update(
            label=send_label(coach),
            coach_name=get_user_display_name(coach) if coach else "",
            # Re-shown after a refused send: nothing the author wrote is lost.
            # After a send the checks refused, the note kept from it (stories.checks.sending).
            note=request.POST.get("coach_note", "")
            if request.method == "POST"
            else getattr(request, "storywerk_refused_note", ""),
            **dialog_checks(page),
        )
        return context


def dialog_checks(page):
    """The checks of the story as the dialog opens (the server checks the send again)."""
    from stories.checks.panels import READABILITY_BANDS
    from stories.checks.sending import checks_before_sending
    from stories.models import StoryPage

    # A new story has no saved state to check yet: the send itself checks what is posted.
    if not isinstance(page, StoryPage) or page.pk is None:
        return {}
    result = checks_before_sending(page)
    return {
        "checks": result,
        "readability_band": READABILITY_BANDS.get(result.readability.band, ""),
        "send_blocked": not result.ok,
    }


def send_to_coach_by_name(menu_items, request, context):
    """For stories, the coach's submit item becomes the send dialog (same place, same order)."""
    if not is_story_context(context):
        return
    for index, item in enumerate(menu_items):
        if isinstance(item, SubmitToCoachMenuItem):
            menu_items[index] = SendToCoachMenuItem(order=item.order)
