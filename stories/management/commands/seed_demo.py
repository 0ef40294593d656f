"""Demo people and stories; running it twice changes nothing."""

import datetime
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

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
from stories.demo_images import draw_picture, draw_portrait
from stories.demo_readership import seed_demo_readership
from stories.forms import pending_coach_note
from stories.models import Audience, StoryCoAuthor, StoryIndexPage, StoryPage
from stories.review.notifications import notifications_muted
from stories.review.setup import ensure_review_workflow

DEFAULT_PASSWORD = "storywerk-demo"  # noqa: S105 - demo only, printed on purpose

# Finance has no storyteller yet: the representation report shows the gap.
DEPARTMENTS = ["Engineering", "Production", "Sales", "People & Culture", "Finance"]

# username, display name, group, department, level, job title, visibility, leaderboard opt-in
PEOPLE = [
    (
        "author",
        "Anna Berger",
        AUTHORS_GROUP,
        "Engineering",
        Level.PROFESSIONAL,
        "Service engineer",
        ProfileVisibility.PUBLIC,
        True,
    ),
    (
        "author2",
        "Ben Okafor",
        AUTHORS_GROUP,
        "Sales",
        Level.TRAINEE,
        "Sales trainee",
        ProfileVisibility.PUBLIC,
        True,
    ),
    (
        "coach",
        "Clara Weiss",
        COACHES_GROUP,
        "People & Culture",
        Level.SENIOR,
        "Communications specialist",
        ProfileVisibility.PUBLIC,
        False,
    ),
    (
        "editor",
        "David Roth",
        EDITORS_GROUP,
        "People & Culture",
        Level.MANAGER,
        "Head of internal communications",
        ProfileVisibility.INTERNAL,
        False,
    ),
    ("admin", "Site Admin", None, None, Level.PROFESSIONAL, "", ProfileVisibility.HIDDEN, False),
    (
        "emma",
        "Emma Schulz",
        AUTHORS_GROUP,
        "Production",
        Level.APPRENTICE,
        "Mechatronics apprentice",
        ProfileVisibility.PUBLIC,
        True,
    ),
    (
        "farid",
        "Farid Haddad",
        AUTHORS_GROUP,
        "Production",
        Level.MANAGER,
        "Plant manager",
        ProfileVisibility.PUBLIC,
        True,
    ),
    (
        "greta",
        "Greta Lindqvist",
        AUTHORS_GROUP,
        "Engineering",
        Level.SENIOR,
        "Firmware engineer",
        ProfileVisibility.INTERNAL,
        False,
    ),
    (
        "hannes",
        "Hannes Vogel",
        AUTHORS_GROUP,
        "Sales",
        Level.DIRECTOR,
        "Sales director DACH",
        ProfileVisibility.PUBLIC,
        False,
    ),
    (
        "ines",
        "Ines Moreau",
        AUTHORS_GROUP,
        "Engineering",
        Level.TRAINEE,
        "Dual student",
        ProfileVisibility.PUBLIC,
        True,
    ),
    (
        "jonas",
        "Jonas Keller",
        AUTHORS_GROUP,
        "Production",
        Level.PROFESSIONAL,
        "Quality inspector",
        ProfileVisibility.HIDDEN,
        False,
    ),
    (
        "katrin",
        "Katrin Zimmer",
        AUTHORS_GROUP,
        "People & Culture",
        Level.EXECUTIVE,
        "Chief people officer",
        ProfileVisibility.PUBLIC,
        True,
    ),
    (
        "luca",
        "Luca Romano",
        AUTHORS_GROUP,
        "Sales",
        Level.PROFESSIONAL,
        "Key account manager",
        ProfileVisibility.INTERNAL,
        True,
    ),
]

