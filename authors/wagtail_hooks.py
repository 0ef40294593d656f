"""Registration only."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from authors.agency import AGENCY_ACCESS_CHANGED, AGENCY_ACCESS_ENDED
from authors.agency_limits import hide_reports_from_agency_coaches
from authors.erasure import ERASE_ACTION
from authors.metadata import author_metadata
from authors.models import AuthorProfile
from authors.panels import MyDataSettingsPanel, OwnProfileSettingsPanel
from authors.permissions import AuthorProfilePermissionPolicy
from authors.views import DEACTIVATE_ACTION, download_my_data, refuse_user_bulk_delete
from authors.viewsets import AssignCoachBulkAction, InvitationViewSet, PeopleViewSetGroup

register_permission_policy(AuthorProfile, AuthorProfilePermissionPolicy(AuthorProfile))
register_snippet(PeopleViewSetGroup)
hooks.register("register_account_settings_panel", OwnProfileSettingsPanel)
hooks.register("storywerk_page_metadata", author_metadata)
hooks.register("register_bulk_action", AssignCoachBulkAction)
hooks.register("construct_reports_menu", hide_reports_from_agency_coaches)


@hooks.register("register_log_actions")
def register_pairing_log_actions(actions):
    actions.register_action("authors.coach_changed", _("Change coach"), _("Coach changed"))
    actions.register_action(
        AGENCY_ACCESS_CHANGED, _("Change agency access"), _("Agency access end date changed")
    )
    actions.register_action(AGENCY_ACCESS_ENDED, _("End agency access"), _("Agency access ended"))


@hooks.register("register_admin_viewset")
def register_invitation_viewset():
    return InvitationViewSet("invitations")


hooks.register("register_account_settings_panel", MyDataSettingsPanel)
hooks.register("before_bulk_action", refuse_user_bulk_delete)


@hooks.register("register_admin_urls")
def register_people_urls():
    return [path("my-data/", download_my_data, name="storywerk_my_data")]


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    actions.register_action(ERASE_ACTION, _("Erase personal data"), _("Personal data erased"))
    actions.register_action(DEACTIVATE_ACTION, _("Deactivate user"), _("User deactivated"))
