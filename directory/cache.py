"""Whole-page cache for anonymous visitors, its invalidation, and the page for database outages.

What is cached: a GET answered 200 to a visitor without a session (or messages) cookie, whose
response sets no cookie, did not use a CSRF token and does not opt out through its own
``Cache-Control`` (``private``, ``no-cache``, ``no-store``, ``max-age=0`` – e.g. ``/healthz``
and the admin). The key is the scheme, host, full path with query string, the language the
visitor would get (the language cookie; Accept-Language is ignored), the ``Accept`` header and whether it is an
htmx request; so a page is shared only between visitors who would see the very same bytes.

Signed-in users always carry the session cookie, so they bypass the cache entirely – they never
get a cached page and their pages are never stored – and their responses are marked
``private, no-store``. The CSRF rule is what makes this safe: a page with a form carrying a
token is specific to its visitor and is never stored. That is why the anonymous language
switch posts without a token (``set_language`` is CSRF-exempt in ``directory/urls.py``: the
worst a forged request can do is switch the visitor's language).

Invalidation is by a global content version: every save or delete of a listing, schedule,
area, closure, alert, capacity, event, organization, taxonomy term or place bumps it (after
the transaction commits; each app names its models in its ``AppConfig.ready()``), and
entries stored under an older version are never served. Each entry records the version read
*before* its page was rendered, so a page rendered from data that changed meanwhile is never
served either. Bulk writes send no signals: call ``bump_content_version()``
after them. Other caches of computed content (planning's matrices, the API's counts) key their
entries by the same version, so it is bumped even when whole pages are not cached.

With the default local-memory backend each gunicorn worker has its own cache, and the
version is kept in a small file that the workers of the host share (see below), so a change
retires every worker's pages at once. Redis (``REDIS_URL``) shares one version and one cache
between all workers and hosts; while it is unreachable pages are rendered as on a miss and not
stored (``directory.redis_cache``).
"""

import contextlib
import hashlib
import logging
import os
import tempfile
import time
import uuid
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import InterfaceError, OperationalError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import (
    cc_delim_re,
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from directory.middleware import chosen_language

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:content-version"
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}
# Headers a stored page keeps; the rest (cookies never reach here) are per response.
SKIPPED_HEADERS = {"set-cookie", "age", "x-cache"}


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _storing(cache) -> bool:
    """False while Redis is known to be down: storing would only queue keys to delete later."""
    return getattr(cache, "available", True)


# -- the content version ------------------------------------------------------------------
#
# In a shared cache (Redis, database) the version is a cache key, one for all workers and
# hosts. Local memory is private to each worker process, so there the version lives in a small
# file in the temporary directory that the workers of this host share: a bump by one worker
# is seen by the others at their next request, for the price of one stat() call.


