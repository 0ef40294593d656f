"""Readability and sentence length, computed on the server from the story's words.

The score is LIX (Läsbarhetsindex), the formula Wagtail 8's content checks use in the editor's
Checks panel (wagtailadmin/js/core.js): words per sentence plus the share of words longer than
six letters, times 100. It suits German and English alike (unlike Flesch, which needs syllables
and a per-language formula such as Amstad's). Wagtail's bands are kept: under 35 "good",
under 45 "fair", else "complex"; texts of fewer than 10 words get no score.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

LONG_SENTENCE_WORDS = 30
GOOD_BELOW = 35
FAIR_BELOW = 45
MIN_WORDS_FOR_SCORE = 10

# A sentence ends at . ! ? … followed by a space and a capital, a digit or a quote, and not
# after a lone letter: "z. B. die" and "3.5 %" are not split. The caller joins blocks with
# "\n", which also ends a sentence (a heading has no full stop).
SENTENCE_END = re.compile(
    r"(?<=[.!?…])(?<!\s\w\.)(?<!^\w\.)[\"'”“»«)]*\s+(?=[\"'„“»«(]?[A-ZÄÖÜ0-9])|\n+"
)
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class Readability:
    """The LIX score of a text and its band ("good", "fair", "complex"; "" when too short)."""

    score: float
    band: str
    words: int
    sentences: int


@lru_cache(maxsize=8)
def split_sentences(text):
    # Cached: the score and the long-sentence hint split the same text.
    return tuple(sentence for sentence in SENTENCE_END.split(text) if WORD.search(sentence))


def words_of(text):
    return WORD.findall(text)


def lix(text):
    sentences = split_sentences(text)
    words = words_of(text)
    if not sentences or len(words) < MIN_WORDS_FOR_SCORE:
        return Readability(0.0, "", len(words), len(sentences))
    long_words = sum(1 for word in words if len(word) > 6)
    score = len(words) / len(sentences) + long_words / len(words) * 100
    band = "good" if score < GOOD_BELOW else "fair" if score < FAIR_BELOW else "complex"
    return Readability(round(score, 1), band, len(words), len(sentences))


def long_sentences(text, limit=LONG_SENTENCE_WORDS):
    """(sentence, word count) of each sentence over `limit` words."""
    found = []
    for sentence in split_sentences(text):
        count = len(words_of(sentence))
        if count > limit:
            found.append((sentence.strip(), count))
    return found
