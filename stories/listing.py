"""The story index's filter choices (departments, topics), cached per audience.

Dropped when a story is published, unpublished, moved or deleted, or a department changes
(stories/signal_handlers.py).
"""

from django.core.cache import cache

FILTER_OPTIONS_KEY = "stories:filter-options:"
FILTER_OPTIONS_SECONDS = 300


def filter_options(user):
    """The story index's department and topic choices for this reader's audiences, cached.

    Both scan every listable story (~10 ms at 5,000 stories, growing with them) for choices
    that change only when a story is published, unpublished, moved or deleted, or a department
    renamed: those drop the cache (stories.signal_handlers); the timeout bounds anything else.
    """
    from authors.models import Department
    from stories.models import StoryPage, StoryTag, audiences_for

    audiences = audiences_for(user)
    key = FILTER_OPTIONS_KEY + ",".join(sorted(audiences))
    options = cache.get(key)
    if options is None:
        listable = StoryPage.objects.live().filter(audience__in=audiences)
        options = {
            "departments": [
                {"slug": slug, "name": name}
                for slug, name in Department.objects.filter(
                    pk__in=listable.values("department")
                ).values_list("slug", "name")
            ],
            "topics": list(
                StoryTag.objects.filter(content_object__in=listable)
                .values_list("tag__name", "tag__slug")
                .distinct()
                .order_by("tag__name")
            ),
        }
        cache.set(key, options, FILTER_OPTIONS_SECONDS)
    return options


def forget_filter_options():
    from stories.models import Audience

    audience_sets = [[Audience.PUBLIC], [Audience.PUBLIC, Audience.INTERNAL]]
    cache.delete_many([FILTER_OPTIONS_KEY + ",".join(sorted(a)) for a in audience_sets])