def _version_file() -> Path | None:
    if not isinstance(_cache(), LocMemCache):
        return None
    configured = getattr(settings, "PAGE_CACHE_VERSION_FILE", "")
    if configured:
        return Path(configured)
    site = f"{settings.BASE_DIR}|{settings.DATABASES['default']['NAME']}"
    digest = hashlib.sha256(site.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"adresar-page-cache-{digest}.version"


_file_seen: dict[Path, tuple[tuple[int, int], str]] = {}


def _read_version_file(path: Path) -> str:
    try:
        stat = path.stat()
    except FileNotFoundError:
        _write_version_file(path)
        stat = path.stat()
    signature = (stat.st_ino, stat.st_mtime_ns)
    seen = _file_seen.get(path)
    if seen is None or seen[0] != signature:
        seen = (signature, path.read_text().strip())
        _file_seen[path] = seen
    return seen[1]


def _write_version_file(path: Path) -> None:
    # Write a new file and rename it over the old one: readers see one version or the other.
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
    temporary.write_text(uuid.uuid4().hex)
    os.replace(temporary, path)


# Within a request (``PageCacheMiddleware``) the version is read once and remembered here: a
# search asks for it half a dozen times (its town, terms, nearest services, rows, cards), each a
# stat() or a Redis round trip. The request's results are stored under the version read before
# any of them was computed, which is what retires them at a change made meanwhile.
_request_version: ContextVar[dict | None] = ContextVar("request_content_version", default=None)


@contextlib.contextmanager
def one_content_version(version: str | None = None):
    """Read the content version once inside the block (``version``, if already known)."""
    token = _request_version.set({} if version is None else {"version": version})
    try:
        yield
    finally:
        _request_version.reset(token)


def content_version() -> str:
    remembered = _request_version.get()
    if remembered is not None and "version" in remembered:
        return remembered["version"]
    path = _version_file()
    if path is not None:
        version = _read_version_file(path)
    else:
        version = _cache().get(VERSION_KEY)
        if version is None:
            version = _new_version()
    if remembered is not None:
        remembered["version"] = version
    return version


def _new_version() -> str:
    """Start a version when there is none (a fresh or flushed cache): add, so racing
    workers agree on one."""
    _cache().add(VERSION_KEY, uuid.uuid4().hex, None)
    return _cache().get(VERSION_KEY) or ""


def bump_content_version() -> None:
    """Retire every stored page (one cache write, or one small file with local memory)."""
    path = _version_file()
    if path is not None:
        _write_version_file(path)
    else:
        _cache().set(VERSION_KEY, uuid.uuid4().hex, None)
    remembered = _request_version.get()
    if remembered is not None:
        remembered.pop("version", None)  # the rest of the request reads the new one


# A safety net only: the content version retires computed data at the first change.
COMPUTED_SECONDS = 60 * 60


def fragment_cache_alias() -> str:
    """The cache of the search's per-service rows and card parts and of the form's term
    checkboxes: ``cards``, apart so they never evict pages, or the default one under settings
    that define no such alias."""
    return "cards" if "cards" in settings.CACHES else "default"


def cached_until_change(key: str, compute, seconds: int = COMPUTED_SECONDS):
    """``compute()``, kept in the default cache until the content changes (under the content
    version; ``seconds`` at most): none of its queries on a hit. For data derived from
    listings that every request would otherwise recompute (counts, choices), signed-in users'
    requests included.

    The version is read before computing, so a change committed meanwhile retires the result.
    Values are pickled in and out of the cache: each caller gets its own copy.
    """
    full_key = f"computed:{content_version()}:{key}"
    found = caches["default"].get(full_key)
    if found is None:
        found = compute()
        if _storing(caches["default"]):
            caches["default"].set(full_key, found, seconds)
    return found


def fragments(keys: dict[str, object], compute, seconds: int | None = None) -> dict:
    """Values of a page that do not depend on its query (a town's week, a profile's parts),
    from the fragment cache (``cards``) under the content version: one ``get_many`` for all of
    ``keys`` (name -> the key's own parts); ``compute(missing names)`` returns the values of
    those not found, which are stored. Off (computed every time) when
    ``settings.CARD_CACHE_SECONDS`` is 0, as in the tests that do not turn it on.

    The version is read before computing, so a change committed meanwhile retires the result.
    """
    seconds = settings.CARD_CACHE_SECONDS if seconds is None else seconds
    if not seconds:
        return compute(list(keys))
    cache = caches[fragment_cache_alias()]
    version = content_version()
    full = {name: f"fragment:{version}:{key}" for name, key in keys.items()}
    found = cache.get_many(list(full.values()))
    values = {name: found[key] for name, key in full.items() if key in found}
    missing = [name for name in keys if name not in values]
    if missing:
        computed_values = compute(missing)
        if _storing(cache):
            cache.set_many({full[name]: computed_values[name] for name in missing}, seconds)
        values.update(computed_values)
    return values


def fragment(key: str, compute, seconds: int | None = None):
    """One value through ``fragments``."""
    return fragments({"value": key}, lambda missing: {"value": compute()}, seconds)["value"]


def _changed(sender, **kwargs):
    # After the commit: until then other requests still read the old rows, and a page
    # rendered from them must stay valid. Immediately when not in a transaction.
    transaction.on_commit(bump_content_version)


def _m2m_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        _changed(sender, **kwargs)


def bump_version_on_change(models, m2m_fields=()) -> None:
    """Bump the content version whenever a row of ``models`` or a link of ``m2m_fields``
    (many-to-many fields, ``Service.types``) is saved or deleted. Each app calls it from its
    ``AppConfig.ready()`` for those of its own models that public pages show."""
    for model in models:
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
    for field in m2m_fields:
        m2m_changed.connect(
            _m2m_changed,
            sender=field.through,
            dispatch_uid=f"page-cache-{field.through._meta.label_lower}",
        )


# -- the middleware -----------------------------------------------------------------------


def is_personal(request) -> bool:
    """Whether the request may belong to a signed-in user (session cookie, credentials) or
    carry one-off messages."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies
        or "Authorization" in request.headers
    )


def page_key(request) -> str:
    language = chosen_language(request)
    parts = (
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        language,
        request.headers.get("Accept", ""),
        "htmx" if request.headers.get("HX-Request") else "",
    )
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"page-cache:{digest}"


def _cache_control(response) -> dict[str, str]:
    value = response.headers.get("Cache-Control", "")
    directives = {}
    for part in cc_delim_re.split(value):
        name, _, argument = part.partition("=")
        if name.strip():
            directives[name.strip().lower()] = argument.strip().strip('"')
    return directives


def _opts_out(response) -> bool:
    directives = _cache_control(response)
    return bool(directives.keys() & UNCACHEABLE_DIRECTIVES) or directives.get("max-age") == "0"


def cacheable(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        # The page rendered a CSRF token: it belongs to this visitor alone.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not has_vary_header(response, "*")
        and not _opts_out(response)
        # A nonce must be new on every response.
        and "nonce-" not in response.headers.get("Content-Security-Policy", "")
    )


class PageCacheMiddleware:
    """Serve and store anonymous pages; turn database outages into a friendly 503.

    Placed right after WhiteNoise, before sessions: a hit costs one cache round trip (plus a
    stat() of the version file with local memory) and no database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if is_personal(request):
            with one_content_version():
                return self._private(self.get_response(request))
        if request.method != "GET" or seconds <= 0:
            with one_content_version():
                return self.get_response(request)

        key = page_key(request)
        if _version_file() is None:  # a shared cache: both in one round trip
            found = _cache().get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or _new_version()
            entry = found.get(key)
        else:
            version = content_version()
            entry = _cache().get(key)
        if entry is not None and entry[0] == version:
            return self._hit(entry)

        with one_content_version(version):
            response = self.get_response(request)
        if cacheable(request, response):
            self._public(response)
            if _storing(_cache()):
                headers = [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in SKIPPED_HEADERS
                ]
                stored = (version, time.time(), response.status_code, headers, response.content)
                _cache().set(key, stored, seconds)
            response["X-Cache"] = "miss"
        elif "Cache-Control" not in response:
            patch_cache_control(response, private=True)
        return response

    def process_exception(self, request, exception):
        return outage_response(request, exception)

    @staticmethod
    def _public(response):
        # The language comes from a cookie only (directory.middleware), never Accept-Language.
        patch_vary_headers(response, ("Cookie",))
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
        if not response.has_header("ETag"):
            set_response_etag(response)

    @staticmethod
    def _private(response):
        patch_vary_headers(response, ("Cookie",))
        if "Cache-Control" in response:
            patch_cache_control(response, private=True)
        else:
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _hit(entry):
        _version, stored_at, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["Age"] = str(max(0, int(time.time() - stored_at)))
        response["X-Cache"] = "hit"
        return response


def outage_response(request, exception) -> HttpResponse | None:
    """The 503 page for an exception that means the database is unreachable, else None.

    Used for exceptions in views (``process_exception``) and, through ``handler500``, for those
    raised where no view is running: middleware loading or saving a session, for example."""
    if not isinstance(exception, OperationalError | InterfaceError):
        return None
    # The path only: query strings and bodies may carry personal data.
    logger.warning("Database unavailable (%s) for %s", type(exception).__name__, request.path)
    response = database_unavailable()
    # Logged above with its cause; spare django.request a second line per request.
    response._has_been_logged = True
    return response


def database_unavailable() -> HttpResponse:
    """The static 503 page: rendered without a request, so without any database access."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    patch_cache_control(response, no_store=True)
    return response