# slug, title, teaser, author username, audience, days ago, co-authors, topics, language
STORIES = [
    (
        "the-night-the-line-stopped",
        "The night the line stopped",
        "At 2 a.m. the inverter line went dark. "
        "Here is how we brought it back before the morning shift.",
        "author",
        Audience.PUBLIC,
        2,
        ["greta"],
        ["night shift", "maintenance"],
        "en",
    ),
    (
        "mein-erstes-jahr",
        "Mein erstes Jahr als Azubi",
        "Zwischen Lötkolben und Berufsschule: was ich im ersten Jahr gelernt habe.",
        "emma",
        Audience.PUBLIC,
        5,
        [],
        ["ausbildung"],
        "de",
    ),
    (
        "customer-visit-in-lyon",
        "A customer visit in Lyon",
        "We expected a complaint. We came home with a partnership.",
        "author2",
        Audience.PUBLIC,
        8,
        ["luca"],
        ["customers"],
        "en",
    ),
    (
        "why-we-rebuilt-the-test-bench",
        "Why we rebuilt the test bench",
        "Three weeks, two prototypes and one very patient quality team.",
        "greta",
        Audience.INTERNAL,
        11,
        [],
        ["engineering"],
        "en",
    ),
    (
        "from-apprentice-to-plant-manager",
        "From apprentice to plant manager",
        "Twenty years, one plant, and the people who showed me the way.",
        "farid",
        Audience.PUBLIC,
        15,
        [],
        ["careers"],
        "en",
    ),
    (
        "sales-kickoff-behind-the-scenes",
        "Sales kick-off: behind the scenes",
        "What it takes to bring 300 colleagues together for two days.",
        "hannes",
        Audience.INTERNAL,
        20,
        [],
        ["events"],
        "en",
    ),
    (
        "dual-studies-explained",
        "Duales Studium: so funktioniert es bei uns",
        "Theorie an der Hochschule, Praxis im Werk: ein Erfahrungsbericht.",
        "ines",
        Audience.PUBLIC,
        26,
        [],
        ["ausbildung", "careers"],
        "de",
    ),
    (
        "quality-is-a-team-sport",
        "Quality is a team sport",
        "How the whole line helped us cut returns by half.",
        "jonas",
        Audience.INTERNAL,
        33,
        ["farid"],
        ["quality"],
        "en",
    ),
    (
        "listening-tour",
        "What 40 conversations taught me",
        "I spent a month listening to colleagues in every department.",
        "katrin",
        Audience.PUBLIC,
        41,
        [],
        ["culture"],
        "en",
    ),
    (
        "first-solar-park",
        "Our first solar park, seen from the roof",
        "Commissioning day, told by the people who were up there.",
        "author",
        Audience.PUBLIC,
        55,
        [],
        ["projects"],
        "en",
    ),
    (
        "neue-kantine",
        "Die neue Kantine: eine Bilanz",
        "Ein halbes Jahr nach dem Umbau: was sich bewährt hat.",
        "luca",
        Audience.INTERNAL,
        70,
        [],
        ["campus"],
        "de",
    ),
    (
        "mentoring-that-works",
        "Mentoring that works",
        "Pairing new colleagues with experienced ones: what we learned.",
        "katrin",
        Audience.PUBLIC,
        90,
        ["emma"],
        ["culture", "careers"],
        "en",
    ),
]

DRAFTS = [
    ("draft-night-shift-diary", "Night shift diary", "author"),
    ("draft-my-first-trade-fair", "My first trade fair", "author2"),
    ("draft-robot-cell", "The new robot cell", "greta"),
]

DEMO_REVIEW_SLUG = "draft-night-shift-diary"
DEMO_REVIEW_NOTE = "My first story! I am unsure about the ending, could you look at it?"

# Demo story bodies by content language: a German story reads German all the way through.
HEADINGS = {"en": "What happened next", "de": "Wie es weiterging"}
PARAGRAPHS_DE = [
    "Es fing an wie jede andere Schicht. Dann kamen die Alarme, einer nach dem anderen, und "
    "im Leitstand wurde es für einen Moment still, der sich viel länger anfühlte, als er war.",
    "Wir haben uns in zwei Teams aufgeteilt: Eines suchte den Fehler, das andere hielt die "
    "Kundschaft auf dem Laufenden. Niemand hatte das geplant, aber alle wussten, was zu tun war.",
    "Im Rückblick hat nicht ein Werkzeug oder eine Vorschrift den Unterschied gemacht, sondern "
    "dass wir einander genug vertraut haben, um zu sagen, was wir nicht wussten.",
]
PARAGRAPHS = [
    "It started like any other shift. Then the alarms began, one after another, and the "
    "control room went quiet for a moment that felt much longer than it was.",
    "We split into two teams: one traced the fault, the other kept the customers informed. "
    "Nobody had planned for this, but everybody knew what to do.",
    "Looking back, what made the difference was not a tool or a procedure. It was that people "
    "trusted each other enough to say what they did not know.",
]


