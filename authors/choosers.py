"""The author profile chooser (the co-author field of a story): erased profiles are not
offered. A story that already credits one keeps it (stories.forms keeps the chosen value)."""

from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)

from authors.models import AuthorProfile


class NotErasedMixin:
    def get_object_list(self):
        return AuthorProfile.objects.not_erased()


class AuthorProfileChooseView(NotErasedMixin, ChooseView):
    pass


class AuthorProfileChooseResultsView(NotErasedMixin, ChooseResultsView):
    pass


class AuthorProfileChooserViewSet(SnippetChooserViewSet):
    choose_view_class = AuthorProfileChooseView
    choose_results_view_class = AuthorProfileChooseResultsView
