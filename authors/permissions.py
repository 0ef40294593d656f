"""Permission policies for people (registered in wagtail_hooks)."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy

# "Nothing lost": a profile is erased (anonymised), never deleted, because deleting it would
# drop the author's co-authorships; the erase action has its own permission (Editors).
NEVER_ALLOWED = frozenset({"delete"})


class AuthorProfilePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody (superusers included) may delete a profile."""

    def user_has_permission(self, user, action):
        if action in NEVER_ALLOWED:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in NEVER_ALLOWED]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)
