import pytest
from django.conf import settings

from stories.readership import storage

DESKTOP_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
OTHER_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15"


@pytest.fixture(autouse=True)
def _fresh_salts():
    # Salts are cached per process; each test's database starts without them.
    storage.forget_cached_salts()
    yield
    storage.forget_cached_salts()


@pytest.fixture
def beacon(client):
    """POST a beacon as a reader (anonymous unless `using` is a logged-in client)."""

    def send(
        story, kind="view", *, ip="198.51.100.7", ua=DESKTOP_UA, using=None, headers=None, **data
    ):
        payload = {"story": getattr(story, "pk", story), "kind": kind, **data}
        return (using or client).post(
            "/readership/beacon",
            payload,
            REMOTE_ADDR=ip,
            HTTP_USER_AGENT=ua,
            **(headers or {}),
        )

    return send


def _clean(client):
    for key in client.scan_iter(match=storage.KEY_PREFIX + "*"):
        client.delete(key)


@pytest.fixture
def fake_redis(monkeypatch):
    """The Redis path on an in-process fake Redis (with Lua), whatever the settings say."""
    import fakeredis

    client = fakeredis.FakeRedis()
    monkeypatch.setattr(storage, "redis_client", lambda: client)
    return client


def _buffer(kind, monkeypatch):
    """Point the counting at a storage path: "database", "fake" (fakeredis) or "real" Redis."""
    client = None
    if kind == "fake":
        import fakeredis

        client = fakeredis.FakeRedis()
    elif kind == "real":
        if not settings.REDIS_URL:
            pytest.skip("REDIS_URL is not set: the real-Redis variant runs in the PostgreSQL pass")
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        _clean(client)
    monkeypatch.setattr(storage, "redis_client", lambda: client)
    return client


@pytest.fixture(params=["fake", "real"])
def any_redis(request, monkeypatch):
    """The Redis path on fakeredis, and on the real Redis when REDIS_URL is configured."""
    client = _buffer(request.param, monkeypatch)
    yield client
    _clean(client)


@pytest.fixture(params=["database", "fake", "real"])
def every_path(request, monkeypatch):
    """The database path (SQLite or PostgreSQL), fakeredis and the real Redis (when set)."""
    client = _buffer(request.param, monkeypatch)
    yield client
    if client is not None:
        _clean(client)


def make_beacon(story, day, digest, *, kind="view", source="direct", tally=None):
    """A beacon as the endpoint hands it to `recording` (each reader its own tally unless set)."""
    from stories.readership.counting import Beacon, ReaderKeys

    keys = ReaderKeys(reader=digest, tally=tally or digest, limiter=digest)
    return Beacon(getattr(story, "pk", story), day, kind, keys, source, source)
