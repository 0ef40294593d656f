"""The author's dashboard panels: write a story, and My stories with where each one is."""

from django.db.models import CharField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState, WorkflowState

from stories.models import StoryCoAuthor, StoryPage
from stories.readership import dashboard_cache
from stories.review.status import ReviewStage, page_content_type, review_stage
from stories.writing.status import holders


class WriteStoryPanel(Component):
    """One click from the dashboard to a new story under the index."""

    name = "write_story"
    template_name = "stories/admin/write_story_panel.html"
    order = 50

    def __init__(self, story_index):
        self.story_index = story_index

    def get_context_data(self, parent_context):
        return {
            "add_url": reverse(
                "wagtailadmin_pages:add", args=["stories", "storypage", self.story_index.pk]
            )
        }


class StoryState:
    """How My stories words each stage for the author."""

    DRAFT = _("Draft")
    WITH_COACH = _("With your coach")
    WITH_EDITOR = _("With the editors")
    CHANGES_REQUESTED = _("Changes requested")
    SCHEDULED = _("Scheduled")
    LIVE = _("Live")
    LIVE_WITH_DRAFT = _("Live (draft changes)")


STAGE_LABELS = {
    ReviewStage.DRAFT: StoryState.DRAFT,
    ReviewStage.WITH_COACH: StoryState.WITH_COACH,
    ReviewStage.WITH_EDITORS: StoryState.WITH_EDITOR,
    ReviewStage.CHANGES_REQUESTED: StoryState.CHANGES_REQUESTED,
    ReviewStage.SCHEDULED: StoryState.SCHEDULED,
    ReviewStage.LIVE: StoryState.LIVE,
}


def my_stories(user):
    """The user's stories with their workflow state and last reviewer comment (3 queries).

    Rows are plain dicts (no page objects): an author may have hundreds of stories. Owned
    and co-authored stories are two indexed branches of one UNION (an OR of the two scanned
    every page: 12 ms of 5,000 pages at the bench scale), and the workflow queries take the
    ids as a subquery, not a list of hundreds of parameters. The panel caches the result.
    """
    co_authored_ids = StoryCoAuthor.objects.filter(profile__user=user).values("page_id")
    fields = ("pk", "title", "draft_title", "live", "has_unpublished_changes")
    fields += ("latest_revision_created_at", "_approved_schedule")
    owned = StoryPage.objects.filter(owner=user)
    co_authored = StoryPage.objects.filter(pk__in=co_authored_ids).exclude(owner=user)
    stories = list(
        # Two indexed branches in one UNION: an OR of owner and co-author scans every page.
        owned.annotate_approved_schedule()
        .values(*fields)
        .union(co_authored.annotate_approved_schedule().values(*fields), all=True)
        .order_by("-latest_revision_created_at", "-pk")
    )
    if not stories:
        return []
    current, comments = _review_states(owned.values("pk").union(co_authored_ids))
    # "With Clara Weiss since …" for the stories in review (stories.writing.status).
    with_whom = holders(current.values())
    edit_url = reverse("wagtailadmin_pages:edit", args=[0])
    rows = []
    for story in stories:
        stage = review_stage(
            current.get(str(story["pk"])),
            scheduled=bool(story["_approved_schedule"]),
            live=story["live"],
        )
        label = with_whom.get(str(story["pk"]), STAGE_LABELS[stage])
        if stage == ReviewStage.LIVE and story["has_unpublished_changes"]:
            label = StoryState.LIVE_WITH_DRAFT
        rows.append(
            {
                "pk": story["pk"],
                # Page.get_admin_display_title(), without building a page object per row.
                "title": story["draft_title"] or story["title"],
                # One reverse() for all rows: only the id differs.
                "edit_url": edit_url.replace("/0/", f"/{story['pk']}/"),
                "state": label,
                "comment": comments.get(str(story["pk"])),
            }
        )
    return rows


def _review_states(story_ids):
    """({text id: current workflow state}, {text id: last finished step with a comment})."""
    # Workflow states name their object by a text id.
    text_ids = Page.objects.filter(pk__in=story_ids).values(text_id=Cast("pk", CharField()))
    page_type = page_content_type()
    current = {
        state.object_id: state
        for state in WorkflowState.objects.active()
        .filter(base_content_type=page_type, object_id__in=text_ids)
        .select_related("current_task_state")
    }
    comments = {}
    for state in (
        TaskState.objects.filter(
            workflow_state__base_content_type=page_type,
            workflow_state__object_id__in=text_ids,
            finished_at__isnull=False,
        )
        .exclude(comment="")
        .select_related("finished_by", "workflow_state")
        .order_by("finished_at")
    ):
        comments[state.workflow_state.object_id] = state
    return current, comments


class MyStoriesPanel(Component):
    """An author's stories: where each one is and what the last reviewer said."""

    name = "my_stories"
    template_name = "stories/admin/my_stories_panel.html"
    order = 60

    # Published stories beyond these are one click away (My readership lists them all).
    recent_live = 5

    def render_html(self, parent_context=None):
        """Cached per user until a story, a revision or a review step changes anywhere.

        An author with hundreds of stories costs 3 queries and ~25 ms to list; the cache
        (dashboard_cache's site token, renewed by those changes) makes a dashboard view one
        cache read. The rows hold only the user's own stories, so the key is the user.
        """
        request = parent_context["request"]
        return mark_safe(  # noqa: S308 - our own template's output
            dashboard_cache.fragment(
                "my-stories",
                request.user.pk,
                timezone.localdate(),
                render=lambda: super(MyStoriesPanel, self).render_html(parent_context),
            )
        )

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        rows, live_shown = [], 0
        all_rows = my_stories(request.user)
        for row in all_rows:
            # Every story that still needs something is shown; of the finished ones, the latest.
            if row["state"] != StoryState.LIVE:
                rows.append(row)
            elif live_shown < self.recent_live:
                rows.append(row)
                live_shown += 1
        return {"rows": rows, "hidden": len(all_rows) - len(rows), "request": request}
