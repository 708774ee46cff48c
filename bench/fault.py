"""Stop PostgreSQL (or Redis) under load, check how pages answer, start it again, check recovery.

    python bench/fault.py [--skip-prepare] [--outage 8] [--dry-run] [--redis]

While wrk keeps 16 connections busy, the local PostgreSQL cluster is stopped with
``pg_ctlcluster --skip-systemctl-redirect VERSION main stop``. During the outage:
an uncached page must answer 503 with the friendly page (no traceback) within 5 seconds,
/healthz must answer 503, and a page already in the anonymous cache is still served. Then the
cluster is started again and the page and /healthz must answer 200 within 5 seconds of
PostgreSQL accepting connections – with the same gunicorn, never restarted.

PostgreSQL is shared with everybody's tests on this machine: the outage is kept short
(--outage seconds, default 8) and the cluster is started again whatever happens.
``--dry-run`` runs everything but the stop and start.

``--redis``: gunicorn runs with ``REDIS_URL`` on a redis-server of the test's own (a free
loopback port), which is stopped under load instead – anonymous (cached) and uncached pages
alike. During the outage every page must answer 200 (rendered, not from the cache) within
5 seconds and /healthz 200 saying "redis unavailable"; wrk must see no error at all. Then
the same redis-server port is started again (empty) and, within 5 seconds, /healthz must say
"redis ok" and the page be served from the shared cache again – same gunicorn.
"""

import argparse
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import BYPASS_COOKIE, RedisServer, Server, get, log, prepare, probe, wrk

FRIENDLY = "Adresář je na chvíli nedostupný"
ANSWER_WITHIN = 5.0
RECOVER_WITHIN = 5.0


def cluster(action: str) -> None:
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
        check=True,
        timeout=60,
    )


def postgres_ready() -> bool:
    return (
        subprocess.run(
            ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False, timeout=10
        ).returncode
        == 0
    )


class Checks(list):
    def __call__(self, ok: bool, what: str) -> None:
        self.append((ok, what))
        log(("ok   " if ok else "FAIL ") + what)

    def finish(self, result) -> None:
        if result:
            log(
                f"load during the test: {result.requests} requests, {result.non_2xx} not 2xx, "
                f"{result.timeouts} timeouts, p99 {result.p99_ms} ms"
            )
            self(result.timeouts == 0, "load: no request timed out (wrk timeout 6 s)")
        failed = [what for ok, what in self if not ok]
        print("FAULT TEST " + ("FAILED: " + "; ".join(failed) if failed else "PASSED"))
        sys.exit(1 if failed else 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=8, help="seconds the service stays down")
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--dry-run", action="store_true", help="do not stop anything")
    parser.add_argument("--redis", action="store_true", help="stop Redis instead of PostgreSQL")
    args = parser.parse_args()
    if not args.skip_prepare:
        prepare()
    profile = probe("profiles", "1")[0]
    (redis_outage if args.redis else postgres_outage)(args, profile, Checks())


def postgres_outage(args, profile, check):
    with Server() as server:
        page = server.base + profile
        get(page)  # now in the anonymous cache of one worker
        load_result = {}
        load = threading.Thread(
            target=lambda: load_result.update(
                result=wrk(page, seconds=int(args.outage) + 25, cookie=BYPASS_COOKIE, timeout="6s")
            )
        )
        load.start()
        time.sleep(5)
        check(get(page, cookie=BYPASS_COOKIE).status == 200, "before: the page answers 200")

        stopped_at = time.monotonic()
        try:
            if not args.dry_run:
                log("stopping PostgreSQL")
                cluster("stop")
            time.sleep(1)
            down = get(page, cookie=BYPASS_COOKIE, timeout=15)
            health = get(server.base + "/healthz", timeout=15)
            cached = get(page, timeout=15)
            if not args.dry_run:
                check(down.status == 503, f"outage: the page answers {down.status} (want 503)")
                check(FRIENDLY in down.body, "outage: it is the friendly page")
                check(
                    "Traceback" not in down.body and "OperationalError" not in down.body,
                    "outage: no traceback or error name on it",
                )
                check(
                    down.seconds < ANSWER_WITHIN,
                    f"outage: answered in {down.seconds:.2f} s (want < {ANSWER_WITHIN:g})",
                )
                check(health.status == 503, f"outage: /healthz answers {health.status} (want 503)")
            log(
                f"outage: the anonymous page answers {cached.status} "
                f"({cached.headers.get('X-Cache', 'no cache header')}; "
                "served if the answering worker had it cached)"
            )
            time.sleep(max(0.0, args.outage - (time.monotonic() - stopped_at)))
        finally:
            if not args.dry_run:
                log("starting PostgreSQL")
                cluster("start")
        while not postgres_ready():
            time.sleep(0.1)
        ready_at = time.monotonic()
        log(f"PostgreSQL accepts connections again ({ready_at - stopped_at:.1f} s after the stop)")
        recovered = None
        while time.monotonic() - ready_at < 30:
            if (
                get(page, cookie=BYPASS_COOKIE, timeout=5).status == 200
                and get(server.base + "/healthz", timeout=5).status == 200
            ):
                recovered = time.monotonic() - ready_at
                break
            time.sleep(0.2)
        check(
            recovered is not None and recovered <= RECOVER_WITHIN,
            f"recovery: page and /healthz answer 200 after "
            f"{'never' if recovered is None else f'{recovered:.1f} s'} (want ≤ {RECOVER_WITHIN:g} s)"
            ", same gunicorn",
        )
        statuses = [get(page, cookie=BYPASS_COOKIE).status for _ in range(6)]
        check(all(status == 200 for status in statuses), f"after: every worker answers {statuses}")
        load.join()

    check.finish(load_result.get("result"))


