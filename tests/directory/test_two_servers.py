"""Two nodes: two gunicorn servers on two ports, as two hosts behind a proxy would be, sharing
one PostgreSQL database (the test database) and one Redis (the test run's own).

PostgreSQL only: on SQLite the test database lives in this process's memory, which other
processes cannot open. CI's PostgreSQL leg runs these; on SQLite they are skipped.
Both servers get the same Host header, as behind a proxy, so they compute the same page keys.
"""

import http.cookiejar
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from bench.lib import Server, free_port
from tests.factories import ServiceFactory, seed_reference_data

pytestmark = pytest.mark.django_db(transaction=True)

HOST = "adresar.test"
REDIS_DB = 1
PASSWORD = "correct-horse-9"
VERIFIED = "Ověřeno "  # "Ověřeno 4. 12. 2026"; a never-verified listing says "Dosud neověřeno"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser():
    """An opener with its own cookies (one jar for both nodes, as one browser behind one
    proxy), which reports redirects instead of following them."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    opener.jar = jar
    return opener


def cookie(opener, name):
    return next(item.value for item in opener.jar if item.name == name)


def fetch(opener, url, data=None, headers=None):
    """(status, headers, body) of one request to a node, with the proxy's Host header."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Host": HOST, **(headers or {})})
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture(scope="module")
def nodes(django_db_setup, redis_server, tmp_path_factory):
    """Two gunicorn servers with 2 workers each, configured as `make serve` would be."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "two servers need a database both can open: run on PostgreSQL "
            "(DATABASE_URL=postgres://…; CI's PostgreSQL leg does)"
        )
    database = connection.settings_dict
    env = {
        "DJANGO_SETTINGS_MODULE": "directory.settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": f"{redis_server.url}/{REDIS_DB}",
        "SECRET_KEY": "two-nodes-one-secret-" + "x" * 40,
        "ALLOWED_HOSTS": f"127.0.0.1,{HOST}",
        # No collectstatic in tests: plain static file names.
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "RATELIMIT_ENABLED": "1",
        "PAGE_CACHE_SECONDS": "60",
        "SESSION_BACKEND": "cached_db",
    }
    logs = tmp_path_factory.mktemp("nodes")
    with (
        Server(free_port(), workers="2", log_path=logs / "a.log", **env) as a,
        Server(free_port(), workers="2", log_path=logs / "b.log", **env) as b,
    ):
        yield a, b


@pytest.fixture
def shared_state(nodes, redis_server):
    """Both nodes, with the shared Redis emptied and the reference data in the database."""
    redis.Redis.from_url(f"{redis_server.url}/{REDIS_DB}").flushdb()
    seed_reference_data()
    return nodes


def sign_in(opener, node):
    # Hashed as the servers' settings can check it (the tests' own hasher is MD5, for speed).
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, "two-nodes-salt", iterations=1000)
    User.objects.create_superuser("spravce", password=None)
    User.objects.filter(username="spravce").update(password=hashed)
    fetch(opener, node.base + "/accounts/login/")
    status, _, _ = fetch(
        opener,
        node.base + "/accounts/login/",
        {
            "username": "spravce",
            "password": PASSWORD,
            "csrfmiddlewaretoken": cookie(opener, "csrftoken"),
        },
    )
    assert status == 302, "the sign-in did not succeed"


def test_a_session_made_on_one_node_is_valid_on_the_other(shared_state):
    a, b = shared_state
    person = browser()
    sign_in(person, a)
    status, _, body = fetch(person, b.base + "/admin/")
    assert status == 200 and "spravce" in body
    # Signing out on B ends the session on A too.
    fetch(
        person, b.base + "/accounts/logout/", {"csrfmiddlewaretoken": cookie(person, "csrftoken")}
    )
    status, headers, _ = fetch(person, a.base + "/admin/")
    assert status == 302 and "/admin/login/" in headers["Location"]


def test_an_edit_through_one_node_is_seen_at_once_through_the_other(shared_state):
    a, b = shared_state
    service = ServiceFactory(name="Kontaktní centrum Jihlava", last_verified=None)
    profile = service.get_absolute_url()
    visitor = urllib.request.build_opener()

    status, headers, body = fetch(visitor, a.base + profile)
    assert status == 200 and headers["X-Cache"] == "miss" and VERIFIED not in body
    # Stored by A, served by B: one page cache for both.
    status, headers, _ = fetch(visitor, b.base + profile)
    assert status == 200 and headers["X-Cache"] == "hit"

    editor = browser()
    sign_in(editor, a)
    verify = reverse("admin:services_service_verify", args=[service.pk])
    status, _, _ = fetch(
        editor, b.base + verify, {"csrfmiddlewaretoken": cookie(editor, "csrftoken")}
    )
    assert status == 302

    for node in (a, b):
        status, headers, body = fetch(visitor, node.base + profile)
        assert status == 200 and VERIFIED in body, f"stale page from {node.base}"
    assert headers["X-Cache"] == "hit"  # A stored the new page, B serves it


def test_the_api_limit_counts_once_across_both_nodes_and_all_workers(shared_state):
    a, b = shared_state
    # Fixed one-minute windows: start early in one so that all requests fall in it.
    if time.time() % 60 > 35:
        time.sleep(60 - time.time() % 60 + 0.5)
    # Past the page cache, as an API client with a session would be: every request counts.
    headers = {"Cookie": "sessionid=api-client"}
    urls = [(a, b)[index % 2].base + "/api/services" for index in range(135)]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(
            pool.map(
                lambda url: fetch(urllib.request.build_opener(), url, headers=headers)[0], urls
            )
        )
    assert statuses.count(200) == 120  # the API's 120 a minute, not 120 per worker
    assert statuses.count(429) == 15
