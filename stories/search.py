"""/search/: stories and storytellers a reader may see, whatever they type."""

import logging
import re

from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.template.response import TemplateResponse
from wagtail.search.backends import get_search_backend

from authors.models import AuthorProfile, ProfileVisibility
from cms.document_cache import cached_value
from stories.models import StoryPage, audiences_for, is_employee

SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 12
SEARCH_PER_PAGE = 20
# Ranked results kept per query (50 pages); nobody pages further, and the cap bounds the sort.
SEARCH_MAX_RESULTS = 1000
# Only letters and digits reach the backend: quotes, brackets, "*", ":" or NUL are query
# syntax (or errors) in SQLite FTS5 and PostgreSQL, and readers never mean them as such.
_NOT_A_WORD = re.compile(r"[\W_]+")

logger = logging.getLogger(__name__)


def clean_search_query(raw):
    """What a person or a bot typed, as plain words any search backend accepts ("" if none).

    Words are lower-cased so FTS operators (AND, OR, NOT, NEAR) are plain words too.
    """
    words = _NOT_A_WORD.sub(" ", (raw or "")[: SEARCH_MAX_LENGTH * 4]).lower().split()
    return " ".join(words[:SEARCH_MAX_WORDS])[:SEARCH_MAX_LENGTH].strip()


def _ranked_ids(query, audiences, visibilities):
    """(story ids, profile ids) matching the query, best first: one ranked query each."""
    # Only the ids, at most SEARCH_MAX_RESULTS: no COUNT query beside the ranked one, and
    # the cards are re-read below with their relations.
    stories = StoryPage.objects.live().filter(audience__in=audiences)
    if connection.vendor == "sqlite":
        story_ids = _sqlite_ranked_ids(query, stories)
    else:
        story_ids = [
            story.pk
            for story in stories.only("pk").search(query, operator="and")[:SEARCH_MAX_RESULTS]
        ]
    profiles = get_search_backend().search(
        query,
        AuthorProfile.objects.filter(profile_visibility__in=visibilities),
        operator="and",
    )[:SEARCH_PER_PAGE]
    return story_ids, [profile.pk for profile in profiles]


def _sqlite_ranked_ids(query, stories):
    """The stock SQLite ranking in one pass over the FTS5 matches.

    Why: the database backend's SQLite query ranks with a correlated subquery that runs the
    FTS MATCH again for every candidate story: 30 s for two words found in 4,500 of 5,000
    stories (bench/results.md). Here the matches are ranked once with the same score
    (bm25 x title_norm + bm25, lower is better), then kept if the reader may see the story.
    `query` holds only lower-case letters and digits (clean_search_query).
    """
    from django.contrib.contenttypes.models import ContentType

    match = "{title body} : (" + " AND ".join(f'"{word}"' for word in query.split()) + ")"
    content_type = ContentType.objects.get_for_model(StoryPage).pk
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT e."object_id" FROM "wagtailsearch_indexentry_fts" f '
            'INNER JOIN "wagtailsearch_indexentry" e ON f."rowid" = e."id" '
            'WHERE "wagtailsearch_indexentry_fts" MATCH %s AND e."content_type_id" = %s '
            'ORDER BY bm25("wagtailsearch_indexentry_fts") * e."title_norm" '
            '+ bm25("wagtailsearch_indexentry_fts") ASC, CAST(e."object_id" AS INTEGER) DESC',
            [match, content_type],
        )
        ranked = [int(row[0]) for row in cursor.fetchall()]
    visible = set(stories.filter(pk__in=ranked).values_list("pk", flat=True))
    return [pk for pk in ranked if pk in visible][:SEARCH_MAX_RESULTS]


def _search_results(query, user, page_number):
    """(stories page, profiles) for a cleaned query; (None, []) if the backend still balks."""
    audiences = [str(audience) for audience in audiences_for(user)]
    visibilities = [ProfileVisibility.PUBLIC.value]
    if is_employee(user):
        visibilities.append(ProfileVisibility.INTERNAL.value)
    try:
        # A savepoint, so a backend error cannot break the surrounding transaction.
        with transaction.atomic():
            # The ranking is the same for every reader with the same audiences: kept in the
            # shared cache until the next publish, unpublish or profile change renews it
            # (the purge of the story listing paths, stories/cache_purge.py).
            story_ids, profile_ids = cached_value(
                "/search/",
                (query, *audiences, "|", *visibilities),
                lambda: _ranked_ids(query, audiences, visibilities),
            )
    except DatabaseError:
        logger.warning("Search backend rejected a cleaned query of %d characters", len(query))
        return None, []
    story_page = Paginator(story_ids, SEARCH_PER_PAGE).get_page(page_number)
    page_ids = list(story_page.object_list)
    # Re-read the page's stories with their byline relations in two queries, with the
    # audience filter again: what is shown never depends on the cache alone.
    by_pk = (
        StoryPage.objects.live()
        .filter(audience__in=audiences)
        .with_listing_relations()
        .in_bulk(page_ids)
    )
    story_page.object_list = [by_pk[pk] for pk in page_ids if pk in by_pk]
    # Deactivated people have no profile page: drop them here (not a search filter field).
    people = (
        AuthorProfile.objects.visible_to(user)
        .select_related("department", "photo")
        .in_bulk(profile_ids)
    )
    return story_page, [people[pk] for pk in profile_ids if pk in people]


def search(request):
    """/search/?q=: stories and storytellers this reader may see, with Wagtail search.

    Filters on `audience` (never `.public()`, see stories.models.pages) and on profile
    visibility; anything typed gives results or "no results", never an error.
    """
    # What the reader typed, for display only (escaped by the template, controls removed).
    typed = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", request.GET.get("q", "")).split())
    typed = typed[:SEARCH_MAX_LENGTH]
    query = clean_search_query(typed)
    story_page, profiles = None, []
    if query:
        story_page, profiles = _search_results(query, request.user, request.GET.get("page"))
    return TemplateResponse(
        request,
        "stories/search.html",
        {
            "query": query,
            "typed": typed,
            "stories": story_page.object_list if story_page else [],
            "page_obj": story_page,
            "profiles": profiles,
            "searched": bool(typed),
        },
    )
