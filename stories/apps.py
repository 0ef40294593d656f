from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    """Stories: pages, review workflow, readership."""

    name = "stories"
    verbose_name = _("Stories")

    def ready(self):
        from wagtail.forms import TaskStateCommentForm
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from cms.scheduler import call_command_job, register_job
        from stories import cache_purge as page_cache
        from stories import signal_handlers
        from stories.permissions import StoryPagePermissionPolicy
        from stories.review import notifications as workflow

        # Before any admin view asks for it (wagtail_hooks load lazily on first hook use).
        register_permission_policy(Page, StoryPagePermissionPolicy(Page))
        # Wagtail 8.0.1 translates this label with a plain gettext at import time, so the
        # approve / request-changes modals showed it in the default language to everyone
        # ("Kommentar" to English-speaking reviewers); translated per request instead.
        TaskStateCommentForm.base_fields["comment"].label = _("Comment")
        workflow.connect()
        signal_handlers.connect()
        page_cache.connect()
        register_job(
            "send_review_reminders", call_command_job("send_review_reminders"), seconds=86400
        )

        from django.db.models.signals import post_save
        from wagtail.signals import page_published, page_unpublished

        from authors.models import AuthorProfile
        from stories.mostread import figures
        from stories.signals import readership_flushed

        # The cached most-read figures follow publication, profile consent and each flush.
        readership_flushed.connect(figures.refresh_figures, dispatch_uid="mostread_flush")
        page_published.connect(figures.refresh_figures_for_story, dispatch_uid="mostread_pub")
        page_unpublished.connect(figures.refresh_figures_for_story, dispatch_uid="mostread_unpub")
        post_save.connect(
            figures.refresh_figures, sender=AuthorProfile, dispatch_uid="mostread_profile"
        )
        from stories.readership import dashboard_cache

        # The admin's cached readership fragments follow flushes and story/profile changes.
        dashboard_cache.connect()
        register_job("flush_readership", call_command_job("flush_readership"), seconds=60)
        register_job(
            "rotate_readership_salts",
            call_command_job("rotate_readership_salts"),
            seconds=3600,
        )
        register_job("prune_readership", call_command_job("prune_readership"), seconds=86400)
        register_job(
            "send_readership_digest",
            call_command_job("send_readership_digest"),
            seconds=3600,
        )
