"""Registration only."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem

from cms import admin_api, editor_session, two_factor, views
from cms.panels import TwoFactorSettingsPanel

hooks.register("register_account_settings_panel", TwoFactorSettingsPanel)
hooks.register("register_admin_urls", editor_session.admin_urls)
hooks.register("insert_editor_js", editor_session.editor_js)


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", views.TwoFactorSetupView.as_view(), name=two_factor.SETUP_URL_NAME),
        path(
            "two-factor/verify/",
            views.TwoFactorVerifyView.as_view(),
            name=two_factor.VERIFY_URL_NAME,
        ),
        path(
            "two-factor/remove/",
            views.TwoFactorRemoveView.as_view(),
            name="storywerk_two_factor_remove",
        ),
        path(
            "two-factor/reset/<int:pk>/",
            views.TwoFactorResetView.as_view(),
            name="storywerk_two_factor_reset",
        ),
    ]


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if two_factor.may_reset(request_user, user) and two_factor.has_confirmed_device(
        user, request_user=request_user
    ):
        yield MenuItem(
            _("Reset two-factor"),
            url=reverse("storywerk_two_factor_reset", args=(user.pk,)),
            icon_name="key",
            priority=40,
        )


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    actions.register_action(
        two_factor.ENABLED_ACTION, _("Turn on two-factor"), _("Two-factor authentication on")
    )
    actions.register_action(
        two_factor.REMOVED_ACTION,
        _("Remove two-factor"),
        _("Two-factor authentication removed by the user"),
    )
    actions.register_action(
        two_factor.RESET_ACTION,
        _("Reset two-factor"),
        _("Two-factor authentication reset by an administrator"),
    )


# Last (order), so it wraps the endpoints every other hook registered.
hooks.register("construct_admin_api", admin_api.bound_admin_api_pagination, order=1000)
