"""Image filters parsed once per process (cms.models.shared_filter), renditions unchanged."""

import pytest
from wagtail.images.models import Filter

from cms.models import shared_filter
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def test_the_same_spec_is_one_parsed_filter():
    assert shared_filter("fill-40x40") is shared_filter("fill-40x40")
    assert shared_filter("fill-40x40") == Filter(spec="fill-40x40")


def test_renditions_by_spec_string_are_found_as_before(monkeypatch):
    image = ImageFactory()
    first = image.get_renditions("fill-40x40", "width-60")
    assert set(first) == {"fill-40x40", "width-60"}
    assert image.get_rendition("fill-40x40").filter_spec == first["fill-40x40"].filter_spec
    assert (first["fill-40x40"].width, first["fill-40x40"].height) == (40, 40)

    made = []
    real_init = Filter.__init__

    def counting_init(self, spec=None):
        made.append(spec)
        real_init(self, spec=spec)

    monkeypatch.setattr(Filter, "__init__", counting_init)
    for _ in range(3):
        image.get_renditions("fill-40x40")
        image.get_rendition("width-60")
    # Before: a new Filter (its operations parsed again) on every lookup.
    assert made == []
