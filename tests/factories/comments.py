"""Wagtail page comments (and replies) and admin accounts, for the nothing-lost/GDPR tests."""

import factory
from wagtail.models import Comment, CommentReply

from tests.factories.people import UserFactory
from tests.factories.stories import StoryPageFactory


class AdminFactory(UserFactory):
    """A superuser (the Admins role: everything)."""

    is_superuser = True
    is_staff = True


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment on a story's title field."""

    page = factory.SubFactory(StoryPageFactory)
    user = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Comment {n}")
    contentpath = "title"

    class Meta:
        model = Comment


class CommentReplyFactory(factory.django.DjangoModelFactory):
    comment = factory.SubFactory(CommentFactory)
    user = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Reply {n}")

    class Meta:
        model = CommentReply
