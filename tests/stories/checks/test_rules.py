"""Each check on its own: required ones name the field, suggested ones are hints."""

from types import SimpleNamespace

import pytest
from django.utils import translation
from wagtail.rich_text import RichText

from stories.checks.readability import lix, long_sentences, split_sentences
from stories.checks.rules import run_checks
from stories.models import StoryPage
from tests.factories import ImageFactory

NO_GLOSSARY = []


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def story(body=(), teaser="A teaser that works.", **fields):
    return StoryPage(title="A title", teaser=teaser, body=list(body), **fields)


def codes(items):
    return [item.code for item in items]


def paragraph(html):
    return ("paragraph", RichText(html))


def test_a_complete_story_has_nothing_required():
    result = run_checks(story([paragraph("<p>Short and clear.</p>")]), glossary=NO_GLOSSARY)
    assert result.ok
    assert result.required == []


def test_an_empty_teaser_is_required_and_names_the_teaser_field():
    result = run_checks(story(teaser="  "), glossary=NO_GLOSSARY)
    assert codes(result.required) == ["teaser"]
    assert result.required[0].field == "teaser"
    assert not result.ok


@pytest.mark.django_db
def test_a_hero_image_without_alt_text_is_required():
    image = ImageFactory(alt_text="")
    result = run_checks(story(hero_image=image), glossary=NO_GLOSSARY)
    assert [(item.code, item.field) for item in result.required] == [("hero_alt", "hero_image_alt")]


@pytest.mark.django_db
def test_the_image_libraries_alt_text_is_enough_for_the_hero_image():
    result = run_checks(story(hero_image=ImageFactory(alt_text="Two people")), glossary=[])
    assert result.ok


def test_an_empty_block_is_required_with_its_position():
    body = [paragraph("<p>Fine.</p>"), ("heading", ""), paragraph("<p></p>")]
    result = run_checks(story(body), glossary=NO_GLOSSARY)
    assert codes(result.required) == ["empty_block", "empty_block"]
    assert [item.block_index for item in result.required] == [1, 2]
    assert "Block 2" in result.required[0].message


def test_a_link_without_text_is_required():
    body = [paragraph('<p>See <a href="https://example.com"> </a> here.</p>')]
    result = run_checks(story(body), glossary=NO_GLOSSARY)
    assert codes(result.required) == ["empty_link"]
    assert result.required[0].field == "body"


def test_a_link_with_text_passes():
    body = [paragraph('<p>See <a href="https://example.com">the report</a>.</p>')]
    assert run_checks(story(body), glossary=NO_GLOSSARY).ok


def test_a_sentence_over_30_words_is_a_suggestion_not_a_requirement():
    long = " ".join(["word"] * 31) + "."
    result = run_checks(story([paragraph(f"<p>{long} Short one.</p>")]), glossary=[])
    assert result.ok
    assert codes(result.suggested).count("long_sentence") == 1
    assert "31 words" in result.suggested[-1].message


def test_a_sentence_of_exactly_30_words_is_fine():
    assert long_sentences(" ".join(["word"] * 30) + ".") == []


def test_sentences_split_at_full_stops_not_at_abbreviations():
    assert len(split_sentences("Wir feiern z. B. den Start. Dann 3.5 Prozent mehr.")) == 2


def test_readability_uses_wagtails_lix_bands():
    easy = "The cat sat on the mat. The dog ran to the park. We all had fun."
    hard = (
        "Organisational transformation necessitates comprehensive stakeholder alignment "
        "regarding implementation responsibilities and accountability frameworks throughout."
    )
    assert lix(easy).band == "good"
    assert lix(hard).band == "complex"
    assert lix("Too short.").band == ""


def test_a_hard_to_read_story_gets_a_readability_hint():
    hard = "Unternehmensübergreifende Digitalisierungsstrategien erfordern " * 4 + "Abstimmung."
    result = run_checks(story([paragraph(f"<p>{hard}</p>")], content_language="de"), glossary=[])
    assert "readability" in codes(result.suggested)
    assert result.ok


def test_glossary_terms_are_suggested_per_field_as_whole_words():
    terms = [SimpleNamespace(avoid="KPI", prefer="key figure")]
    text = "<p>Our KPI grew, the KPI-Bericht too. KPIs aside.</p>"
    page = story([paragraph(text)], teaser="KPI!")
    result = run_checks(page, glossary=terms)
    glossary = [item for item in result.suggested if item.code == "glossary"]
    assert [item.field for item in glossary] == ["teaser", "body"]
    assert "(2×)" in glossary[1].message
    assert "key figure" in glossary[1].message


@pytest.mark.django_db
def test_glossary_terms_of_the_other_language_are_left_out():
    from stories.checks.models import GlossarySettings

    glossary = GlossarySettings.load()
    glossary.terms.create(avoid="KPI", prefer="Kennzahl", language="de")
    glossary.terms.create(avoid="synergy", prefer="working together", language="")
    glossary.save()  # a ClusterableModel keeps its child rows in memory until saved
    english = story([paragraph("<p>KPI and synergy.</p>")], content_language="en")
    messages = [item.message for item in run_checks(english).suggested]
    assert len(messages) == 1
    assert "working together" in messages[0]
    german = story([paragraph("<p>KPI und synergy.</p>")], content_language="de")
    assert len(run_checks(german).suggested) == 2


def test_messages_come_in_german_for_a_german_editor():
    with translation.override("de"):
        result = run_checks(story(teaser=""), glossary=NO_GLOSSARY)
    assert result.required[0].field_label == "Teaser"
    assert "Teaser" in result.required[0].message


@pytest.mark.django_db
def test_checking_reads_only_the_glossary_from_the_database(django_assert_max_num_queries):
    from stories.checks.models import GlossarySettings

    GlossarySettings.load()  # created once, as on any site where an editor opened it
    body = [paragraph(f"<p>Paragraph {n} with a few words.</p>") for n in range(50)]
    with django_assert_max_num_queries(2):
        run_checks(story(body))
