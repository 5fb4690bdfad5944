"""The Redis cache backend keeps one client per connection pool (governance/redis_cache.py), and
still behaves as Django's: against the machine's real Redis."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from governance.redis_cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def backend():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:  # pragma: no cover - every machine here has one
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test-{uuid.uuid4().hex}"
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    yield cache
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_the_settings_use_it_when_a_cache_url_is_set():
    from tests.governance.test_deploy_settings import _manage

    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = _manage("shell", "-c", code, CACHE_URL=REDIS_URL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "governance.redis_cache.RedisCache"


def test_no_redis_client_is_made_after_the_first_read_and_the_first_write(backend, monkeypatch):
    backend.set("warm", 1)
    backend.get("warm")
    made = []
    original = redis.Redis.__init__

    def counting(self, *args, **kwargs):
        made.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting)
    for number in range(20):
        backend.set(f"key-{number}", number)
        assert backend.get(f"key-{number}") == number
    assert backend.get_many(["key-1", "key-2", "missing"]) == {"key-1": 1, "key-2": 2}
    assert made == []


def test_it_reads_and_writes_as_djangos_backend(backend):
    assert backend.get("absent", "default") == "default"
    assert backend.add("once", "first") and not backend.add("once", "second")
    assert backend.get("once") == "first"
    backend.set_many({"a": [1, 2], "b": {"x": "فارسی"}})
    assert backend.get_many(["a", "b"]) == {"a": [1, 2], "b": {"x": "فارسی"}}
    backend.set("counter", 1)
    assert backend.incr("counter") == 2
    backend.delete("a")
    assert backend.get("a") is None and backend.has_key("b")


def test_threads_share_the_client_and_each_reads_its_own_value(backend):
    backend.set("warm", 0)

    def round_trip(number: int) -> int:
        backend.set(f"thread-{number}", number)
        found: int = backend.get(f"thread-{number}")
        return found

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(round_trip, range(200))) == list(range(200))
    assert len(backend._cache._clients) == 1  # one pool: reads and writes share a server
