"""Keep or undo the coach's changes, one block at a time (the summary: changes.py).

Each answer is a new revision of the story by the author (Wagtail's revision history stays
the record) and a log entry naming the block, so the summary can show what was answered and
the coach's next review can show "restored by Anna". Only while the story is back with its
authors (changes asked): during a review the text is locked for them.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.blocks import StreamValue
from wagtail.log_actions import log
from wagtail.models import PageLogEntry, WorkflowState

from stories.models import StoryPage
from stories.review.changes import KEPT, RESTORED, TEXT_FIELDS, coach_changes_for, label_for

CHOICES = ("keep", "restore", "keep_all")


def register_answer_log_actions(actions):
    actions.register_action(KEPT, _("Keep the coach's version"), _("Coach's change kept"))
    actions.register_action(RESTORED, _("Restore my version"), _("Author's version restored"))


def answers_since(page_id, revision):
    """{block id: (action, user)} of the answers given after the reviewer's `revision`."""
    entries = (
        PageLogEntry.objects.filter(
            page_id=page_id, action__in=(KEPT, RESTORED), timestamp__gte=revision.created_at
        )
        .select_related("user")
        .order_by("timestamp", "pk")
    )
    return {entry.data.get("block_id"): (entry.action, entry.user) for entry in entries}


def restored_blocks_for_review(page, reviewer):
    """The blocks the authors restored since `reviewer` last saved the story: [(label, user)]."""
    last = page.revisions.filter(user=reviewer).order_by("-created_at", "-pk").first()
    if last is None:
        return []
    entries = PageLogEntry.objects.filter(
        page_id=page.pk, action=RESTORED, timestamp__gte=last.created_at
    ).select_related("user")
    return [(label_for(entry.data.get("block_type", "")), entry.user) for entry in entries]


def _restore(story, changes, block_id):
    """`story` (the latest revision as an object) with the author's version of one block."""
    before = changes.submitted.content
    if block_id in TEXT_FIELDS:
        setattr(story, block_id, before.get(block_id, ""))
        return story
    old_raw = before.get("body") or []
    if isinstance(old_raw, str):
        old_raw = json.loads(old_raw)
    raw = [dict(block) for block in story.body.raw_data]
    ids = [block.get("id") for block in raw]
    old = next((block for block in old_raw if block.get("id") == block_id), None)
    if old is None:
        raw = [block for block in raw if block.get("id") != block_id]  # the coach added it
    elif block_id in ids:
        raw[ids.index(block_id)] = old
    else:
        # The coach removed it: back where it was among the blocks both versions have.
        position = [block.get("id") for block in old_raw].index(block_id)
        raw.insert(min(position, len(raw)), old)
    story.body = StreamValue(story.body.stream_block, raw, is_lazy=True)
    return story


def _story_back_with(request, page_id):
    page = get_object_or_404(StoryPage, pk=page_id)
    if request.user.pk not in page.author_user_ids():
        raise PermissionDenied
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


@require_POST
def answer_coach_change(request, page_id):
    """Keep the coach's version of a block, restore the author's, or keep all of them."""
    page = _story_back_with(request, page_id)
    choice = request.POST.get("choice")
    changes = coach_changes_for([page.pk]).get(page.pk)
    block_id = request.POST.get("block_id", "")
    blocks = {change.block_id: change for change in changes.blocks} if changes else {}
    if choice not in CHOICES or (choice != "keep_all" and block_id not in blocks):
        messages.error(request, gettext("That change is no longer there."))
        return redirect(_back(request, page))
    story = page.get_latest_revision_as_object()
    if choice == "restore":
        story = _restore(story, changes, block_id)
    revision = story.save_revision(user=request.user, log_action=True)
    answered = answers_since(page.pk, changes.current)
    targets = [block_id] if choice != "keep_all" else [b for b in blocks if b not in answered]
    for target in targets:
        log(
            instance=page,
            action=RESTORED if choice == "restore" else KEPT,
            user=request.user,
            revision=revision,
            data={"block_id": target, "block_type": blocks[target].block_type},
        )
    messages.success(request, _message(choice, changes))
    return redirect(_back(request, page))


def _message(choice, changes):
    names = {"name": changes.changed_by_name}
    if choice == "restore":
        return gettext("Your version is back.")
    if choice == "keep_all":
        return gettext("You kept all of %(name)s’s changes.") % names
    return gettext("You kept %(name)s’s version.") % names


def _back(request, page):
    return get_valid_next_url_from_request(request) or reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )


def answer_urls():
    return [
        path(
            "stories/<int:page_id>/coach-changes/answer/",
            answer_coach_change,
            name="stories_answer_coach_change",
        )
    ]
