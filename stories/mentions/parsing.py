"""Finding "@Display Name" mentions in a comment's text.

A mention is an "@" (not inside a word or an address) followed by a person's display name,
matched case-insensitively and whole (the next character is no letter or digit). Where two
names fit ("@Anna" and "@Anna Berg"), the longer wins. An "@" followed by no active user's
name is plain text ("@home", "a@b.de").
"""

import re
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import Q

from stories.mentions.people import display_name

# "@" at the start or after a character that is not part of a word, an address or a mention.
MENTION_SIGN = re.compile(r"(?<![\w@.+-])@(\w+)")


def _first_words(text):
    return {match.group(1) for match in MENTION_SIGN.finditer(text or "")}


def candidates_for(texts):
    """Active users whose display name might follow an "@" in any of the texts (one query)."""
    words = set().union(*(_first_words(text) for text in texts))
    if not words:
        return []
    query = reduce(
        or_,
        (Q(first_name__istartswith=word) | Q(username__istartswith=word) for word in words),
    )
    return list(get_user_model().objects.filter(query, is_active=True))


def find_mentioned(text, people):
    """The people (from `people`) mentioned in `text`, in order of first mention, once each."""
    names = sorted(
        ((display_name(person).casefold(), person) for person in people),
        key=lambda pair: -len(pair[0]),
    )
    found = {}
    for match in MENTION_SIGN.finditer(text or ""):
        # Folded per mention: casefold() can change a text's length ("ß" -> "ss").
        rest = text[match.start() + 1 :].casefold()
        for name, person in names:
            if name and rest.startswith(name) and not _continues_word(rest, len(name)):
                found.setdefault(person.pk, person)
                break
    return list(found.values())


def _continues_word(rest, length):
    return len(rest) > length and (rest[length].isalnum() or rest[length] == "_")
