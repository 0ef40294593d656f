"""Registration only."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from authors.panels import OwnProfileSettingsPanel
from authors.viewsets import AssignCoachBulkAction, InvitationViewSet, PeopleViewSetGroup

register_snippet(PeopleViewSetGroup)
hooks.register("register_account_settings_panel", OwnProfileSettingsPanel)
hooks.register("register_bulk_action", AssignCoachBulkAction)


@hooks.register("register_log_actions")
def register_pairing_log_actions(actions):
    actions.register_action("authors.coach_changed", _("Change coach"), _("Coach changed"))


@hooks.register("register_admin_viewset")
def register_invitation_viewset():
    return InvitationViewSet("invitations")
