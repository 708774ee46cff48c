"""A per-client rate limit for views, counted in the cache.

    from directory.ratelimit import ratelimit

    @ratelimit("60/m")
    def suggest_towns(request): ...

    path("api/services", ratelimit("60/m")(ServiceList.as_view()))

Fixed windows: at most ``rate`` requests per client address in each minute (or second, hour);
the next one gets 429 with ``Retry-After``. The count lives in the configured cache, so with
the default per-process local memory each gunicorn worker counts on its own (the effective
limit is N workers × the rate); Redis (``REDIS_URL``) gives one count for all workers and
hosts, one atomic increment with expiry per request. While Redis is unreachable requests are
let through (fail open: the limits protect capacity, and refusing everybody would be the
outage they exist to prevent) and a warning is logged. Addresses are hashed before they
become cache keys. ``RATELIMIT_ENABLED=0`` turns limits off (benchmarks).

``hit()`` counts anything else the same way (the password-reset e-mails per address), and
``client_ip()`` is the one notion of "the client" for the limits and for django-axes' sign-in
lockout alike (``AXES_CLIENT_IP_CALLABLE``), so ``RATELIMIT_PROXY_COUNT`` governs both.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600}

# The clock the windows are counted by; tests pin it inside one window so that a slow run
# cannot cross a window's edge and reset the count.
clock = time.time


def parse_rate(rate: str) -> tuple[int, int]:
    """``"60/m"`` → (60, 60): how many requests in how many seconds."""
    count, _, unit = rate.partition("/")
    try:
        return int(count), PERIODS[unit]
    except (ValueError, KeyError):
        raise ValueError(f"rate must look like 60/m (per s, m or h); got {rate!r}") from None


def client_ip(request) -> str:
    """The client's address; behind RATELIMIT_PROXY_COUNT trusted proxies, from
    X-Forwarded-For counted from the right (the left part can be forged by the client)."""
    proxies = settings.RATELIMIT_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.headers.get("X-Forwarded-For", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request) -> str:
    """The client, hashed (addresses never become cache keys as they are)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()[:32]


def hit(scope: str, identity: str, rate: str) -> int | None:
    """Count one request by ``identity`` (a hashed client, a hashed e-mail address) in
    ``scope``: None while within ``rate``, else the seconds until the window ends.
    One round trip to Redis (two local-memory operations) per call; always None with
    RATELIMIT_ENABLED off."""
    if not settings.RATELIMIT_ENABLED:
        return None
    limit, period = parse_rate(rate)
    now = clock()
    window = int(now // period)
    key = f"ratelimit:{scope}:{identity}:{window}"
    count = _count(key, period + 1)
    if count is None:
        _warn_unenforced(scope)
        return None
    if count > limit:
        return max(1, int((window + 1) * period - now) + 1)
    return None


# While the cache is down: a warning per process every half minute, not one per request.
WARN_EVERY_SECONDS = 30.0
_warned_at = float("-inf")


def _warn_unenforced(scope: str) -> None:
    global _warned_at
    if time.monotonic() - _warned_at >= WARN_EVERY_SECONDS:
        _warned_at = time.monotonic()
        logger.warning("Rate limits not enforced (first: %s): the cache is unreachable", scope)


def _count(key: str, seconds: int) -> int | None:
    """One more request under ``key``, counted for ``seconds``; None when it cannot be
    counted (Redis unreachable)."""
    if hasattr(cache, "count"):  # directory.redis_cache: one atomic round trip
        return cache.count(key, seconds)
    # Local memory: add() starts the window's count, incr() is atomic within the process.
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        return 1


def ratelimit(
    rate: str = "60/m",
    *,
    scope: str | None = None,
    methods: tuple[str, ...] | None = None,
    template: str | None = None,
):
    """Limit ``view`` to ``rate`` per client; only the requests of ``methods`` count (all when
    None). Beyond it the answer is 429: ``template`` rendered with ``retry_after`` (seconds)
    and ``retry_minutes``, or a short bilingual text."""
    parse_rate(rate)  # a bad rate fails at import time, not at the first request

    def decorator(view):
        name = scope or f"{view.__module__}.{getattr(view, '__qualname__', view.__name__)}"

        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            if methods is None or request.method in methods:
                retry_after = hit(name, client_key(request), rate)
                if retry_after is not None:
                    return too_many_requests(retry_after, request=request, template=template)
            return view(request, *args, **kwargs)

        return limited

    return decorator


def too_many_requests(retry_after: int, *, request=None, template: str | None = None):
    if template:
        context = {"retry_after": retry_after, "retry_minutes": -(-retry_after // 60)}
        response = render(request, template, context, status=429)
    else:
        response = HttpResponse(
            f"Příliš mnoho požadavků, zkuste to znovu za {retry_after} s.\n"
            f"Too many requests; try again in {retry_after} s.\n",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
