"""Readership: daily rollups per story and source, and the short-lived pieces behind them.

Nothing here identifies a reader: reader hashes are salted with a salt that rotates daily and
both are deleted after two days (see stories/readership/storage.py and docs/readership.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stories.models.pages import StoryPage


class ReadershipSource(models.TextChoices):
    """Where a view came from: a share link's ?src= value, else the referrer's class."""

    LINKEDIN = "linkedin", _("LinkedIn share")
    XING = "xing", _("XING share")
    X = "x", _("X share")
    EMAIL = "email", _("Email")
    INTRANET = "intranet", _("Intranet")
    NEWSLETTER = "newsletter", _("Newsletter")
    QR = "qr", _("QR code")
    SEARCH = "search", _("Search engine")
    SOCIAL = "social", _("Social network")
    INTERNAL = "internal", _("This site")
    DIRECT = "direct", _("Direct or unknown")
    OTHER = "other", _("Other")

    @classmethod
    def label_for(cls, code):
        """The label readers see for a stored source code (the code itself if unknown)."""
        return dict(cls.choices).get(code, code)


# The values a share link may carry in ?src= (anything else is ignored: the referrer decides).
SHARE_SOURCES = frozenset(
    {
        ReadershipSource.LINKEDIN,
        ReadershipSource.XING,
        ReadershipSource.X,
        ReadershipSource.EMAIL,
        ReadershipSource.INTRANET,
        ReadershipSource.NEWSLETTER,
        ReadershipSource.QR,
    }
)


class StoryDailyViews(models.Model):
    """One row per story, day and source: views, daily readers and reads (the rollup).

    Counts never live on the page model (reverting a revision would reset them). A reader is
    counted in one source row per story and day: the source of their first view that day, so
    summing `readers` over sources gives the story's daily readers.
    """

    story = models.ForeignKey(
        StoryPage, on_delete=models.CASCADE, related_name="daily_views", verbose_name=_("story")
    )
    day = models.DateField(_("day"))
    source = models.CharField(_("source"), max_length=20, default="direct")
    views = models.PositiveIntegerField(_("views"), default=0)
    readers = models.PositiveIntegerField(_("daily readers"), default=0)
    reads = models.PositiveIntegerField(_("reads"), default=0)

    class Meta:
        verbose_name = _("daily story views")
        verbose_name_plural = _("daily story views")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "day", "source"], name="unique_story_day_source"
            )
        ]
        indexes = [models.Index(fields=["day", "story"], name="storydailyviews_day_story")]

    def __str__(self):
        return f"{self.story_id} {self.day} {self.source}: {self.views}"


class StoryDailyAudience(models.Model):
    """Signed-in daily readers of a story per day by department or by level (the rollup of
    what the readers are, never who): one row per story, day, dimension and group.

    `group` is a department's id (as text) or a level code; no reader, account or hash is
    stored. Groups under AUDIENCE_MIN_READERS readers are merged when shown
    (stories/readership/audience.py).
    """

    class Dimension(models.TextChoices):
        DEPARTMENT = "department", _("department")
        LEVEL = "level", _("level")

    story = models.ForeignKey(
        StoryPage, on_delete=models.CASCADE, related_name="daily_audience", verbose_name=_("story")
    )
    day = models.DateField(_("day"))
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    group = models.CharField(_("group"), max_length=40)
    readers = models.PositiveIntegerField(_("daily readers"), default=0)

    class Meta:
        verbose_name = _("daily story audience")
        verbose_name_plural = _("daily story audience")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "day", "dimension", "group"], name="unique_story_day_audience"
            )
        ]

    def __str__(self):
        return f"{self.story_id} {self.day} {self.dimension}={self.group}: {self.readers}"


class ReaderHash(models.Model):
    """A reader seen today (database path only): a salted, non-reversible digest.

    The digest covers (IP, user agent, story), or (account, story) for a signed-in reader,
    with that day's salt; rows older than two days are deleted together with their salt,
    after which no digest can be recomputed.
    """

    class Kind(models.TextChoices):
        VIEW = "view", _("view")
        READ = "read", _("read")

    day = models.DateField()
    digest = models.CharField(max_length=32)
    kind = models.CharField(max_length=4, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "digest", "kind"], name="unique_reader_hash")
        ]

    def __str__(self):
        return f"{self.day} {self.kind}"


class ReaderTally(models.Model):
    """Views counted today for one story from one address (or one account): the daily ceiling.

    The digest covers (address, story) or (account, story) with that day's salt, so it is as
    unlinkable as a reader hash and is deleted with it after two days (database path only).
    """

    day = models.DateField()
    digest = models.CharField(max_length=32)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "digest"], name="unique_reader_tally")
        ]

    def __str__(self):
        return f"{self.day} {self.views}"


class ReadershipSalt(models.Model):
    """The random salt of one day (TIME_ZONE), shared by every process, deleted after 2 days."""

    day = models.DateField(unique=True)
    value = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)


class ReadershipFlushBatch(models.Model):
    """A Redis batch already moved into the rollups: replaying it after a crash adds nothing."""

    key = models.CharField(max_length=100, unique=True)
    flushed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key


class ReadershipMilestone(models.Model):
    """A readers milestone a story passed: its daily readers summed over every day (its authors
    were emailed once)."""

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="milestones")
    threshold = models.PositiveIntegerField()
    reached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "threshold"], name="unique_story_milestone")
        ]

    def __str__(self):
        return f"{self.story_id}: {self.threshold}"


class ReadershipEmailPreference(models.Model):
    """A user's choice about readership emails (no row: the weekly digest is on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="readership_email_preference",
    )
    weekly_digest = models.BooleanField(
        _("weekly readership digest"),
        default=True,
        help_text=_("Every Monday: how many daily readers your stories had last week."),
    )

    class Meta:
        verbose_name = _("readership email preference")

    def __str__(self):
        return str(self.user_id)


class ReadershipDigestSent(models.Model):
    """One weekly digest sent to one user (so a rerun of the job sends nothing twice)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="unique_digest_per_week")
        ]

    def __str__(self):
        return f"{self.user_id} {self.week_start}"
