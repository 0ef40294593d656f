"""The "Story review" workflow as data: coach review, then editorial review.

`ensure_review_workflow(apps)` works with migration-time models and is idempotent; the data
migration calls it, and so does `seed_demo` (in case a database predates it).

`finish_story_review` is the workflow's finishing action (WAGTAIL_FINISH_WORKFLOW_ACTION). Wagtail
imports it while its own models load: this module imports no models at the top.
"""

from django.apps import apps as global_apps

WORKFLOW_NAME = "Story review"
COACH_TASK_NAME = "Coach review"
EDITOR_TASK_NAME = "Editorial review"


def _task(apps, model_label, name):
    app_label, model_name = model_label.split(".")
    Model = apps.get_model(app_label, model_name)
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model_name.lower()
    )
    task = Model.objects.filter(name=name).first()
    if task is None:
        # Historical models skip Task.__init__'s content type logic: set it by hand.
        task = Model.objects.create(name=name, content_type=content_type, active=True)
    return task


def ensure_review_workflow(apps=global_apps):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Group = apps.get_model("auth", "Group")
    StoryIndexPage = apps.get_model("stories", "StoryIndexPage")
    from authors.models import EDITORS_GROUP

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    coach_task = _task(apps, "stories.CoachReviewTask", COACH_TASK_NAME)
    editor_task = _task(apps, "wagtailcore.GroupApprovalTask", EDITOR_TASK_NAME)
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    editor_task.groups.add(editors)
    for order, task in enumerate([coach_task, editor_task]):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    story_index = StoryIndexPage.objects.order_by("path").first()
    if story_index is not None:
        WorkflowPage.objects.update_or_create(
            page_id=story_index.pk, defaults={"workflow": workflow}
        )
    return workflow


def finish_story_review(workflow_state, user=None):
    """Publish what the reviewers saw, or send the story back to the coach."""
    from stories.review.notifications import publish_reviewed_revision

    return publish_reviewed_revision(workflow_state, user=user)
