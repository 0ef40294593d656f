"""Wagtail admin hook functions for the story review workflow (registered in wagtail_hooks)."""

import copy

from django.contrib import messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.action_menu import (
    CancelWorkflowMenuItem,
    RestartWorkflowMenuItem,
    SubmitForModerationMenuItem,
)
from wagtail.admin.utils import get_user_display_name
from wagtail.models import WorkflowState

from authors.roles import is_coach, is_editor
from stories.dashboard import MyStoriesPanel, WriteStoryPanel
from stories.models import StoryIndexPage, StoryPage
from stories.permissions import StoryPagesAdminAPIViewSet, restrict_pages_for
from stories.review.action_menu import SubmitToCoachMenuItem, TakeBackMenuItem, is_story_context
from stories.review.changes_panel import CoachChangesPanel
from stories.review.panels import AwaitingReviewPanel


def restart_workflow_instead_of_resuming(request, page):
    """After "request changes", the author's fix goes back through the coach.

    Wagtail's resubmit resumes the step that rejected (the editors' step); for stories the
    edit view restarts the workflow instead. Done on the server, so a crafted POST of
    `action-submit` cannot skip the coach either.
    """
    if request.method != "POST" or not isinstance(page.specific, StoryPage):
        return None
    if not request.POST.get("action-submit"):
        return None
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    post = request.POST.copy()
    post.pop("action-submit")
    if workflow_state.user_can_cancel(request.user):
        post["action-restart-workflow"] = "1"
    else:
        # e.g. a co-author who neither owns nor submitted the story: end the stalled run so
        # the edit view starts a fresh one from step 1.
        workflow_state.cancel(user=request.user)
        post["action-submit"] = "1"
    request.POST = post
    return None


def show_requested_changes(request, page):
    """An author opening a story that came back with "request changes" reads what to change.

    Wagtail keeps the reviewer's comment two clicks away (status panel > workflow details);
    the change-request email links here, so the comment is shown on top of the editor.
    """
    if request.method != "GET" or not isinstance(page.specific, StoryPage):
        return None
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    if request.user.pk not in page.specific.author_user_ids():
        return None
    task_state = workflow_state.current_task_state
    reviewer = get_user_display_name(task_state.finished_by) if task_state.finished_by else ""
    comment = task_state.specific.get_comment()
    if comment:
        message = gettext(
            "%(reviewer)s asked for changes: “%(comment)s” When you have made them, submit "
            "the story to your coach again."
        ) % {"reviewer": reviewer, "comment": comment}
    else:
        message = gettext(
            "%(reviewer)s asked for changes. When you have made them, submit the story to "
            "your coach again."
        ) % {"reviewer": reviewer}
    # Plain text: Django's message template escapes it (the comment is user input).
    messages.warning(request, message)
    return None


def submit_to_coach_first(menu_items, request, context):
    """For stories, "Submit to my coach" replaces Wagtail's submit / resubmit / restart items,
    and is the primary (first) action for everyone who cannot publish; "Take the story back"
    is Wagtail's "Cancel workflow" (shown to the same people)."""
    if not is_story_context(context):
        return
    for index, item in enumerate(menu_items):
        if isinstance(item, SubmitForModerationMenuItem):
            menu_items[index] = SubmitToCoachMenuItem(order=item.order)
        elif type(item) is CancelWorkflowMenuItem:
            menu_items[index] = TakeBackMenuItem(order=item.order)
    menu_items[:] = [item for item in menu_items if not isinstance(item, RestartWorkflowMenuItem)]
    if not is_editor(request.user):
        submit = [item for item in menu_items if isinstance(item, SubmitToCoachMenuItem)]
        rest = [item for item in menu_items if not isinstance(item, SubmitToCoachMenuItem)]
        menu_items[:] = submit + rest


def story_admin_api(router):
    """The admin pages API with its actions refused on a story under review."""
    router.register_endpoint("pages", StoryPagesAdminAPIViewSet)


def hide_stories_in_explorer(parent_page, pages, request):
    return restrict_pages_for(request.user, pages)


def hide_stories_in_page_chooser(pages, request):
    return restrict_pages_for(request.user, pages, allow_settled_live=True)


def story_dashboard_panels(request, panels):
    user = request.user
    story_index = StoryIndexPage.objects.first()
    # Our "Awaiting your review" (oldest first, with the note) replaces Wagtail's.
    dropped = {"workflow_objects_to_moderate", "user_objects_in_workflow_moderation"}
    if not is_editor(user):
        # Only editors may lock pages, so "Your locked pages" is always empty for others.
        dropped.add("locked_pages")
        if not is_coach(user):
            # An author's "recent edits" are their stories, which My stories lists with
            # where each one is; two lists of the same pages confuse more than they help.
            dropped.add("recent_edits")
    panels[:] = [panel for panel in panels if panel.name not in dropped]
    panels.append(AwaitingReviewPanel())
    if story_index is not None and story_index.permissions_for_user(user).can_add_subpage():
        panels.append(WriteStoryPanel(story_index))
    if (
        not is_editor(user)
        and not is_coach(user)
        or story_index is not None
        and hasattr(user, "author_profile")
    ):
        panels.append(MyStoriesPanel())
        panels.append(CoachChangesPanel())


def site_summary_for_editors(request, summary_items):
    """The site summary ("5,000 pages, 300 images") only for editors: the site's size is
    their concern, and counting every page was the author dashboard's slowest query."""
    if not is_editor(request.user):
        summary_items[:] = []


def hide_menus_for_authors(request, menu_items):
    """Authors and coaches write and review; reports and help links are noise to them, and
    what Wagtail calls "Pages" are their stories."""
    if is_editor(request.user):
        return
    menu_items[:] = [
        _stories_entry(item) if item.name == "explorer" else item
        for item in menu_items
        if item.name not in ("reports", "help")
    ]


def _stories_entry(item):
    # Wagtail keeps one menu item instance for every request: relabel a copy, never the item.
    entry = copy.copy(item)
    entry.label = _("Stories")
    return entry


def hide_reports_for_non_editors(request, report_menu_items):
    if not is_editor(request.user):
        report_menu_items[:] = []


def register_story_log_actions(actions):
    actions.register_action(
        "stories.review_handed_over",
        _("Hand over coach review"),
        _("Coach review handed over to the new coach"),
    )
    actions.register_action(
        "stories.review_restarted",
        _("Send back to the coach"),
        _("Story changed after the coach's approval: back to the coach"),
    )
    actions.register_action(
        "stories.correction_published",
        _("Publish correction"),
        _("Correction published by an editor (outside the review workflow)"),
    )
