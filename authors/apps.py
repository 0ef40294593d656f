from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorsConfig(AppConfig):
    """People: profiles, departments, coach pairing and the storytellers pages."""

    name = "authors"
    verbose_name = _("Authors")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import m2m_changed, post_save, pre_save

        from authors import directory, signal_handlers

        request_started.connect(directory.start_request_memo, dispatch_uid="authors_memo_start")
        request_finished.connect(directory.end_request_memo, dispatch_uid="authors_memo_end")

        user_model = get_user_model()
        pre_save.connect(
            signal_handlers.remember_whether_active,
            sender=user_model,
            dispatch_uid="authors_was_active",
        )
        post_save.connect(
            signal_handlers.announce_deactivation,
            sender=user_model,
            dispatch_uid="authors_user_deactivated",
        )
        m2m_changed.connect(
            signal_handlers.release_removed_coaches,
            sender=user_model.groups.through,
            dispatch_uid="authors_coach_removed_from_group",
        )
