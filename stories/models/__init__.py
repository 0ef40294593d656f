"""The story page's models (pages.py), and every feature's models imported here.

Features keep their models beside their code (stories/review/coach_task.py, readership/,
mostread/, pitches/); importing them here registers them under the `stories` app label, with
their tables unchanged, and lets `from stories.models import X` work for any of them.
"""

from stories.checks.models import GlossarySettings, GlossaryTerm  # noqa: F401
from stories.mentions.models import Mention  # noqa: F401
from stories.models.pages import (  # noqa: F401
    Audience,
    ContentLanguage,
    StoryCoAuthor,
    StoryIndexPage,
    StoryPage,
    StoryPageQuerySet,
    StoryTag,
    audiences_for,
    is_employee,
)
from stories.mostread.models import MostReadSettings  # noqa: F401
from stories.pitches.models import Pitch, PitchPreference, PitchStatus  # noqa: F401
from stories.readership.models import (  # noqa: F401
    ReaderHash,
    ReadershipDigestSent,
    ReadershipEmailPreference,
    ReadershipFlushBatch,
    ReadershipMilestone,
    ReadershipSalt,
    ReadershipSource,
    ReaderTally,
    StoryDailyAudience,
    StoryDailyViews,
)
from stories.review.coach_task import CoachReviewTask, CoachReviewTaskState  # noqa: F401
from stories.review.reminders import ReviewReminder  # noqa: F401
from stories.thanks.models import StoryThanks  # noqa: F401
