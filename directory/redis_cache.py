"""Django's Redis cache backend, for which Redis down is a cache miss, not a server error.

Django's ``RedisCache`` raises on connection errors and timeouts, so every page, the rate
limiter and the sessions (``cached_db``) would fail with Redis. This subclass turns them into
what a cache miss looks like: ``get`` gives the default, ``get_many`` nothing, ``add`` False,
writes do nothing. Sessions then read and write the database only, pages are rendered
afresh and ``count()`` (the rate limiter's) gives None – the limiter lets the request through.
``incr()``/``decr()`` are left as Django has them (nothing here uses them on Redis).

After a failure the backend does not try Redis again for ``RETRY_SECONDS``, so an outage
costs each worker one failed connection attempt a second instead of several per request; the
first operation after that tries again, and it recovers by itself when Redis answers.

A write that failed leaves the old value in Redis when Redis only became unreachable (a
network partition) rather than lost its data (a restart): a session signed out during the
outage would be valid again, the content version of the page cache would be the old one. So
the keys of failed writes are remembered (up to ``MAX_REMEMBERED`` per process) and deleted
before anything else once Redis answers again.

One warning is logged when Redis becomes unreachable (then at most every
``WARN_EVERY_SECONDS`` while it stays so) and one line when it is back.
"""

import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 1.0
WARN_EVERY_SECONDS = 30.0
MAX_REMEMBERED = 10_000

clock = time.monotonic


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._warned_at: float | None = None
        self._stale: set[str] = set()

    @property
    def available(self) -> bool:
        """False while Redis is known to be unreachable (a failure less than RETRY_SECONDS
        ago): callers can skip storing what would not be kept anyway."""
        return clock() >= self._down_until

    def reachable(self) -> bool:
        """Whether Redis answers a PING right now (for /healthz; ignores the back-off)."""
        try:
            return bool(self._cache.get_client().ping())
        except UNREACHABLE:
            return False

    def _call(self, operation, default, written=()):
        """``operation()`` against Redis; ``default`` when Redis is unreachable. ``written``:
        the keys the operation writes, remembered when it fails."""
        if not self.available:
            self._remember(written)
            return default
        stale = len(self._stale)
        try:
            if stale:
                self._cache.delete_many(list(self._stale))
                self._stale.clear()
            result = operation()
        except UNREACHABLE as error:
            self._down_until = clock() + RETRY_SECONDS
            self._remember(written)
            if self._warned_at is None or clock() - self._warned_at >= WARN_EVERY_SECONDS:
                self._warned_at = clock()
                logger.warning(
                    "Redis unreachable (%s): pages are rendered without the cache, sessions "
                    "come from the database, rate limits are not enforced",
                    type(error).__name__,
                )
            return default
        if self._warned_at is not None or stale:
            self._warned_at = None
            logger.warning(
                "Redis reachable again; %d entries written during the outage deleted", stale
            )
        return result

    def _remember(self, keys) -> None:
        for key in keys:
            if len(self._stale) >= MAX_REMEMBERED:
                return
            self._stale.add(key)

    def _keys(self, keys, version):
        return [self.make_and_validate_key(key, version=version) for key in keys]

    def get(self, key, default=None, version=None):
        return self._call(functools.partial(super().get, key, default, version), default)

    def get_many(self, keys, version=None):
        return self._call(functools.partial(super().get_many, keys, version), {})

    def has_key(self, key, version=None):
        return self._call(functools.partial(super().has_key, key, version), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        operation = functools.partial(super().add, key, value, timeout, version)
        return self._call(operation, False, self._keys([key], version))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        operation = functools.partial(super().set, key, value, timeout, version)
        self._call(operation, None, self._keys([key], version))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        operation = functools.partial(super().set_many, data, timeout, version)
        return self._call(operation, list(data), self._keys(data, version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        operation = functools.partial(super().touch, key, timeout, version)
        return self._call(operation, False, self._keys([key], version))

    def delete(self, key, version=None):
        operation = functools.partial(super().delete, key, version)
        return self._call(operation, False, self._keys([key], version))

    def delete_many(self, keys, version=None):
        operation = functools.partial(super().delete_many, keys, version)
        self._call(operation, None, self._keys(keys, version))

    def clear(self):
        return self._call(super().clear, False)

    def count(self, key, timeout: int) -> int | None:
        """Add one to the counter ``key`` and return it, starting it with an expiry of
        ``timeout`` seconds: one atomic round trip (SET NX EX, then INCR, which keeps the
        expiry, in a MULTI transaction). None when Redis is unreachable."""
        key = self.make_and_validate_key(key)

        def increment():
            with self._cache.get_client(key, write=True).pipeline(transaction=True) as pipe:
                pipe.set(key, 0, ex=timeout, nx=True)
                pipe.incr(key)
                return pipe.execute()[1]

        return self._call(increment, None)
