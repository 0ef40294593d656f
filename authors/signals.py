"""Signals `authors` sends so that `stories` can react without `authors` importing it."""

from django.dispatch import Signal

# Sent inside the pairing transaction: kwargs profile, old_coach, new_coach, changed_by.
coach_changed = Signal()

# Sent inside the erasure transaction after the profile was anonymised: kwargs profile,
# keep_published (the author's consent), erased_by, former_url (the old hero page URL).
# `stories` unpublishes the stories they told alone unless keep_published (returns how many),
# leaves team stories with the co-authors and tells them.
author_erased = Signal()

# Sent once when an active account becomes inactive (the admin's deactivate view, the user
# edit form, or any save): kwargs user. A deactivated coach is then released
# (authors.pairing.release_coach, which sends `coach_left`).
user_deactivated = Signal()

# Sent once when a user stops being a coach by any route (removed from the Coaches group in
# either direction of the relation, deactivated, erased), before their authors are unpaired:
# kwargs user, changed_by. `stories` hands the reviews waiting with them to the Coaches group.
coach_left = Signal()
