"""A large, realistic data set for `make bench`: 500 authors, 5,000 stories, 2 years of rollups.

Everything is bulk-inserted (a save per row would take the better part of an hour): users,
profiles, page rows with hand-computed treebeard paths below the story index (the same
4-character base-36 steps treebeard uses, verified by `Page.find_problems()` in the tests),
the story rows of the multi-table child, co-authors, topics and the daily rollups.

Readership follows a sparse long tail: a few popular stories are read every day, most on a
handful of days after publication. At scale 1 that is roughly half a million rollup rows and
tens of millions of views.
"""

import datetime
import math
import random
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from authors.models import (
    AUTHORS_GROUP,
    COACHES_GROUP,
    EDITORS_GROUP,
    AuthorProfile,
    Department,
    Level,
    ProfileVisibility,
)
from cms.roles import ensure_roles
from cms.site_structure import ensure_site_structure
from stories.demo_images import draw_picture
from stories.models import (
    Audience,
    StoryCoAuthor,
    StoryDailyViews,
    StoryIndexPage,
    StoryPage,
    StoryTag,
)

USERNAME_PREFIX = "bench-"
# The benchmark logs in as this author (who owns `heavy_author_stories` stories) and as the editor.
HEAVY_AUTHOR = "bench-author-000"
BENCH_EDITOR = "bench-editor"
BENCH_ADMIN = "bench-admin"
DEFAULT_PASSWORD = "bench-password-1234"  # noqa: S105 - bench data only, printed on purpose

DEPARTMENTS = [
    "Assembly",
    "Controlling",
    "Customer Service",
    "Engineering",
    "Facilities",
    "Finance",
    "IT",
    "Legal",
    "Logistics",
    "Marketing",
    "People & Culture",
    "Procurement",
    "Production",
    "Quality",
    "Research",
    "Sales",
]
TOPICS = [
    "apprenticeship",
    "careers",
    "customers",
    "culture",
    "engineering",
    "events",
    "innovation",
    "maintenance",
    "night shift",
    "projects",
    "quality",
    "safety",
    "sustainability",
    "teamwork",
    "travel",
]
WORDS = [
    *("shift", "line", "customer", "team", "plant", "project", "prototype", "colleague"),
    *("morning", "quality", "machine", "training", "trust", "problem", "solution", "weekend"),
    *("market", "order", "delivery", "idea", "question", "answer", "apprentice", "coach"),
    *("change", "workshop", "result", "lesson"),
]
SOURCES = ["direct", "search", "social", "internal", "linkedin", "newsletter", "email", "xing"]
SOURCE_WEIGHTS = [40, 20, 8, 15, 7, 5, 3, 2]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BATCH = 2000


def _base36(number, width=4):
    out = ""
    while number:
        number, rem = divmod(number, 36)
        out = ALPHABET[rem] + out
    return out.rjust(width, "0")


def _sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


