"""The readership dashboards' expensive parts, cached in Django's cache and kept correct.

What is cached: rendered HTML fragments (an author's figures, one story's figures, the
dashboard panel) and each author's all-time totals. A fragment's key holds its subject (a
profile or a story id), the language, the reading day and the *generation tokens* of what it
depends on:

- the site token, renewed when a story is saved, published, unpublished or deleted, when its
  co-authors change or when a profile changes (titles, bylines, names: rare, human-paced);
- one token per author profile and per story, renewed when a readership flush changed the
  counts of that story (a flush touches few stories; other authors keep their cache).

Renewing a token makes the old entries unreachable (they expire on their own), so
invalidation is one cache write, never a key scan, and a figure computed from the database
before a flush can only ever be stored under the token the flush replaced.
Nothing here decides who may see what: views check permissions first, and every key names
the one profile or story whose figures it holds.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

PREFIX = "readership:dash:"
SITE = PREFIX + "token:site"
# Renewed by every flush: for fragments that sum up many authors (the editors' author list).
ANY_FLUSH = PREFIX + "token:any-flush"


def profile_token_key(profile_id):
    return f"{PREFIX}token:profile:{profile_id}"


def story_token_key(story_id):
    return f"{PREFIX}token:story:{story_id}"


def _timeout():
    return settings.STORYWERK_READERSHIP_DASHBOARD_CACHE_SECONDS


def tokens(keys):
    """{token key: token}, creating the missing ones (a missing token is a fresh one)."""
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # add(): two processes creating the same token agree on whichever came first.
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key)
    return found


def renew(keys):
    """Make everything cached under these tokens unreachable."""
    if keys:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)


def _key(name, ident, today, token_values):
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"{PREFIX}{name}:{ident}:{language}:{today.isoformat()}:{'.'.join(token_values)}"


def fragment(name, ident, today, *, profiles=(), stories=(), any_flush=False, render):
    """The cached HTML of fragment `name` for subject `ident`; `render()` builds it on a miss.

    `profiles` / `stories`: ids whose readership flushes must refresh this fragment;
    `any_flush`: every flush refreshes it.
    """
    keys = [SITE, *map(profile_token_key, profiles), *map(story_token_key, stories)]
    if any_flush:
        keys.append(ANY_FLUSH)
    found = tokens(keys)
    key = _key(name, ident, today, [found[k] for k in keys])
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, _timeout())
    return html


def per_profile(name, profile_ids, today, compute):
    """{profile_id: value} with one cached value per profile; `compute(missing_ids)` fills in
    the missing ones (one call for all of them, so a cold cache costs one computation)."""
    if not profile_ids:
        return {}
    token_keys = {pid: profile_token_key(pid) for pid in profile_ids}
    found = tokens([SITE, *token_keys.values()])
    keys = {
        pid: _key(name, pid, today, [found[SITE], found[token_keys[pid]]]) for pid in profile_ids
    }
    cached = cache.get_many(list(keys.values()))
    values = {pid: cached[key] for pid, key in keys.items() if key in cached}
    missing = [pid for pid in profile_ids if pid not in values]
    if missing:
        computed = compute(missing)
        cache.set_many({keys[pid]: computed[pid] for pid in missing}, _timeout())
        values.update(computed)
    return values


# --- invalidation (receivers connected in StoriesConfig.ready) -------------------------------


def renew_after_flush(sender, stories=(), **kwargs):
    """readership_flushed: the counted stories and every author of them (two small queries)."""
    from stories.models import StoryCoAuthor, StoryPage

    story_ids = list(stories)
    if not story_ids:
        return
    profile_ids = set(
        StoryPage.objects.filter(pk__in=story_ids, owner__author_profile__isnull=False)
        .values_list("owner__author_profile", flat=True)
        .order_by()
    )
    profile_ids |= set(
        StoryCoAuthor.objects.filter(page_id__in=story_ids)
        .values_list("profile_id", flat=True)
        .order_by()
    )
    renew([ANY_FLUSH, *map(story_token_key, story_ids), *map(profile_token_key, profile_ids)])


def renew_site(sender=None, **kwargs):
    """A story or a profile changed: titles, bylines or who wrote what may differ."""
    renew([SITE])


def renew_site_for_story(sender, instance=None, **kwargs):
    """page_published / page_unpublished: only stories matter to the dashboards."""
    from stories.models import StoryPage

    if isinstance(instance, StoryPage):
        renew_site()


def renew_site_for_story_schedule(sender, instance, update_fields=None, **kwargs):
    """A live story scheduled or unscheduled: Wagtail saves only the revision, not the page.

    (A new draft saves the page too, which renew_site already follows.)
    """
    scheduling = bool(update_fields) and "approved_go_live_at" in update_fields
    if scheduling and instance.content_type_id == _story_content_type_id():
        renew_site()


def renew_site_for_story_review(sender, instance, **kwargs):
    """A review step started, approved, rejected or cancelled: My stories shows the state.

    `instance` is a TaskState (task_* signals) or a WorkflowState (workflow_* signals).
    """
    workflow_state = getattr(instance, "workflow_state", instance)
    if workflow_state.content_type_id == _story_content_type_id():
        renew_site()


def _story_content_type_id():
    from django.contrib.contenttypes.models import ContentType

    from stories.models import StoryPage

    return ContentType.objects.get_for_model(StoryPage).pk
