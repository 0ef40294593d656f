import time_machine

from cms.ratelimit import hashed_key, hit


def test_allows_up_to_the_limit_then_refuses():
    results = [hit("t", "reader", limit=3) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_window_resets_the_count():
    with time_machine.travel(1_000_000, tick=False) as traveller:
        assert all(hit("w", "k", limit=2, window=60) for _ in range(2))
        assert not hit("w", "k", limit=2, window=60)
        traveller.shift(61)
        assert hit("w", "k", limit=2, window=60)


def test_keys_are_independent_and_hashed_keys_hide_their_input():
    assert hit("s", "a", limit=1)
    assert hit("s", "b", limit=1)
    key = hashed_key("203.0.113.7", "Firefox")
    assert "203.0.113.7" not in key and len(key) == 32
    assert key == hashed_key("203.0.113.7", "Firefox")
