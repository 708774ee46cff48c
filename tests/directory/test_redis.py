"""The cache, rate limits and sessions on a real redis-server, and what happens when it is down.

Two gunicorn servers sharing one Redis are tests/scale/test_two_servers.py; Redis stopped
under load is ``bench/fault.py --redis``.
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches

from bench.lib import RedisServer
from directory import ratelimit, redis_cache
from directory.settings import redis_caches
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def raw(server) -> redis.Redis:
    return redis.Redis.from_url(f"{server.url}/0")


# -- Redis up ---------------------------------------------------------------------------------


def test_anonymous_pages_are_stored_in_redis_and_served_from_it(client, page_cache, redis_cache):
    ServiceFactory(name="Kontaktní centrum Humpolec")
    assert client.get("/services/")["X-Cache"] == "miss"
    keys = {key.decode() for key in raw(redis_cache).keys("*page-cache:*")}
    assert any(key.endswith("page-cache:content-version") for key in keys)
    assert len(keys) == 2  # the version and the page
    hit = client.get("/services/")
    assert hit["X-Cache"] == "hit"
    assert "Kontaktní centrum Humpolec" in hit.content.decode()


def test_rate_limit_counts_in_redis_with_the_window_as_expiry(rate_limits, redis_cache):
    assert [ratelimit.hit("api", "client", "3/m") for _ in range(3)] == [None, None, None]
    assert ratelimit.hit("api", "client", "3/m") == 31  # the clock stands mid-window
    (key,) = raw(redis_cache).keys("*ratelimit:api:client:*")
    assert 0 < raw(redis_cache).ttl(key) <= 61
    assert ratelimit.hit("api", "another-client", "3/m") is None


def test_concurrent_counts_are_atomic(redis_cache):
    # Each thread has its own cache connection, as each gunicorn worker does.
    def count(_):
        return caches["default"].count("atomic", 60)

    with ThreadPoolExecutor(8) as pool:
        counts = list(pool.map(count, range(80)))
    assert sorted(counts) == list(range(1, 81))


def sign_in(client, settings):
    """Sign a superuser in with sessions in cached_db, as REDIS_URL sets them."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    User.objects.create_superuser("spravce", password="correct-horse-9")
    assert client.login(username="spravce", password="correct-horse-9")
    assert Session.objects.count() == 1
    assert client.get("/admin/").status_code == 200


def test_a_session_is_kept_in_redis_and_the_database(client, settings, redis_cache):
    sign_in(client, settings)
    assert raw(redis_cache).keys("*django.contrib.sessions.cached_db*")


def test_healthz_says_redis_answers(client, redis_cache):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\nredis ok\n"


# -- Redis down -------------------------------------------------------------------------------


def test_pages_answer_without_redis_and_are_not_stored(client, page_cache, redis_down):
    ServiceFactory(name="Kontaktní centrum Humpolec")
    for _ in range(2):
        response = client.get("/services/")
        assert response.status_code == 200
        assert response["X-Cache"] == "miss"
        assert "Kontaktní centrum Humpolec" in response.content.decode()
    assert client.get("/").status_code == 200  # the home page's counts (computed) too


def test_the_rate_limit_fails_open_with_a_warning(
    client, rate_limits, redis_down, monkeypatch, caplog
):
    monkeypatch.setattr(ratelimit, "_warned_at", float("-inf"))
    with caplog.at_level(logging.WARNING):
        answers = [ratelimit.hit("api", "client", "1/m") for _ in range(3)]
        statuses = {client.get("/api/services").status_code for _ in range(3)}
    assert answers == [None, None, None]
    assert statuses == {200}
    messages = [record.getMessage() for record in caplog.records]
    assert "Rate limits not enforced (first: api): the cache is unreachable" in messages
    assert any(message.startswith("Redis unreachable (ConnectionError)") for message in messages)
    # One warning per process and half-minute, not one per request.
    assert messages.count("Rate limits not enforced (first: api): the cache is unreachable") == 1


def test_sessions_fall_back_to_the_database(client, settings, redis_down):
    sign_in(client, settings)
    client.logout()
    assert Session.objects.count() == 0
    assert client.get("/admin/").status_code == 302


def test_healthz_is_200_and_says_redis_is_unavailable(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\nredis unavailable\n"


def test_after_a_failure_redis_is_left_alone_for_a_second(redis_down, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(redis_cache, "clock", lambda: now[0])
    backend = caches["default"]
    attempts = []
    original = backend._cache.get_client

    def get_client(*args, **kwargs):
        attempts.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(backend._cache, "get_client", get_client)
    assert backend.get("a", "default") == "default"
    assert len(attempts) == 1 and not backend.available
    assert backend.get_many(["a", "b"]) == {}
    assert backend.add("a", 1) is False
    assert backend.count("a", 60) is None
    assert len(attempts) == 1  # none of these tried Redis
    now[0] += redis_cache.RETRY_SECONDS
    assert backend.available
    assert backend.get("a", "default") == "default"
    # One more attempt: deleting the key add() meant to write; it failed, so get() did not try.
    assert len(attempts) == 2 and not backend.available


# -- Redis back -------------------------------------------------------------------------------


@pytest.fixture
def own_redis(settings):
    """A redis-server of this test's own, to stop and start (the session's stays up)."""
    server = RedisServer().start()
    settings.CACHES = redis_caches(f"{server.url}/0")
    yield server
    server.stop()


def test_it_recovers_by_itself_when_redis_is_back(client, own_redis, page_cache, caplog):
    ServiceFactory()
    assert client.get("/services/")["X-Cache"] == "miss"
    own_redis.stop()
    with caplog.at_level(logging.WARNING):
        assert client.get("/services/")["X-Cache"] == "miss"
        assert client.get("/healthz").content == b"ok\nredis unavailable\n"
        own_redis.start()  # empty: no persistence
        time.sleep(redis_cache.RETRY_SECONDS)
        assert client.get("/services/")["X-Cache"] == "miss"
        assert client.get("/services/")["X-Cache"] == "hit"
    assert client.get("/healthz").content == b"ok\nredis ok\n"
    messages = [record.getMessage() for record in caplog.records]
    assert any(message.startswith("Redis unreachable") for message in messages)
    assert any(message.startswith("Redis reachable again") for message in messages)


def test_writes_that_failed_are_undone_when_redis_answers_again(own_redis, caplog):
    # Redis unreachable but not restarted (a network partition, here: clients paused), so it
    # still holds the old value: a signed-out session would be valid again.
    cache.set("session", "signed in")
    raw(own_redis).client_pause(1500)
    with caplog.at_level(logging.WARNING):
        cache.delete("session")  # times out after 0.5 s
        assert cache.get("session") is None
        time.sleep(1.6)  # the pause is over, and so is the back-off
        assert cache.get("session") is None
        assert raw(own_redis).get(":1:session") is None
    messages = [record.getMessage() for record in caplog.records]
    assert "Redis unreachable (TimeoutError): " in messages[0]
    assert "Redis reachable again; 1 entries written during the outage deleted" in messages
