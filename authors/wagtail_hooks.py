"""Registration only."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from authors.panels import OwnProfileSettingsPanel
from authors.viewsets import PeopleViewSetGroup

register_snippet(PeopleViewSetGroup)
hooks.register("register_account_settings_panel", OwnProfileSettingsPanel)
