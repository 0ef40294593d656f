from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    """Stories: pages, review workflow, readership, most read, pitches, the pipeline."""

    name = "stories"
    verbose_name = _("Stories")

    def ready(self):
        from wagtail.forms import TaskStateCommentForm
        from wagtail.images import get_image_model
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from stories import cache_purge, jobs, signal_handlers
        from stories.mentions import recording as mention_receivers
        from stories.mostread import signal_handlers as mostread_receivers
        from stories.permissions import StoryImagePermissionPolicy, StoryPagePermissionPolicy
        from stories.pitches import signal_handlers as pitch_receivers
        from stories.readership import signal_handlers as readership_receivers
        from stories.review import notifications as review_receivers
        from stories.thanks import signal_handlers as thanks_receivers

        # Before any admin view asks for it (wagtail_hooks load lazily on first hook use).
        register_permission_policy(Page, StoryPagePermissionPolicy(Page))
        # Exact class: wagtail.images registers its own policy after this app's ready(), but
        # an exact-class registration takes precedence over it.
        image_model = get_image_model()
        register_permission_policy(
            image_model,
            StoryImagePermissionPolicy(
                image_model, auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
            ),
            exact_class=True,
        )
        # Wagtail 8.0.1 translates this label with a plain gettext at import time, so the
        # approve / request-changes modals showed it in the default language to everyone
        # ("Kommentar" to English-speaking reviewers); translated per request instead.
        TaskStateCommentForm.base_fields["comment"].label = _("Comment")
        # Each feature connects its own receivers, in one function of one module.
        for receivers in (
            review_receivers,
            signal_handlers,
            pitch_receivers,
            cache_purge,
            mostread_receivers,
            readership_receivers,
            mention_receivers,
            thanks_receivers,
        ):
            receivers.connect()
        jobs.register()
