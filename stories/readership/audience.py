"""What a story's signed-in readers are: their departments and levels, counted per story and
day (StoryDailyAudience), shown only in groups of at least AUDIENCE_MIN_READERS readers.

Recorded when a signed-in reader is counted as a new daily reader of the story: one upsert
per dimension, in the database on either counting path (signed-in readers always take the
general path, stories/readership/views.py). Nothing about the person is stored: the group is
a department id or a level code.
"""

from django.db import connection
from django.db.models import Sum
from django.utils.translation import gettext as _

from authors.models import Department, Level
from stories.models import StoryDailyAudience

AUDIENCE_MIN_READERS = 5
Dimension = StoryDailyAudience.Dimension


def groups_of(profile):
    """[(dimension, group)] of a reader's profile: only what is known."""
    if profile is None:
        return []
    groups = []
    if profile.department_id:
        groups.append((Dimension.DEPARTMENT, str(profile.department_id)))
    if profile.level:
        groups.append((Dimension.LEVEL, profile.level))
    return groups


def record(story_id, day, profile):
    """Add one daily reader to each of the reader's groups for this story and day."""
    rows = [(story_id, day, dimension, group) for dimension, group in groups_of(profile)]
    if not rows:
        return
    table = StoryDailyAudience._meta.db_table
    placeholders = ", ".join(["(%s, %s, %s, %s, 1)"] * len(rows))
    # Raw SQL: an atomic add on conflict (bulk_create(update_conflicts=True) overwrites).
    sql = (
        f'INSERT INTO {table} (story_id, day, dimension, "group", readers) '  # noqa: S608
        f"VALUES {placeholders} "
        'ON CONFLICT (story_id, day, dimension, "group") DO UPDATE SET '
        f"readers = {table}.readers + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def merge_small_groups(counts, labels):
    """[(label, readers)] biggest first, groups under the minimum merged into one "Other"
    row at the end; "Other" itself is shown only when it reaches the minimum (else its
    readers are left out, so no small group can be worked out by subtraction)."""
    shown, other = [], 0
    for group, readers in counts.items():
        if readers >= AUDIENCE_MIN_READERS:
            shown.append((labels.get(group, _("Unknown")), readers))
        else:
            other += readers
    shown.sort(key=lambda item: (-item[1], str(item[0])))
    if other >= AUDIENCE_MIN_READERS:
        shown.append((_("Other"), other))
    return shown


def breakdown(story_id):
    """{"departments": [(label, readers)], "levels": [...]} all time: 2 queries.

    All time only: the figures of two periods could be subtracted to reveal a small group.
    """
    counts = {Dimension.DEPARTMENT: {}, Dimension.LEVEL: {}}
    rows = (
        StoryDailyAudience.objects.filter(story_id=story_id)
        .values_list("dimension", "group")
        .annotate(total=Sum("readers"))
        .order_by()
    )
    for dimension, group, total in rows:
        counts.setdefault(dimension, {})[group] = total
    department_ids = [int(pk) for pk in counts[Dimension.DEPARTMENT] if pk.isdigit()]
    department_names = {
        str(pk): name
        for pk, name in Department.objects.filter(pk__in=department_ids).values_list("pk", "name")
    }
    return {
        "departments": merge_small_groups(counts[Dimension.DEPARTMENT], department_names),
        "levels": merge_small_groups(counts[Dimension.LEVEL], dict(Level.choices)),
    }
