"""What my coach changed: a readable summary between the revision an author submitted and the
latest one a reviewer saved since.

Wagtail's revision compare shows every field, HTML and all; an author wants to know which
paragraphs were added, removed or reworded, and which words. Blocks are matched by their
StreamField id (stable across revisions), texts compared word by word (difflib). Every text
is escaped here: the summary's HTML holds only our <del>/<ins> marks.

`coach_changes_for(pages)` answers for many stories in a constant number of queries (the
dashboard lists an author's stories); the revisions stay Wagtail's record, nothing is stored.
"""

import difflib
import html
import json
from dataclasses import dataclass, field

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.admin.utils import get_user_display_name
from wagtail.models import PageLogEntry, Revision, TaskState, WorkflowState

from stories.models import StoryCoAuthor, StoryPage
from stories.review.status import page_content_type

ADDED, REMOVED, REWORDED, MOVED = "added", "removed", "reworded", "moved"
# The log actions of the author's answers to a change (stories/review/answers.py).
KEPT = "stories.coach_change_kept"
RESTORED = "stories.coach_change_restored"
# Top-level fields an author reads as text, compared like blocks.
TEXT_FIELDS = ("title", "teaser")
# Body blocks whose value is HTML (the others hold plain text).
RICH_TEXT_BLOCKS = {"paragraph"}


@dataclass
class BlockChange:
    """One changed block (or the title / teaser): its kind, its name and the words."""

    kind: str
    label: str
    words: str  # safe HTML: escaped words, changes in <del>/<ins>
    block_id: str = ""
    answer: str = ""  # KEPT or RESTORED once the author answered it
    block_type: str = ""  # the block's type, or "title" / "teaser"

    @property
    def kept(self):
        return self.answer == KEPT

    @property
    def restored(self):
        return self.answer == RESTORED


@dataclass
class StoryChanges:
    """The changes a reviewer made to one story since the author submitted it."""

    page_id: int
    title: str
    changed_by: object
    submitted: Revision
    current: Revision
    blocks: list = field(default_factory=list)
    # Back with the authors (changes asked): they may keep or undo each change.
    answerable: bool = False

    @property
    def unanswered(self):
        return [block for block in self.blocks if not block.answer]

    @property
    def changed_by_name(self):
        return get_user_display_name(self.changed_by) if self.changed_by else ""

    @property
    def changed_by_first_name(self):
        user = self.changed_by
        return (user.first_name or self.changed_by_name) if user else ""


def _text(value, rich=False):
    """The readable text of a block value: rich text without tags, a struct's strings.

    Only rich text is HTML; a heading or caption is plain text, where "<3" is two characters.
    """
    if isinstance(value, str):
        text = html.unescape(strip_tags(value)) if rich else value
        return " ".join(text.split())
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values() if isinstance(item, str | dict))
    if isinstance(value, list):
        return " ".join(_text(item) for item in value)
    return ""


def _blocks(content):
    """[(id, type, text)] of a revision's body (stored as a JSON string or a list)."""
    raw = content.get("body") or "[]"
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = []
    return [
        (
            block.get("id", ""),
            block.get("type", ""),
            _text(block.get("value"), rich=block.get("type") in RICH_TEXT_BLOCKS),
        )
        for block in raw
    ]


