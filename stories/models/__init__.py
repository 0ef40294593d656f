"""Stories' models, split by concern: pages, review workflow, readership, pitches.

Each submodule's public names are re-exported here so `from stories.models import X` works.
"""

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
from stories.pitches.models import Pitch, PitchPreference, PitchStatus, ReviewReminder  # noqa: F401
from stories.readership.models import (  # noqa: F401
    ReaderHash,
    ReadershipDigestSent,
    ReadershipEmailPreference,
    ReadershipFlushBatch,
    ReadershipMilestone,
    ReadershipSalt,
    ReadershipSource,
    StoryDailyViews,
)
from stories.review.coach_task import CoachReviewTask, CoachReviewTaskState  # noqa: F401
