"""Signals `authors` sends so that `stories` can react without `authors` importing it."""

from django.dispatch import Signal

# Sent inside the pairing transaction: kwargs profile, old_coach, new_coach, changed_by.
coach_changed = Signal()
