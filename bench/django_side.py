"""The Django side of the benchmark, run as a subprocess with the server's environment.

python bench/django_side.py info            -> JSON: the story, author and URLs to measure
python bench/django_side.py session USER    -> a logged-in session key for USER
python bench/django_side.py queries JSON    -> JSON: DB queries per render for each URL
python bench/django_side.py counts STORY    -> JSON: today's views/readers of a story
python bench/django_side.py retitle STORY T -> save a draft revision with a new title
python bench/django_side.py totals          -> JSON: views/readers/reads over all rollups
python bench/django_side.py fill_buffer N D -> JSON: N stories x D days buffered in Redis
python bench/django_side.py buffer_state    -> JSON: pending/batch keys, recorded batches
python bench/django_side.py fingerprint     -> JSON: stories, revisions, counts (+ digest)
python bench/django_side.py draft STORY     -> JSON: a story's revisions and latest title
python bench/django_side.py plain_page      -> the URL of the baseline's plain page (made once)
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

import django  # noqa: E402

django.setup()

from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

HEAVY_AUTHOR = "bench-author-000"


def info():
    from stories.models import Audience, StoryPage

    heavy = get_user_model().objects.get(username=HEAVY_AUTHOR)
    public = StoryPage.objects.live().filter(audience=Audience.PUBLIC)
    # A typical story: the heavy author's, with a hero image.
    story = public.filter(owner=heavy, hero_image__isnull=False).order_by("pk").first()
    spare = public.exclude(pk=story.pk).order_by("-pk")
    return {
        "story_id": story.pk,
        "story_url": story.url,
        "beacon_story_id": spare[0].pk,
        "exact_story_id": spare[1].pk,
        "cluster_story_id": spare[2].pk,
        "cluster_story_url": spare[2].url,
        "author_url": heavy.author_profile.get_absolute_url(),
        "author_stories": StoryPage.objects.filter(owner=heavy).count(),
        "stories": StoryPage.objects.count(),
        "internal": StoryPage.objects.filter(audience=Audience.INTERNAL).count(),
    }


def session(username):
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def queries(spec):
    """spec: [[name, url, username-or-null], ...] -> {name: [status, queries]}."""
    results = {}
    for name, url, username in spec:
        client = Client(HTTP_HOST="127.0.0.1")
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        client.get(url)  # warm: renditions, Wagtail's site-root cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        results[name] = [response.status_code, len(captured)]
    return results


def counts(story_id):
    from stories.models import StoryDailyViews

    totals = StoryDailyViews.objects.filter(story_id=story_id, day=timezone.localdate()).aggregate(
        views=Sum("views"), readers=Sum("readers")
    )
    return {key: value or 0 for key, value in totals.items()}


def retitle(story_id, title):
    from stories.models import StoryPage

    story = StoryPage.objects.get(pk=story_id)
    story.title = title
    revision = story.save_revision(user=get_user_model().objects.get(username="bench-admin"))
    return {"revision_id": revision.pk}


def totals():
    from stories.models import StoryDailyViews

    found = StoryDailyViews.objects.aggregate(
        views=Sum("views"), readers=Sum("readers"), reads=Sum("reads")
    )
    return {key: value or 0 for key, value in found.items()}


def fill_buffer(stories, days):
    """A large pending buffer, written as the beacons' Lua script writes it (HINCRBY)."""
    import datetime

    from stories.models import ReadershipSource, StoryPage
    from stories.readership import storage

    client = storage.redis_client()
    ids = list(StoryPage.objects.live().order_by("pk").values_list("pk", flat=True)[:stories])
    today = timezone.localdate()
    sources = list(ReadershipSource.values)[:5]
    added = {"views": 0, "readers": 0, "reads": 0}
    pipe = client.pipeline(transaction=False)
    for n, story_id in enumerate(ids):
        for back in range(days):
            day = (today - datetime.timedelta(days=back)).isoformat()
            for m, source in enumerate(sources):
                prefix = f"{story_id}|{day}|{source}|"
                figures = {"views": 3 + (n + m) % 7, "readers": 1 + m, "reads": (n + back) % 3}
                for name, value in figures.items():
                    pipe.hincrby(storage.PENDING_KEY, prefix + name, value)
                    added[name] += value
        pipe.execute()
    recorded = buffer_state()["batches_recorded"]
    return {"rows": len(ids) * days * len(sources), "batches_recorded": recorded, **added}


def buffer_state():
    from stories.models import ReadershipFlushBatch
    from stories.readership import storage

    client = storage.redis_client()
    return {
        "pending": bool(client.exists(storage.PENDING_KEY)),
        "batches_in_redis": len(list(client.scan_iter(match=storage.FLUSHING_PREFIX + "*"))),
        "batches_recorded": ReadershipFlushBatch.objects.count(),
    }


def fingerprint():
    """What a restore must reproduce: stories, revisions, counts, and a digest of them."""
    import hashlib

    from wagtail.models import Revision

    from stories.models import StoryPage

    stories = list(StoryPage.objects.order_by("pk").values_list("pk", "title", "live"))
    revisions = list(
        Revision.objects.filter(object_id__in=[str(pk) for pk, _, _ in stories])
        .order_by("pk")
        .values_list("pk", "object_id", "created_at")
    )
    digest = hashlib.sha256(repr((stories, revisions, totals())).encode()).hexdigest()[:16]
    return {
        "stories": len(stories),
        "live": sum(live for _, _, live in stories),
        "revisions": len(revisions),
        **totals(),
        "digest": digest,
    }


def draft(story_id):
    from stories.models import StoryPage

    story = StoryPage.objects.get(pk=story_id)
    return {
        "revisions": story.revisions.count(),
        "title": story.get_latest_revision_as_object().title,
    }


def plain_page():
    """The baseline: a plain Wagtail page below the default site's root (bench.plain)."""
    from wagtail.models import Site

    from bench.plain.models import PlainPage

    page = PlainPage.objects.filter(slug="plain-bench").first()
    if page is None:
        root = Site.objects.get(is_default_site=True).root_page
        paragraph = (
            "<p>A plain page with a title and a body of rich text, the way a first Wagtail "
            "tutorial page looks: a <a href='https://wagtail.org/'>link</a>, <b>bold</b> and "
            "<i>italic</i> words, and enough text to be a page.</p>"
        )
        page = root.add_child(
            instance=PlainPage(title="Plain page", slug="plain-bench", body=paragraph * 6)
        )
        page.save_revision().publish()
    return page.url


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "info":
        print(json.dumps(info()))
    elif command == "session":
        print(session(args[0]))
    elif command == "queries":
        print(json.dumps(queries(json.loads(args[0]))))
    elif command == "counts":
        print(json.dumps(counts(int(args[0]))))
    elif command == "retitle":
        print(json.dumps(retitle(int(args[0]), args[1])))
    elif command == "totals":
        print(json.dumps(totals()))
    elif command == "fill_buffer":
        print(json.dumps(fill_buffer(int(args[0]), int(args[1]))))
    elif command == "buffer_state":
        print(json.dumps(buffer_state()))
    elif command == "fingerprint":
        print(json.dumps(fingerprint()))
    elif command == "plain_page":
        print(plain_page())
    elif command == "draft":
        print(json.dumps(draft(int(args[0]))))
    else:
        sys.exit(f"unknown command {command}")