def redis_outage(args, profile, check):
    with RedisServer() as redis_server, Server(REDIS_URL=f"{redis_server.url}/0") as server:
        page = server.base + profile
        get(page)
        check(get(page).headers.get("X-Cache") == "hit", "before: the page is in the shared cache")
        check("redis ok" in get(server.base + "/healthz").body, "before: /healthz says redis ok")
        seconds = int(args.outage) + 20
        load_results = {}

        def load(name, **options):
            load_results[name] = wrk(page, seconds=seconds, connections=8, timeout="6s", **options)

        loads = [
            threading.Thread(target=load, args=("anonymous",)),
            threading.Thread(target=load, args=("uncached",), kwargs={"cookie": BYPASS_COOKIE}),
        ]
        for thread in loads:
            thread.start()
        time.sleep(5)
        stopped_at = time.monotonic()
        if not args.dry_run:
            log("stopping redis-server")
            redis_server.stop()
        time.sleep(1)
        down = get(page, timeout=15)
        uncached = get(page, cookie=BYPASS_COOKIE, timeout=15)
        health = get(server.base + "/healthz", timeout=15)
        if not args.dry_run:
            for reply, what in ((down, "the anonymous page"), (uncached, "an uncached page")):
                check(
                    reply.status == 200 and reply.seconds < ANSWER_WITHIN,
                    f"outage: {what} answers {reply.status} in {reply.seconds:.2f} s "
                    f"(want 200 within {ANSWER_WITHIN:g} s)",
                )
            check(down.headers.get("X-Cache") == "miss", "outage: rendered, not from the cache")
            check(
                health.status == 200 and "redis unavailable" in health.body,
                f"outage: /healthz answers {health.status} {health.body.split()!r}",
            )
        time.sleep(max(0.0, args.outage - (time.monotonic() - stopped_at)))
        if not args.dry_run:
            log("starting redis-server again (empty) on the same port")
            redis_server.start()
        started_at = time.monotonic()
        recovered = None
        while time.monotonic() - started_at < 30:
            get(page, timeout=5)
            if (
                "redis ok" in get(server.base + "/healthz", timeout=5).body
                and get(page, timeout=5).headers.get("X-Cache") == "hit"
            ):
                recovered = time.monotonic() - started_at
                break
            time.sleep(0.2)
        check(
            recovered is not None and recovered <= RECOVER_WITHIN,
            "recovery: /healthz says redis ok and the page comes from the cache after "
            f"{'never' if recovered is None else f'{recovered:.1f} s'} "
            f"(want ≤ {RECOVER_WITHIN:g} s), same gunicorn",
        )
        for thread in loads:
            thread.join()
    warned = "Redis unreachable" in server.log_path.read_text()
    check(args.dry_run or warned, "the workers logged that Redis was unreachable")
    for name, result in load_results.items():
        check(
            result.non_2xx == 0 and result.socket_errors == 0,
            f"load ({name}): {result.requests} requests, {result.non_2xx} not 2xx, "
            f"{result.socket_errors} socket errors (want 0)",
        )
    check.finish(load_results.get("uncached"))


if __name__ == "__main__":
    main()
