"""The comment and admin factories build valid objects."""

import pytest

from tests.factories import AdminFactory, CommentFactory, CommentReplyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [AdminFactory, CommentFactory, CommentReplyFactory])
def test_factory_builds_a_valid_object(factory):
    obj = factory()
    obj.full_clean(exclude=["password"])
    assert obj.pk is not None


def test_admin_factory_builds_a_superuser():
    assert AdminFactory().is_superuser
