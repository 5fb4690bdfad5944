"""Django's Redis cache, with one Redis client kept per connection pool.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` for every cache call; each one
fills a table of about 170 response callbacks before it sends a byte, which cost a page with six
cache reads about 1 ms of CPU (docs/performance.md, "Cache clients"). A `redis.Redis` is safe to
share between threads (it takes a connection from its pool for each command), so one per pool
is kept instead. Everything else is Django's own backend.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, with the `redis.Redis` of each connection pool made once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # (Django's private helpers, which django-stubs does not declare.)
        django: Any = self
        index = django._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            make = django._client  # redis.Redis
            client = make(connection_pool=django._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCache(DjangoRedisCache):
    """`django.core.cache.backends.redis.RedisCache` over `ReusingRedisCacheClient`."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
