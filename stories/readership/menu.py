"""The readership admin: its menu item and its URLs."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from stories.readership import overview, permissions, story_stats


class ReadershipMenuItem(MenuItem):
    """Shown to authors (own figures), coaches (their authors') and editors (everyone's)."""

    def is_shown(self, request):
        return permissions.shows_menu_item(request.user)


def readership_menu_item():
    return ReadershipMenuItem(
        _("My readership"), reverse("readership_index"), icon_name="view", order=250
    )


def readership_admin_urls():
    return [
        path("readership/", overview.ReadershipIndexView.as_view(), name="readership_index"),
        path(
            "readership/author/<int:profile_id>/",
            overview.AuthorReadershipView.as_view(),
            name="readership_author",
        ),
        path(
            "readership/story/<int:story_id>/",
            story_stats.StoryReadershipView.as_view(),
            name="readership_story",
        ),
    ]