class Command(BaseCommand):
    help = "Bulk-create the benchmark data set (authors, stories, 2 years of daily rollups)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply authors and stories (1.0 = 500 authors, 5,000 stories).",
        )
        parser.add_argument("--days", type=int, default=730, help="Days of readership history.")
        parser.add_argument(
            "--heavy-author-stories",
            type=int,
            default=200,
            help="Stories owned by bench-author-000 (the dashboard benchmark's author).",
        )
        parser.add_argument("--images", type=int, default=12, help="Distinct hero images.")
        parser.add_argument("--seed", type=int, default=8, help="Random seed (deterministic).")
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument(
            "--no-search-index", action="store_true", help="Skip indexing stories for search."
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing (and succeed) when the bench data is already there.",
        )

    def handle(self, *args, **options):
        if get_user_model().objects.filter(username=HEAVY_AUTHOR).exists():
            if options["if_missing"]:
                self._analyze()
                self.stdout.write("Bench data already present (statistics refreshed).")
                return
            raise CommandError(
                "Bench data already present in this database; seed a fresh database instead."
            )
        self.rng = random.Random(options["seed"])
        scale = options["scale"]
        n_authors = max(2, round(500 * scale))
        n_stories = max(n_authors, round(5000 * scale))
        heavy = min(options["heavy_author_stories"], n_stories // 2)
        with transaction.atomic():
            ensure_site_structure()
            ensure_roles()
            departments = self._departments()
            editor, profiles = self._people(n_authors, departments, options["password"])
            images = self._images(options["images"])
            stories = self._stories(n_stories, heavy, profiles, images, editor)
            self._co_authors_and_topics(stories, profiles)
            views = self._rollups(stories, options["days"])
        if not options["no_search_index"]:
            self._index(stories)
        self._analyze()
        self.stdout.write(
            f"Seeded {n_authors} authors, {len(stories)} stories "
            f"({sum(s.audience == Audience.INTERNAL for s in stories)} internal), "
            f"{views[0]} rollup rows, {views[1]} views. "
            f"Log in as {HEAVY_AUTHOR} / {BENCH_EDITOR} / {BENCH_ADMIN} "
            f"with password {options['password']!r}."
        )

    @staticmethod
    def _analyze():
        """Give the planner statistics of the bulk-loaded tables.

        Why: autovacuum may be off or late (it was off on the bench machine) and without
        statistics PostgreSQL picked sequential scans over the 285,000 rollup rows.
        """
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def _departments(self):
        existing = set(Department.objects.values_list("slug", flat=True))
        new = []
        for name in DEPARTMENTS:
            slug = "bench-" + name.lower().replace(" & ", "-").replace(" ", "-")
            if slug not in existing:
                new.append(Department(name=f"{name} (bench)", slug=slug))
        Department.objects.bulk_create(new)
        return list(Department.objects.filter(slug__startswith="bench-").order_by("pk"))

    def _people(self, n_authors, departments, password):
        User = get_user_model()
        # One hash for everyone: hashing 500 passwords would dominate the run time.
        hashed = make_password(password)
        now = timezone.now()
        specs = [(BENCH_ADMIN, EDITORS_GROUP), (BENCH_EDITOR, EDITORS_GROUP)]
        specs += [(f"bench-coach-{i:02d}", COACHES_GROUP) for i in range(5)]
        specs += [(f"bench-author-{i:03d}", AUTHORS_GROUP) for i in range(n_authors)]
        users = User.objects.bulk_create(
            [
                User(
                    username=username,
                    email=f"{username}@bench.example",
                    first_name=username.split("-")[1].capitalize(),
                    last_name=username.rsplit("-", 1)[1],
                    password=hashed,
                    is_superuser=username == BENCH_ADMIN,
                    is_staff=username == BENCH_ADMIN,
                    date_joined=now,
                )
                for username, _ in specs
            ]
        )
        users = {u.username: u for u in User.objects.filter(username__startswith=USERNAME_PREFIX)}
        groups = {g.name: g for g in Group.objects.filter(name__in=[s[1] for s in specs])}
        Membership = User.groups.through
        Membership.objects.bulk_create(
            [
                Membership(user_id=users[username].pk, group_id=groups[group].pk)
                for username, group in specs
                if username != BENCH_ADMIN
            ]
        )
        coaches = [users[f"bench-coach-{i:02d}"] for i in range(5)]
        levels = Level.values
        visibilities = [ProfileVisibility.PUBLIC] * 6 + [
            ProfileVisibility.INTERNAL,
            ProfileVisibility.INTERNAL,
            ProfileVisibility.HIDDEN,
        ]
        profiles = []
        for i, (username, group) in enumerate(specs):
            if username == BENCH_ADMIN:
                continue
            profiles.append(
                AuthorProfile(
                    user=users[username],
                    display_name=f"{users[username].first_name} {i:03d}",
                    slug=username,
                    department=departments[i % len(departments)],
                    level=levels[i % len(levels)],
                    job_title=_sentence(self.rng, 2)[:-1],
                    bio=_sentence(self.rng, 20),
                    coach=coaches[i % len(coaches)] if group == AUTHORS_GROUP else None,
                    profile_visibility=(
                        ProfileVisibility.PUBLIC
                        if username == HEAVY_AUTHOR
                        else self.rng.choice(visibilities)
                    ),
                    show_on_leaderboards=self.rng.random() < 0.4,
                )
            )
        AuthorProfile.objects.bulk_create(profiles)
        profiles = list(
            AuthorProfile.objects.filter(user__username__startswith="bench-author-").select_related(
                "user"
            )
        )
        profiles.sort(key=lambda p: p.user.username)
        return users[BENCH_EDITOR], profiles

    def _images(self, count):
        Image = get_image_model()
        images = []
        for i in range(count):
            # Few, small originals: renditions are what the pages serve.
            images.append(
                Image.objects.create(
                    title=f"Bench picture {i}",
                    file=draw_picture(1000 + i, size=(960, 540)),
                    alt_text=f"Abstract picture {i}",
                )
            )
        return images

    def _stories(self, n_stories, heavy, profiles, images, editor):
        rng = self.rng
        index = StoryIndexPage.objects.get()
        locale = Locale.objects.order_by("pk").first()
        content_type = ContentType.objects.get_for_model(StoryPage)
        last_child = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        last_child = last_child.order_by("-path").values_list("path", flat=True).first()
        first_step = int(last_child[-4:], 36) + 1 if last_child else 1
        now = timezone.now()
        # Owners: the heavy author first, then a long tail (a few prolific authors, many with one).
        owners = [profiles[0]] * heavy
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(profiles) - 1)]
        owners += rng.choices(profiles[1:], weights=weights, k=n_stories - heavy)
        # Everyone but the heavy author writes at least one story when there is room.
        for i, profile in enumerate(profiles[1:]):
            if heavy + i < n_stories:
                owners[heavy + i] = profile
        rng.shuffle(owners)

        pages, details = [], []
        for i, profile in enumerate(owners):
            title = f"{_sentence(rng, rng.randint(3, 7))[:-1]} #{i}"
            published = now - datetime.timedelta(minutes=rng.randint(60, 730 * 24 * 60))
            slug = f"bench-story-{i:05d}"
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=index.path + _base36(first_step + i),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    owner_id=profile.user_id,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )
            body = []
            for _ in range(rng.randint(4, 12)):
                body.append(
                    {
                        "type": "paragraph",
                        "value": "<p>"
                        + " ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(5))
                        + "</p>",
                        "id": str(uuid.UUID(int=rng.getrandbits(128))),
                    }
                )
                if rng.random() < 0.3:
                    body.append(
                        {
                            "type": "heading",
                            "value": _sentence(rng, 4)[:-1],
                            "id": str(uuid.UUID(int=rng.getrandbits(128))),
                        }
                    )
            words = sum(len(block["value"].split()) for block in body)
            details.append(
                {
                    "teaser": _sentence(rng, rng.randint(10, 25)),
                    "hero_image": rng.choice(images) if images and rng.random() < 0.8 else None,
                    "hero_image_alt": "",
                    "body": body,
                    "department_id": profile.department_id,
                    "content_language": rng.choice(["de", "en"]),
                    "audience": Audience.INTERNAL if i % 10 == 9 else Audience.PUBLIC,
                    "reading_minutes": max(1, math.ceil(words / 200)),
                }
            )
        pages = Page.objects.bulk_create(pages, batch_size=BATCH)
        pairs = zip(pages, details, strict=True)
        stories = [StoryPage(page_ptr_id=page.pk, **detail) for page, detail in pairs]
        # Django's bulk_create refuses multi-table children; the parent rows exist already, so
        # insert only the child table's columns (what Model.save does for each row, batched).
        fields = StoryPage._meta.local_concrete_fields
        for start in range(0, len(stories), BATCH):
            StoryPage._base_manager._insert(stories[start : start + BATCH], fields=fields)
        Page.objects.filter(pk=index.pk).update(
            numchild=Page.objects.filter(path__startswith=index.path, depth=index.depth + 1).count()
        )
        stories = list(
            StoryPage.objects.filter(slug__startswith="bench-story-")
            .only("pk", "audience", "first_published_at", "owner_id")
            .order_by("pk")
        )
        return stories

    def _co_authors_and_topics(self, stories, profiles):
        rng = self.rng
        co_authors = []
        for story in stories:
            if rng.random() < 0.08:
                others = [p for p in rng.sample(profiles, 2) if p.user_id != story.owner_id]
                for order, profile in enumerate(others[:1] if rng.random() < 0.7 else others):
                    co_authors.append(
                        StoryCoAuthor(page_id=story.pk, profile=profile, sort_order=order)
                    )
        StoryCoAuthor.objects.bulk_create(co_authors, batch_size=BATCH)
        for name in TOPICS:
            Tag.objects.get_or_create(name=name, defaults={"slug": name.replace(" ", "-")})
        tags = list(Tag.objects.filter(name__in=TOPICS))
        StoryTag.objects.bulk_create(
            [
                StoryTag(content_object_id=story.pk, tag=tag)
                for story in stories
                for tag in rng.sample(tags, rng.randint(0, 2))
            ],
            batch_size=BATCH,
        )

    def _rollups(self, stories, days):
        """Sparse long tail: popularity ~ Pareto; popular stories read daily, most rarely."""
        rng = self.rng
        today = timezone.localdate()
        rows, total_views = 0, 0
        batch = []
        for story in stories:
            published = timezone.localdate(story.first_published_at)
            age = min((today - published).days, days - 1)
            popularity = rng.paretovariate(1.3)  # >= 1, heavy tail
            # The launch week: most of a story's readers come in the first days.
            launch = [published + datetime.timedelta(days=d) for d in range(min(age + 1, 7))]
            # Afterwards: a popular story is read on most days, an ordinary one on a few.
            p_day = min(1.0, 0.01 * popularity**1.5)
            later = [
                today - datetime.timedelta(days=d)
                for d in range(max(0, age - 6))
                if rng.random() < p_day
            ]
            for n, day in enumerate(launch + later):
                base = popularity * (40 / (n + 1) if n < len(launch) else 6)
                for source in set(rng.choices(SOURCES, SOURCE_WEIGHTS, k=rng.randint(1, 3))):
                    views = max(1, int(rng.expovariate(1 / base)))
                    readers = max(1, int(views * rng.uniform(0.6, 0.9)))
                    reads = int(readers * rng.uniform(0.2, 0.6))
                    batch.append(
                        StoryDailyViews(
                            story_id=story.pk,
                            day=day,
                            source=source,
                            views=views,
                            readers=readers,
                            reads=reads,
                        )
                    )
                    total_views += views
            if len(batch) >= 10 * BATCH:
                StoryDailyViews.objects.bulk_create(batch, batch_size=BATCH)
                rows += len(batch)
                batch = []
        StoryDailyViews.objects.bulk_create(batch, batch_size=BATCH)
        rows += len(batch)
        return rows, total_views

    def _index(self, stories):
        """Index the new stories and profiles for site search (the bulk insert bypassed it)."""
        backend = get_search_backend()
        pks = [story.pk for story in stories]
        for model, queryset in [
            (StoryPage, StoryPage.objects.filter(pk__in=pks)),
            (AuthorProfile, AuthorProfile.objects.filter(slug__startswith=USERNAME_PREFIX)),
        ]:
            for start in range(0, queryset.count(), 500):
                backend.add_bulk(model, list(queryset.order_by("pk")[start : start + 500]))
