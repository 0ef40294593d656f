"""Receivers of readership, connected in StoriesConfig.ready()."""


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail import signals as wagtail_signals
    from wagtail.models import Revision
    from wagtail.signals import page_published, page_unpublished

    from authors.models import AuthorProfile
    from stories.models import StoryCoAuthor, StoryPage
    from stories.readership import storage
    from stories.readership.dashboard_cache import (
        renew_after_flush,
        renew_site,
        renew_site_for_story,
        renew_site_for_story_review,
        renew_site_for_story_schedule,
    )
    from stories.signals import readership_flushed

    # An anonymous beacon trusts Redis for a story's state: drop it whenever that changes.
    for signal, uid in (
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_delete, "deleted"),
    ):
        signal.connect(
            storage.story_changed, sender=StoryPage, dispatch_uid=f"readership_story_{uid}"
        )
    # The admin's cached readership fragments follow flushes and story/profile changes.
    readership_flushed.connect(renew_after_flush, dispatch_uid="readership_dash_flush")
    page_published.connect(renew_site_for_story, dispatch_uid="readership_dash_pub")
    page_unpublished.connect(renew_site_for_story, dispatch_uid="readership_dash_unpub")
    post_save.connect(renew_site_for_story_schedule, sender=Revision, dispatch_uid="dash_rev")
    for name in (
        "task_submitted",
        "task_approved",
        "task_rejected",
        "task_cancelled",
        "workflow_submitted",
        "workflow_approved",
        "workflow_rejected",
        "workflow_cancelled",
    ):
        getattr(wagtail_signals, name).connect(
            renew_site_for_story_review, dispatch_uid=f"readership_dash_{name}"
        )
    for model in (StoryPage, StoryCoAuthor, AuthorProfile):
        uid = f"readership_dash_{model._meta.model_name}"
        post_save.connect(renew_site, sender=model, dispatch_uid=uid + "_save")
        post_delete.connect(renew_site, sender=model, dispatch_uid=uid + "_delete")
