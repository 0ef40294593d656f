"""Admin searches over people never fail, whatever is typed (they used to 500 on SQLite)."""

import pytest

from tests.factories import AuthorFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["Annegret", "<script>", "alert('XSS')", "a:b", '"x', "x)"])
def test_author_profile_admin_search_answers_any_query(client, editor, query):
    AuthorFactory(profile__display_name="Annegret Example")
    client.force_login(editor)
    response = client.get("/admin/snippets/authors/authorprofile/", {"q": query})
    assert response.status_code == 200
    if query == "Annegret":
        assert "Annegret Example" in response.content.decode()


@pytest.mark.parametrize("query", ["Logistics", "<script>", "a:b"])
def test_department_admin_search_answers_any_query(client, editor, query):
    DepartmentFactory(name="Logistics", slug="logistics")
    client.force_login(editor)
    response = client.get("/admin/snippets/authors/department/", {"q": query})
    assert response.status_code == 200
