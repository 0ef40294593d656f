"""Sending a thank-you (the story page's form), hiding one and reporting abuse (the dashboard)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_user_display_name

from authors.roles import EDITORS_GROUP, active_members, is_employee
from cms import ratelimit
from cms.mail import absolute_url, send_to_users
from stories.models import StoryPage
from stories.thanks.forms import ThanksForm
from stories.thanks.models import StoryThanks
from stories.thanks.panels import forget_panels


def readable_story(request, story_id):
    """The live story `request.user` may read (Wagtail's view restrictions too), or None."""
    story = StoryPage.objects.live().filter(pk=story_id).first()
    if story is None:
        return None
    if not all(r.accept_request(request) for r in story.get_view_restrictions()):
        return None
    return story


def is_story_author(user, story):
    if story.owner_id == user.pk:
        return True
    # The story page has read its byline already (stories.story_fragments): no query then.
    if getattr(story, "_read_byline", None) is not None:
        return any(profile.user_id == user.pk for profile in story.byline_profiles())
    return story.co_authors.filter(profile__user=user).exists()


@require_POST
def send_thanks(request, story_id):
    """A signed-in employee thanks the authors of a live story they may read, once."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_employee(request.user):
        raise PermissionDenied
    story = readable_story(request, story_id)
    if story is None:
        raise Http404
    # The story page says where the reader stands (thanked already, or their own story):
    # the public pages show no flash messages.
    back = story.url + "#thanks"
    if is_story_author(request.user, story):
        raise PermissionDenied
    if StoryThanks.objects.filter(story=story, sender=request.user).exists():
        return redirect(back)
    allowed = ratelimit.hit(
        "thanks",
        ratelimit.hashed_key("user", request.user.pk),
        limit=settings.STORYWERK_THANKS_PER_HOUR,
        window=3600,
    )
    if not allowed:
        return ratelimit.too_many_requests(request, 3600)
    form = ThanksForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "story": story}
        return render(request, "stories/thanks/form_page.html", context, status=400)
    try:
        with transaction.atomic():
            StoryThanks.objects.create(story=story, sender=request.user, **form.cleaned_data)
            forget_panels([story.pk])
    except IntegrityError:  # a second tab sent it a moment ago
        pass
    return redirect(back)


def _own_thanks(request, thanks_id):
    thanks = StoryThanks.objects.for_author(request.user).filter(pk=thanks_id).first()
    if thanks is None:
        raise Http404
    return thanks


@require_POST
def hide_thanks(request, thanks_id):
    """One author hides a thank-you from their dashboard and digest."""
    thanks = _own_thanks(request, thanks_id)
    thanks.hidden_by.add(request.user)
    forget_panels([thanks.story_id])
    messages.success(request, _("The thank-you is hidden."))
    return redirect("wagtailadmin_home")


@require_POST
def report_thanks(request, thanks_id):
    """An author reports an abusive thank-you: the editors get a mail; it is hidden for them."""
    thanks = _own_thanks(request, thanks_id)
    thanks.hidden_by.add(request.user)
    forget_panels([thanks.story_id])
    if thanks.reported_at is None:
        thanks.reported_at = timezone.now()
        thanks.save(update_fields=["reported_at"])
        context = {
            "thanks": thanks,
            "story": thanks.story,
            "sender": get_user_display_name(thanks.sender),
            "reporter": get_user_display_name(request.user),
            "story_url": absolute_url(reverse("wagtailadmin_pages:edit", args=[thanks.story_id])),
        }
        transaction.on_commit(
            lambda: send_to_users(
                active_members(EDITORS_GROUP), "stories/thanks/emails/reported", context
            )
        )
    messages.success(request, _("Thank you for telling us: the editors will look into it."))
    return redirect("wagtailadmin_home")


def thanks_admin_urls():
    return [
        path("thanks/<int:thanks_id>/hide/", hide_thanks, name="storywerk_thanks_hide"),
        path("thanks/<int:thanks_id>/report/", report_thanks, name="storywerk_thanks_report"),
    ]
