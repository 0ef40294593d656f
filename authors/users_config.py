"""Wagtail's users app with Storywerk's user viewset (no deletion: deactivate instead).

Listed in INSTALLED_APPS in place of "wagtail.users" (the documented way to swap the user
viewset); it lives outside authors/apps.py so that module keeps a single AppConfig.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class StorywerkUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "authors.viewsets.StorywerkUserViewSet"