class Command(BaseCommand):
    help = "Create demo users, profiles and stories (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=None, help="Password for the demo users.")

    @staticmethod
    def _body(lang, title):
        paragraphs = PARAGRAPHS_DE if lang == "de" else PARAGRAPHS
        return [
            ("paragraph", RichText(f"<p>{paragraphs[0]}</p>")),
            ("heading", HEADINGS.get(lang, HEADINGS["en"])),
            ("paragraph", RichText(f"<p>{paragraphs[1]}</p>")),
            ("pull_quote", {"quote": paragraphs[2], "attribution": title}),
        ]

    def handle(self, *args, **options):
        # Demo content is seeded without mail ("is live" to every demo author on each start).
        with notifications_muted():
            self._seed(*args, **options)

    @transaction.atomic
    def _seed(self, *args, password=None, **options):
        password = password or os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        ensure_site_structure()
        ensure_roles()
        ensure_review_workflow()
        index = StoryIndexPage.objects.get()
        departments = {
            name: Department.objects.get_or_create(
                slug=name.lower().replace(" & ", "-").replace(" ", "-"), defaults={"name": name}
            )[0]
            for name in DEPARTMENTS
        }
        users = {}
        created_users = 0
        User = get_user_model()
        for username, name, group, dept, level, title, visibility, opt_in in PEOPLE:
            first, _, last = name.partition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@storywerk.example",
                    "is_superuser": username == "admin",
                    "is_staff": username == "admin",
                },
            )
            if created:
                user.set_password(password)
                user.save()
                created_users += 1
            if group:
                user.groups.add(Group.objects.get(name=group))
            users[username] = user
            if username == "admin":
                continue
            profile, _ = AuthorProfile.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": name,
                    "department": departments[dept],
                    "level": level,
                    "job_title": title,
                    "profile_visibility": visibility,
                    "show_on_leaderboards": opt_in,
                    "bio": f"{title} in {dept}.",
                },
            )
            if profile.photo is None:
                profile.photo = self._portrait(len(users), name)
                profile.save(update_fields=["photo"])
        coach = users["coach"]
        AuthorProfile.objects.filter(user__groups__name=AUTHORS_GROUP, coach__isnull=True).update(
            coach=coach
        )

        created_stories = 0
        for position, row in enumerate(STORIES):
            slug, title, teaser, username, audience, days_ago, co_authors, topics, lang = row
            if StoryPage.objects.filter(slug=slug).exists():
                continue
            owner = users[username]
            story = StoryPage(
                title=title,
                slug=slug,
                teaser=teaser,
                owner=owner,
                audience=audience,
                content_language=lang,
                department=owner.author_profile.department,
                hero_image=self._image(position, title),
                body=self._body(lang, title),
            )
            index.add_child(instance=story)
            for order, co_username in enumerate(co_authors):
                StoryCoAuthor.objects.create(
                    page=story, profile=users[co_username].author_profile, sort_order=order
                )
            story.topics.add(*topics)
            # Demo content goes live directly (the review workflow guards people, not fixtures).
            story.save_revision(user=owner).publish(
                user=users["editor"], skip_permission_checks=True
            )
            published = timezone.now() - datetime.timedelta(days=days_ago)
            StoryPage.objects.filter(pk=story.pk).update(
                first_published_at=published, last_published_at=published
            )
            created_stories += 1
        for slug, title, username in DRAFTS:
            if StoryPage.objects.filter(slug=slug).exists():
                continue
            owner = users[username]
            draft = StoryPage(
                title=title,
                slug=slug,
                teaser=f"A draft by {owner.author_profile.display_name}.",
                owner=owner,
                live=False,
                department=owner.author_profile.department,
                body=[("paragraph", RichText(f"<p>{PARAGRAPHS[0]}</p>"))],
            )
            index.add_child(instance=draft)
            draft.save_revision(user=owner)
            created_stories += 1
        self._submit_demo_draft(DEMO_REVIEW_SLUG, users["author"])
        demo_rollups = seed_demo_readership()  # most-read figures; idempotent
        self.stdout.write(
            f"Demo content ready ({created_users} new users, {created_stories} new stories, "
            f"{demo_rollups} new readership rows)."
        )
        self.stdout.write(
            f"Demo logins (password: {password}): author, author2, coach, editor, admin"
        )

    def _portrait(self, seed, name):
        Image = get_image_model()
        title = f"Portrait of {name}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            initials = "".join(part[0] for part in name.split()[:2])
            image = Image.objects.create(
                title=title, file=draw_portrait(seed, initials), alt_text=title
            )
        return image

    def _submit_demo_draft(self, slug, author):
        """Leave one draft waiting in coach review, so the coach's dashboard has something."""
        draft = StoryPage.objects.filter(slug=slug).first()
        if draft is None or draft.workflow_states.exists():
            return
        pending_coach_note.set(DEMO_REVIEW_NOTE)
        draft.get_workflow().start(draft, author)

    def _image(self, seed, title):
        Image = get_image_model()
        image_title = f"Demo picture {seed + 1}"
        image = Image.objects.filter(title=image_title).first()
        if image is None:
            image = Image.objects.create(
                title=image_title,
                file=draw_picture(seed),
                alt_text=f"Abstract illustration for the story “{title}”",
            )
        return image
