import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_after_a_database_round_trip(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_rejects_post(client):
    assert client.post("/healthz").status_code == 405