def word_diff(old, new):
    """Safe HTML of `new` with the words removed from `old` in <del> and added in <ins>."""
    before, after = old.split(), new.split()
    parts = []
    removed_label = escape(gettext("removed:"))
    added_label = escape(gettext("added:"))
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape(" ".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(
                f'<del><span class="w-sr-only">{removed_label} </span>'
                f"{escape(' '.join(before[i1:i2]))}</del>"
            )
        if j2 > j1:
            parts.append(
                f'<ins><span class="w-sr-only">{added_label} </span>'
                f"{escape(' '.join(after[j1:j2]))}</ins>"
            )
    return mark_safe(" ".join(parts))  # noqa: S308 - every word escaped above


def label_for(block_type):
    """The reader's name of a block type, or of the title / teaser field."""
    if block_type in TEXT_FIELDS:
        return str(StoryPage._meta.get_field(block_type).verbose_name).capitalize()
    return _block_label(block_type)


def _block_label(block_type):
    block = StoryPage._meta.get_field("body").stream_block.child_blocks.get(block_type)
    return str(block.label) if block is not None else block_type


def _field_changes(before, after):
    changes = []
    for name in TEXT_FIELDS:
        old, new = _text(before.get(name) or ""), _text(after.get(name) or "")
        if old != new:
            label = str(StoryPage._meta.get_field(name).verbose_name).capitalize()
            changes.append(BlockChange(REWORDED, label, word_diff(old, new), name, block_type=name))
    return changes


def summarize(before, after):
    """The changes from one revision's content (a dict) to another's, in reading order."""
    changes = _field_changes(before, after)
    old_blocks, new_blocks = _blocks(before), _blocks(after)
    old_by_id = {block_id: (kind, text) for block_id, kind, text in old_blocks}
    new_ids = {block_id for block_id, _kind, _text in new_blocks}
    matcher = difflib.SequenceMatcher(
        None, [b[0] for b in old_blocks], [b[0] for b in new_blocks], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for block_id, kind, text in old_blocks[i1:i2] if tag != "equal" else []:
            if block_id not in new_ids:
                changes.append(
                    BlockChange(
                        REMOVED, _block_label(kind), word_diff(text, ""), block_id, block_type=kind
                    )
                )
        for block_id, kind, text in new_blocks[j1:j2]:
            if block_id not in old_by_id:
                changes.append(
                    BlockChange(
                        ADDED, _block_label(kind), word_diff("", text), block_id, block_type=kind
                    )
                )
                continue
            old_text = old_by_id[block_id][1]
            if old_text != text:
                changes.append(
                    BlockChange(
                        REWORDED,
                        _block_label(kind),
                        word_diff(old_text, text),
                        block_id,
                        block_type=kind,
                    )
                )
            elif tag != "equal":
                changes.append(
                    BlockChange(MOVED, _block_label(kind), escape(text), block_id, block_type=kind)
                )
    return changes


def coach_changes_for(page_ids):
    """{page id: StoryChanges} for the stories in review (or back with the author) that a
    reviewer changed since the author submitted them. Seven queries, however many stories;
    one when none of them is in review.

    `page_ids`: a list of ids, or a queryset of text ids (`object_id` is text).
    """
    text_ids = page_ids if hasattr(page_ids, "query") else [str(pk) for pk in page_ids]
    runs = {
        state.object_id: state
        for state in WorkflowState.objects.active().filter(
            base_content_type=page_content_type(), object_id__in=text_ids
        )
    }
    if not runs:
        return {}
    submitted = {}
    for task_state in (
        TaskState.objects.filter(workflow_state__in=runs.values())
        .select_related("revision")
        .order_by("-started_at", "-pk")
    ):
        # Ordered newest first: the first task state of each run wins.
        submitted[task_state.workflow_state_id] = task_state.revision
    authors = _author_ids(runs)
    later = _latest_reviewer_revisions(runs, submitted, authors)
    if not later:
        return {}
    current = {
        revision.pk: revision
        for revision in Revision.objects.filter(pk__in=later.values()).select_related("user")
    }
    result = {}
    for object_id, revision_id in later.items():
        before = submitted[runs[object_id].pk]
        after = current[revision_id]
        blocks = summarize(before.content, after.content)
        if blocks:
            result[int(object_id)] = StoryChanges(
                page_id=int(object_id),
                title=after.content.get("title", ""),
                changed_by=after.user,
                submitted=before,
                current=after,
                blocks=blocks,
                answerable=runs[object_id].status == WorkflowState.STATUS_NEEDS_CHANGES,
            )
    _attach_answers(result)
    return result


def _attach_answers(result):
    """Mark the blocks the authors answered since the reviewer's version (one query)."""
    if not result:
        return
    since = min(changes.current.created_at for changes in result.values())
    entries = PageLogEntry.objects.filter(
        page_id__in=list(result), action__in=(KEPT, RESTORED), timestamp__gte=since
    ).order_by("timestamp", "pk")
    for entry in entries:
        changes = result[entry.page_id]
        if entry.timestamp < changes.current.created_at:
            continue
        for block in changes.blocks:
            if block.block_id == entry.data.get("block_id"):
                block.answer = entry.action


def _author_ids(runs):
    """{text page id: {user ids of its owner and co-authors}}."""
    authors = {}
    page_ids = [int(object_id) for object_id in runs]
    for pk, owner_id in StoryPage.objects.filter(pk__in=page_ids).values_list("pk", "owner_id"):
        authors.setdefault(str(pk), set()).add(owner_id)
    for pk, user_id in StoryCoAuthor.objects.filter(page_id__in=page_ids).values_list(
        "page_id", "profile__user_id"
    ):
        authors.setdefault(str(pk), set()).add(user_id)
    return authors


def _latest_reviewer_revisions(runs, submitted, authors):
    """{text page id: id of the latest revision saved by someone other than its authors since
    the author submitted}: the reviewer's version."""
    rows = (
        Revision.objects.filter(base_content_type=page_content_type(), object_id__in=list(runs))
        .values_list("pk", "object_id", "user_id", "created_at")
        .order_by("created_at", "pk")
    )
    latest = {}
    for pk, object_id, user_id, created_at in rows:
        before = submitted.get(runs[object_id].pk)
        if before is None or pk <= before.pk or created_at < before.created_at:
            continue
        if user_id is not None and user_id not in authors.get(object_id, set()):
            latest[object_id] = pk
    return latest
