"""/search/?q=: Wagtail search over stories and storytellers, per reader, never an error."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from authors.models import ProfileVisibility
from stories.models import Audience
from stories.search import clean_search_query
from tests.factories import (
    AuthorFactory,
    CoachFactory,
    DepartmentFactory,
    EditorFactory,
    ImageFactory,
    StoryPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, english_default_language):
    """English pages, whatever LANGUAGE_CODE and the German catalogue say."""
    # The URL decides the language (cms/urls.py): unprefixed URLs use LANGUAGE_CODE.
    return client


@pytest.fixture
def corpus(author):
    StoryPageFactory(owner=author, title="Harbour crane night shift", teaser="Cranes at night.")
    StoryPageFactory(
        owner=author,
        title="Harbour budget secrets",
        teaser="Internal numbers.",
        audience=Audience.INTERNAL,
    )
    StoryPageFactory(owner=author, title="Harbour draft", live=False)
    AuthorFactory(username="pubh", first_name="Hannah", last_name="Harbourmaster")
    AuthorFactory(
        username="inth",
        first_name="Holger",
        last_name="Harbourside",
        profile__profile_visibility=ProfileVisibility.INTERNAL,
    )
    AuthorFactory(
        username="hidh",
        first_name="Hilde",
        last_name="Harbourhidden",
        profile__profile_visibility=ProfileVisibility.HIDDEN,
    )


def test_anonymous_readers_find_public_live_stories_and_public_profiles(client, corpus):
    response = client.get("/search/", {"q": "harbour"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Harbour crane night shift" in html
    assert "Harbour budget secrets" not in html
    assert "Harbour draft" not in html
    assert "Holger Harbourside" not in html
    assert "Hilde Harbourhidden" not in html


def test_search_finds_storytellers_by_name(client, corpus):
    html = client.get("/search/", {"q": "Hannah"}).content.decode()
    assert "Hannah Harbourmaster" in html


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: AuthorFactory(username="reader"),
        lambda: CoachFactory(username="reader"),
        lambda: EditorFactory(username="reader"),
        lambda: EditorFactory(username="reader", is_superuser=True),
    ],
    ids=["author", "coach", "editor", "admin"],
)
def test_employees_also_find_internal_stories_and_profiles(client, corpus, make_user):
    client.force_login(make_user())
    html = client.get("/search/", {"q": "harbour"}).content.decode()
    assert "Harbour crane night shift" in html
    assert "Harbour budget secrets" in html
    assert "Harbour draft" not in html
    assert "Hilde Harbourhidden" not in client.get("/search/", {"q": "Hilde"}).content.decode()
    assert "Holger Harbourside" in client.get("/search/", {"q": "Holger"}).content.decode()


def test_deactivated_people_are_not_found(client, corpus):
    from authors.models import AuthorProfile

    user = AuthorProfile.objects.get(display_name="Hannah Harbourmaster").user
    user.is_active = False
    user.save()
    assert "Hannah Harbourmaster" not in client.get("/search/", {"q": "Hannah"}).content.decode()


def test_no_results_says_so(client, corpus):
    html = client.get("/search/", {"q": "zeppelin"}).content.decode()
    assert "No results" in html


ODD_QUERIES = [
    "",
    " ",
    '"',
    "'",
    "\\",
    "*",
    "?",
    "()",
    ")(",
    "AND",
    "OR NOT",
    "harbour AND",
    "-",
    "--",
    "+",
    ":",
    "title:harbour",
    '"harbour',
    "harbour*",
    "NEAR(harbour)",
    "%",
    "_",
    "%%",
    "<script>alert(1)</script>",
    "'; DROP TABLE wagtailcore_page; --",
    "\x00",
    "harbour\x00crane",
    "\x1b[31m",
    "😀",
    "ß" * 5,
    "a" * 5000,
    "{{ request }}",
    "{% debug %}",
    "^",
    "~",
    "@",
    "#",
    "&",
    "|",
    "!",
    "[]",
    "{}",
    "\u202e",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
]


def test_any_query_gives_results_or_no_results_never_an_error(client, corpus):
    for query in ODD_QUERIES:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, repr(query)
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        if query.strip("\x00 "):
            assert "No results" in html or 'class="card"' in html or "person" in html, repr(query)


def test_odd_page_numbers_never_fail(client, corpus):
    for page in ["2", "0", "-1", "abc", "99999", "", "1e9", "\x00"]:
        response = client.get("/search/", {"q": "harbour", "page": page})
        assert response.status_code == 200, repr(page)


def test_repeated_and_array_parameters_never_fail(client, corpus):
    assert client.get("/search/?q=harbour&q=crane&q[]=x&page=1&page=2").status_code == 200


def test_queries_are_reduced_to_plain_words_and_capped():
    assert clean_search_query("a\x00b\tc\n") == "a b c"
    assert clean_search_query('"Harbour" AND (crane*)') == "harbour and crane"
    assert clean_search_query("Straße 😀 café") == "straße café"
    assert len(clean_search_query("x" * 1000)) == 200
    assert len(clean_search_query("w " * 100).split()) == 12
    assert clean_search_query(None) == ""


def test_search_with_punctuation_still_finds_the_story(client, corpus):
    html = client.get("/search/", {"q": '"Harbour" crane*'}).content.decode()
    assert "Harbour crane night shift" in html


def test_search_page_is_linked_from_header_and_footer(client):
    html = client.get("/").content.decode()
    assert html.count('href="/search/"') == 2
    assert html.count('href="/most-read/"') == 2


def add_matches(count):
    """`count` public stories and public profiles matching "harbour", and internal stories."""
    image = ImageFactory()
    for n in range(count):
        person = AuthorFactory(
            first_name=f"Person{n}",
            last_name="Harbour",
            profile__department=DepartmentFactory(),
            profile__profile_visibility=ProfileVisibility.PUBLIC,
        )
        StoryPageFactory(owner=person, title=f"Harbour tale {n}", hero_image=image)
        StoryPageFactory(owner=person, title=f"Harbour memo {n}", audience=Audience.INTERNAL)


def search_queries(client, url):
    client.get(url)  # renditions are created on the first render
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    return len(captured), html


def test_search_queries_do_not_grow_with_the_number_of_results(client, author, corpus):
    add_matches(2)
    few, _html = search_queries(client, "/search/?q=harbour")
    add_matches(12)
    many, html = search_queries(client, "/search/?q=harbour")
    assert html.count('class="card"') == 15  # with the corpus's public harbour story
    assert html.count('class="person"') == 14
    assert "Harbour memo" not in html
    assert many <= few


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL search backend")
def test_postgres_search_filters_on_the_vector_without_selecting_it(client, corpus):
    with CaptureQueriesContext(connection) as captured:
        assert "Harbour crane night shift" in client.get("/search/?q=harbour").content.decode()
    search_sql = [q["sql"] for q in captured if "@@" in q["sql"]]
    assert search_sql
    assert not any('AS "_vector_"' in sql for sql in search_sql)
