import pytest
from django.core.cache import cache

from directory import cache as page_cache_module
from directory.cache import bump_content_version, cached_until_change
from services.models import Vocabulary
from tests.factories import ScheduleFactory, ServiceFactory, term

pytestmark = pytest.mark.django_db


def test_anonymous_page_is_stored_then_served_without_queries(
    client, page_cache, django_assert_num_queries
):
    ServiceFactory(name="Kontaktní centrum Humpolec")
    first = client.get("/services/")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/services/")
    assert second.status_code == 200
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "Kontaktní centrum Humpolec" in second.content.decode()


def test_anonymous_pages_are_public_briefly_and_vary_by_cookie_and_language(client, page_cache):
    ServiceFactory()
    for response in (client.get("/"), client.get("/")):
        assert response["Cache-Control"] == "public, max-age=60"
        vary = {part.strip() for part in response["Vary"].split(",")}
        assert "Cookie" in vary
        assert response["ETag"]


def test_conditional_get_answers_304_for_the_same_etag(client, page_cache):
    ServiceFactory()
    etag = client.get("/")["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    hit = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert hit.status_code == 304
    assert client.get("/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_signed_in_user_never_gets_the_cached_anonymous_page(client, professional, page_cache):
    ServiceFactory()
    assert client.get("/")["X-Cache"] == "miss"
    assert client.get("/")["X-Cache"] == "hit"
    client.force_login(professional)
    response = client.get("/")
    assert "X-Cache" not in response
    assert "Sign out" in response.content.decode() or "Odhlásit" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_signed_in_users_page_is_never_stored_for_others(client, professional, page_cache):
    ServiceFactory()
    client.force_login(professional)
    personal = client.get("/").content.decode()
    assert "csrfmiddlewaretoken" in personal  # the sign-out form
    client.logout()
    anonymous = client.get("/")
    assert anonymous["X-Cache"] == "miss"
    assert "csrfmiddlewaretoken" not in anonymous.content.decode()


def test_a_page_with_a_csrf_token_is_never_stored(client, page_cache):
    for _ in range(2):
        response = client.get("/accounts/login/")
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert response.get("X-Cache") != "hit"
        assert "public" not in response.get("Cache-Control", "")


def test_the_language_switch_works_without_a_token(page_cache):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_cached_pages_are_kept_per_language(client, page_cache):
    ServiceFactory()
    czech = client.get("/")
    # A browser's Accept-Language does not switch the language (Czech unless chosen).
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").content == czech.content
    client.cookies["django_language"] = "en"
    english = client.get("/")
    assert english["X-Cache"] == "miss"
    assert english["Content-Language"] == "en"
    assert '<html lang="en">' in english.content.decode()
    assert client.get("/").content == english.content


def test_query_string_and_htmx_requests_are_cached_separately(client, page_cache):
    ServiceFactory()
    client.get("/services/")
    assert client.get("/services/?page=2")["X-Cache"] == "miss"
    assert client.get("/services/", HTTP_HX_REQUEST="true")["X-Cache"] == "miss"
    assert client.get("/services/")["X-Cache"] == "hit"


def test_health_check_and_posts_are_never_cached(client, page_cache):
    for _ in range(2):
        response = client.get("/healthz")
        assert "X-Cache" not in response
    client.get("/")
    assert client.post("/").get("X-Cache") != "hit"


def test_saving_a_service_invalidates_cached_pages(
    client, page_cache, django_capture_on_commit_callbacks
):
    service = ServiceFactory(name="Stará služba")
    url = service.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        service.name = "Nová služba"
        service.save()
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "Nová služba" in response.content.decode()


def test_changing_a_schedule_invalidates_cached_pages(
    client, page_cache, django_capture_on_commit_callbacks
):
    schedule = ScheduleFactory()
    url = schedule.service.get_absolute_url()
    client.get(url)
    before = page_cache_module.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        schedule.closes_at = schedule.closes_at.replace(hour=19)
        schedule.save()
    assert page_cache_module.content_version() != before
    assert client.get(url)["X-Cache"] == "miss"


def test_changing_service_types_and_deleting_invalidate(
    page_cache, django_capture_on_commit_callbacks
):
    service = ServiceFactory()
    versions = [page_cache_module.content_version()]
    with django_capture_on_commit_callbacks(execute=True):
        service.types.add(term(Vocabulary.SERVICE_TYPE, "outreach"))
    versions.append(page_cache_module.content_version())
    with django_capture_on_commit_callbacks(execute=True):
        service.schedules.all().delete()
        ScheduleFactory(location__service=service).delete()
    versions.append(page_cache_module.content_version())
    assert len(set(versions)) == 3


def test_a_change_that_is_rolled_back_keeps_the_cache(
    page_cache, django_capture_on_commit_callbacks
):
    from django.db import transaction

    service = ServiceFactory()
    before = page_cache_module.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                service.name = "Rozepsané"
                service.save()
                raise RuntimeError
        except RuntimeError:
            pass
    assert page_cache_module.content_version() == before


def test_a_page_rendered_while_data_changed_is_not_served(client, page_cache, monkeypatch):
    """The entry keeps the version read before rendering: a bump meanwhile retires it."""
    ServiceFactory()
    original = page_cache_module.cacheable

    def bump_while_rendering(request, response):
        page_cache_module.bump_content_version()
        return original(request, response)

    monkeypatch.setattr(page_cache_module, "cacheable", bump_while_rendering)
    client.get("/")
    monkeypatch.setattr(page_cache_module, "cacheable", original)
    assert client.get("/")["X-Cache"] == "miss"


def test_a_change_made_by_another_worker_retires_this_workers_pages(client, page_cache, settings):
    """Local memory is per process: the workers of a host share the version through a file."""
    import os
    from pathlib import Path

    ServiceFactory()
    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"
    shared = Path(settings.PAGE_CACHE_VERSION_FILE)
    written_elsewhere = shared.with_name("from-another-process")
    written_elsewhere.write_text("a-version-bumped-by-another-worker")
    os.replace(written_elsewhere, shared)
    assert page_cache_module.content_version() == "a-version-bumped-by-another-worker"
    assert client.get("/")["X-Cache"] == "miss"


def test_the_page_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    ServiceFactory()
    client.get("/")
    assert "X-Cache" not in client.get("/")


def test_requests_with_credentials_bypass_the_cache(client, page_cache):
    ServiceFactory()
    client.get("/")
    response = client.get("/", HTTP_AUTHORIZATION="Bearer token")
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]


@pytest.fixture
def redis_cache(settings):
    """The page cache on Redis (127.0.0.1:6379, database 15), if a Redis server is there."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "adresar-tests",
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    from django.core.cache import caches

    caches["default"].clear()
    yield
    caches["default"].clear()


def test_pages_are_cached_and_invalidated_in_redis(
    client, redis_cache, django_capture_on_commit_callbacks
):
    service = ServiceFactory(name="Služba v Redisu")
    client.get("/services/")
    hit = client.get("/services/")
    assert hit["X-Cache"] == "hit"
    assert "Služba v Redisu" in hit.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        service.name = "Přejmenovaná služba"
        service.save()
    fresh = client.get("/services/")
    assert fresh["X-Cache"] == "miss"
    assert "Přejmenovaná služba" in fresh.content.decode()


def test_computed_data_is_reused_until_the_content_changes():
    calls = []

    def compute():
        calls.append(None)
        return len(calls)

    assert [cached_until_change("answer", compute) for _ in range(2)] == [1, 1]
    bump_content_version()
    assert cached_until_change("answer", compute) == 2


def test_a_request_reads_the_content_version_once_and_again_after_a_change(monkeypatch):
    """Within a request the version is remembered (a search asks for it half a dozen times);
    a change made during the request retires it for the rest of the request."""
    reads = []
    read = page_cache_module._read_version_file
    monkeypatch.setattr(
        page_cache_module, "_read_version_file", lambda path: reads.append(path) or read(path)
    )
    with page_cache_module.one_content_version():
        first = page_cache_module.content_version()
        assert page_cache_module.content_version() == first
        assert len(reads) == 1
        bump_content_version()
        changed = page_cache_module.content_version()
        assert changed != first and page_cache_module.content_version() == changed
        assert len(reads) == 2
    # Outside a request, every call reads.
    page_cache_module.content_version()
    page_cache_module.content_version()
    assert len(reads) == 4
