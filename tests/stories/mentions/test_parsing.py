"""Finding "@Display Name" in a comment's text."""

import pytest

from stories.mentions.parsing import candidates_for, find_mentioned
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(db):
    return UserFactory(username="anna", first_name="Anna", last_name="Berg")


def test_the_longer_name_wins_and_case_does_not_matter(anna):
    annabel = UserFactory(username="annabel", first_name="Anna", last_name="")
    assert find_mentioned("hi @ANNA BERG!", [annabel, anna]) == [anna]
    assert find_mentioned("hi @anna, and", [annabel, anna]) == [annabel]


def test_a_name_must_end_where_the_word_ends(anna):
    assert find_mentioned("@Anna Bergmann said", [anna]) == []
    assert find_mentioned("(@Anna Berg)", [anna]) == [anna]


def test_addresses_and_words_with_an_at_sign_are_no_mentions(anna):
    assert find_mentioned("mail anna@Anna Berg.de or x@Anna Berg", [anna]) == []
    assert find_mentioned("", [anna]) == [] and find_mentioned(None, [anna]) == []


def test_each_person_is_found_once(anna):
    assert find_mentioned("@Anna Berg and @anna berg", [anna]) == [anna]


def test_names_with_letters_that_fold_differently_are_found(db):
    gross = UserFactory(username="gross", first_name="Jörg", last_name="Groß")
    assert find_mentioned("@JÖRG GROSS and @Jörg Groß", [gross]) == [gross]


def test_candidates_are_active_users_named_after_an_at_sign(anna):
    UserFactory(username="anton", first_name="Anton", last_name="X", is_active=False)
    UserFactory(username="zoe", first_name="Zoe", last_name="Y")
    assert candidates_for(["@an text", "no sign"]) == [anna]
    assert candidates_for(["nothing here"]) == []
