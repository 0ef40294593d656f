import factory
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from stories.models import Audience, StoryIndexPage, StoryPage


def story_body(words=120):
    text = " ".join(["word"] * words)
    return [("paragraph", RichText(f"<p>{text}</p>")), ("heading", "A heading")]


class ImageFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.LazyFunction(get_test_image_file)
    alt_text = "A test picture"

    class Meta:
        model = get_image_model()


class StoryPageFactory(factory.Factory):
    """A story below the site's story index; live unless `live=False` (then a draft revision).

    `owner` is the author user; `co_authors` a list of AuthorProfiles.
    """

    title = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    teaser = "A short teaser."
    audience = Audience.PUBLIC
    body = factory.LazyFunction(story_body)
    owner = None
    live = True

    class Meta:
        model = StoryPage

    @classmethod
    def _create(cls, model_class, *args, co_authors=(), topics=(), **kwargs):
        live = kwargs.pop("live")
        index = StoryIndexPage.objects.get()
        page = model_class(live=live, **kwargs)
        if page.owner is not None and page.department is None:
            profile = getattr(page.owner, "author_profile", None)
            page.department = profile.department if profile else None
        index.add_child(instance=page)
        for order, profile in enumerate(co_authors):
            page.co_authors.create(profile=profile, sort_order=order)
        if co_authors and not live:
            # As the editor does for a page that is not live: the co-author rows are stored.
            page.save()
        if topics:
            page.topics.add(*topics)
        revision = page.save_revision(user=page.owner)
        if live:
            revision.publish()
            page.refresh_from_db()
        return page
