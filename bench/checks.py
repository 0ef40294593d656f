"""`make bench-checks` (also run by `make bench`): checking a 2,000-word story before sending.

Goal: a median under 100 ms (docs/workflow.md). Each round parses the story's stored body JSON
(as loading a page does) and checks it, with a glossary of 50 words to avoid, passed in: from
the database the glossary is one query, which the tests count.
"""

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

ROUNDS = int(os.environ.get("BENCH_CHECK_ROUNDS", 200))
WORDS = 2000
GOAL_MS = 100
VOCABULARY = {
    "en": str.split(
        "the team we our customer parcel scanner week morning colleague project together "
        "improvement measurement department warehouse delivery because finally everybody"
    ),
    "de": str.split(
        "das Team wir unsere Kundin Paket Scanner Woche Morgen Kollegin Projekt gemeinsam "
        "Verbesserung Messung Abteilung Lager Lieferung weil schließlich alle"
    ),
}


def story_json(language, words=WORDS):
    """A body of paragraphs (sentences of 5 to 35 words, a link now and then) and headings."""
    rng = random.Random(42)
    vocabulary = VOCABULARY[language]
    blocks, written = [], 0
    while written < words:
        sentences = []
        for _ in range(5):
            length = rng.randint(5, 35)
            sentences.append(" ".join(rng.choice(vocabulary) for _ in range(length)).capitalize())
            written += length
        html = "<p>" + ". ".join(sentences) + '. <a href="https://example.com">KPI</a>.</p>'
        blocks.append({"type": "paragraph", "value": html})
        blocks.append({"type": "heading", "value": "A heading with a few words"})
    return json.dumps(blocks)


def glossary(size=50):
    return [SimpleNamespace(avoid=f"term{n}", prefer=f"better{n}") for n in range(size - 1)] + [
        SimpleNamespace(avoid="KPI", prefer="key figure")
    ]


def measure(language):
    from stories.checks.rules import run_checks
    from stories.models import StoryPage

    body, terms, timings = story_json(language), glossary(), []
    body_field = StoryPage._meta.get_field("body")
    for _ in range(ROUNDS):
        # The story as the checks see it (a page's fields), without a database: a Page()
        # looks up its content type on creation.
        page = SimpleNamespace(
            title="Bench",
            teaser="A teaser.",
            hero_image_id=None,
            hero_image_alt="",
            content_language=language,
            body=None,
        )
        started = time.perf_counter()
        page.body = body_field.to_python(body)
        result = run_checks(page, glossary=terms)
        timings.append((time.perf_counter() - started) * 1000)
    words = result.readability.words
    return words, statistics.median(timings), statistics.quantiles(timings, n=20)[18], result


def main():
    import django

    django.setup()
    print(f"Checks before sending: {ROUNDS} rounds per language, goal median < {GOAL_MS} ms")
    print("| story | words | median ms | p95 ms | hints | goal |")
    print("|---|---|---|---|---|---|")
    failed = False
    for language in ("de", "en"):
        words, median, p95, result = measure(language)
        ok = median < GOAL_MS
        failed |= not ok
        print(
            f"| {language} | {words} | {median:.1f} | {p95:.1f} | {len(result.suggested)} "
            f"| {'ok' if ok else 'MISSED'} |"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
