"""Signals the stories app sends."""

from django.dispatch import Signal

# Sent after buffered readership counts were moved into the daily rollups (kwargs: stories,
# the ids of the stories whose counts changed), so cached figures can refresh.
readership_flushed = Signal()
