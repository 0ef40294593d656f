"""The admin API answers 400, not 500, to paging values past what a database can take."""

import pytest

HUGE = "9223372036854775808"  # 2**63: one past SQLite's and PostgreSQL's bigint


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize("query", [f"offset={HUGE}", f"limit={HUGE}", f"offset={HUGE}0&limit=5"])
def test_huge_offset_or_limit_is_a_400_with_a_message(client, author, endpoint, query):
    client.force_login(author)
    response = client.get(f"/admin/api/main/{endpoint}/?{query}")
    assert response.status_code == 400
    assert "cannot be higher than" in response.json()["message"]


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_ordinary_paging_still_works(client, author, endpoint):
    client.force_login(author)
    response = client.get(f"/admin/api/main/{endpoint}/?offset=0&limit=5")
    assert response.status_code == 200
    assert "items" in response.json()
