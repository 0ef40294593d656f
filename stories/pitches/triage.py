"""Pitch triage as atomic operations (accept, decline) and the emails they send.

A service module because accepting spans several models (profile, group, pairing, page,
pitch) and must happen completely or not at all.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.utils import get_user_display_name
from wagtail.log_actions import log
from wagtail.rich_text import RichText

from authors.models import AuthorProfile
from authors.pairing import change_coach
from authors.roles import AUTHORS_GROUP, EDITORS_GROUP, active_members
from cms.mail import absolute_url, send_to_users
from stories.models import Pitch, PitchStatus, StoryIndexPage, StoryPage


class PitchAlreadyDecided(Exception):
    """Raised when a second editor acts on a pitch someone already decided."""


def send_templated_mail(template, users, context):
    """One mail per user in their own language (they never see each other's addresses)."""
    return send_to_users(users, f"stories/pitches/emails/{template}", context)


def editors():
    return active_members(EDITORS_GROUP)


def notify_editors_of_pitch(pitch):
    context = {
        "pitch": pitch,
        "triage_url": absolute_url(reverse("pitches:edit", args=[pitch.pk])),
    }
    send_templated_mail("pitch_new", editors(), context)


def _unique_slug(index, title):
    base = slugify(title)[:60] or "story"
    taken = set(index.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _paragraphs(text):
    """Plain text -> escaped rich-text paragraphs (blank lines separate paragraphs)."""
    chunks = [chunk.strip() for chunk in text.replace("\r\n", "\n").split("\n\n")]
    return [
        ("paragraph", RichText("<p>" + escape(chunk).replace("\n", "<br/>") + "</p>"))
        for chunk in chunks
        if chunk
    ]


def _create_draft(pitch, employee, created_by):
    index = StoryIndexPage.objects.get()
    page = StoryPage(
        title=pitch.working_title,
        slug=_unique_slug(index, pitch.working_title),
        teaser=Truncator(pitch.why_it_matters).chars(400),
        body=_paragraphs(pitch.what_happened),
        department=pitch.department,
        owner=employee,
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=created_by, log_action=True)
    return page


def accept_pitch(pitch, *, coach, accepted_by):
    """Accept in one transaction; returns the draft. Emails go out after the commit.

    The employee gets an author profile (if missing), joins Authors (nothing else), is
    paired with `coach` and owns a draft prefilled from the pitch. For "tell it to a
    coach" pitches `coach` is the interviewer: being the author's coach lets them edit the
    draft, while the employee stays the owner and so the credited author.
    """
    with transaction.atomic():
        pitch = Pitch.objects.select_for_update().select_related("submitted_by").get(pk=pitch.pk)
        if pitch.status != PitchStatus.NEW:
            raise PitchAlreadyDecided(pitch.get_status_display())
        employee = pitch.submitted_by
        profile, _created = AuthorProfile.objects.get_or_create(
            user=employee,
            defaults={
                "display_name": get_user_display_name(employee),
                "department": pitch.department,
            },
        )
        employee.groups.add(Group.objects.get(name=AUTHORS_GROUP))
        # The pairing service logs the change and hands over in-flight reviews (signal).
        change_coach(profile, coach, accepted_by)
        page = _create_draft(pitch, employee, accepted_by)
        pitch.status = PitchStatus.ACCEPTED
        pitch.coach = coach
        pitch.story = page
        pitch.decided_by = accepted_by
        pitch.decided_at = timezone.now()
        pitch.save()
        log(pitch, "storywerk.pitch.accept", user=accepted_by)

        context = {
            "pitch": pitch,
            "page": page,
            "author": employee,
            "coach": coach,
            "coach_name": get_user_display_name(coach),
            "author_name": profile.display_name,
            "edit_url": absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk])),
        }
        transaction.on_commit(lambda: send_templated_mail("pitch_accepted", [employee], context))
        if pitch.wants_interview:
            transaction.on_commit(lambda: send_templated_mail("pitch_interview", [coach], context))
    return page


def decline_pitch(pitch, *, note, declined_by):
    """Decline with a kind note, which the employee receives by email."""
    with transaction.atomic():
        pitch = Pitch.objects.select_for_update().select_related("submitted_by").get(pk=pitch.pk)
        if pitch.status != PitchStatus.NEW:
            raise PitchAlreadyDecided(pitch.get_status_display())
        pitch.status = PitchStatus.DECLINED
        pitch.decline_note = note
        pitch.decided_by = declined_by
        pitch.decided_at = timezone.now()
        pitch.save()
        log(pitch, "storywerk.pitch.decline", user=declined_by)
        context = {"pitch": pitch, "note": note}
        transaction.on_commit(
            lambda: send_templated_mail("pitch_declined", [pitch.submitted_by], context)
        )
    return pitch


def mark_pitches_published(page):
    """A pitched draft went live: its pitch is now "turned into a story"."""
    Pitch.objects.filter(story_id=page.pk, status=PitchStatus.ACCEPTED).update(
        status=PitchStatus.STORY
    )


def register_pitch_log_actions(actions):
    actions.register_action("storywerk.pitch.accept", _("Accept pitch"), _("Pitch accepted"))
    actions.register_action("storywerk.pitch.decline", _("Decline pitch"), _("Pitch declined"))
