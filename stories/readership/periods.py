"""The periods of the readership pages (7, 30, 90 days, all time) and the change on the one
before: what a `?period=` link means, and how a change is said ("+18 % on the 30 days before").
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

ALL_TIME = "all"
DEFAULT = "30"
# ?period= value -> number of days (None: since the first rollup row).
LENGTHS = {"7": 7, "30": 30, "90": 90, ALL_TIME: None}
LABELS = {
    "7": _("7 days"),
    "30": _("30 days"),
    "90": _("90 days"),
    ALL_TIME: _("All time"),
}
# How far back the daily chart and the sparklines of "all time" go: the retention period.
ALL_TIME_CHART_DAYS = 762


@dataclass(frozen=True)
class Period:
    """A window of reading days ending today (inclusive), and the window of the same length
    before it (none for all time)."""

    key: str
    today: datetime.date

    @property
    def days(self):
        return LENGTHS[self.key]

    @property
    def label(self):
        return LABELS[self.key]

    @property
    def start(self):
        """First day of the window, or None for all time."""
        if self.days is None:
            return None
        return self.today - datetime.timedelta(days=self.days - 1)

    @property
    def previous(self):
        """(first, last) day of the window before, or None for all time."""
        if self.days is None:
            return None
        last = self.start - datetime.timedelta(days=1)
        return last - datetime.timedelta(days=self.days - 1), last

    @property
    def chart_start(self):
        return self.start or self.today - datetime.timedelta(days=ALL_TIME_CHART_DAYS - 1)

    def compared_with(self):
        """How the previous window is named next to a change."""
        return ngettext("on the day before", "on the %(days)s days before", self.days) % {
            "days": self.days
        }


def period_from(value, today):
    """The period a `?period=` value names; anything unknown is the default (never an error)."""
    return Period(value if value in LENGTHS else DEFAULT, today)


def switch_links(current):
    """[(key, label, is_current)] for the period links, in order."""
    return [(key, LABELS[key], key == current.key) for key in LENGTHS]


def change(current, previous):
    """The change in per cent (int, rounded), or None when there is nothing to compare with."""
    if previous is None or not previous:
        return None
    return round((current - previous) * 100 / previous)


def ratio(reads, views):
    """Reads per view in per cent (int), None without views."""
    return round(reads * 100 / views) if views else None
