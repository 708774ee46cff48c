"""A bounded soak: minutes of load at 64 connections on loopback, then the verdict.

Passes with zero 5xx, zero timeouts and zero connection errors, and worker memory flat
(RSS sampled after a warm-up and at the end). The mix, nine to one: the bench URLs and 100
service profiles as anonymous visitors (served from the page cache after the first request),
and the same profiles uncached (with a session cookie, as signed-in users). Pages that take over --slow-limit seconds for
one request on this branch are left out and named.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import BYPASS_COOKIE, Server, log, prepare, probe, rotating_script, wrk


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", "300")))
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--slow-limit", type=float, default=5)
    parser.add_argument("--max-growth", type=float, default=0.25, help="allowed RSS growth")
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()

    if not args.skip_prepare:
        prepare()
    pages = []
    for name, path in probe("urls"):
        counted = probe("count", path, timeout=args.slow_limit)
        if counted is None:
            log(f"left out (over {args.slow_limit:g} s per request): {name} {path}")
        elif counted["status"] == 200:
            pages.append(path)
        else:
            log(f"left out (HTTP {counted['status']}): {name} {path}")
    profiles = probe("profiles", "100")
    anonymous = pages + profiles
    # Nine anonymous requests (cached after the first) to one uncached, as most visitors
    # are anonymous.
    mix = []
    for index, profile in enumerate(profiles):
        mix += [(anonymous[(index * 9 + k) % len(anonymous)], "") for k in range(9)]
        mix.append((profile, BYPASS_COOKIE))
    script = rotating_script("soak", mix)
    log(f"mix: {len(mix)} URLs ({sum(1 for _, c in mix if c)} uncached)")

    failures = []
    with Server() as server:
        log(f"warm-up {args.warmup} s at {args.connections} connections")
        wrk(server.base + "/", seconds=args.warmup, connections=args.connections, script=script)
        before = server.worker_rss_mib()
        log(f"worker RSS before: {_rss(before)}")
        log(f"soak {args.seconds} s at {args.connections} connections")
        started = time.monotonic()
        result = wrk(
            server.base + "/",
            seconds=args.seconds,
            connections=args.connections,
            threads=2,
            script=script,
            timeout="5s",
        )
        after = server.worker_rss_mib()
        log(f"worker RSS after:  {_rss(after)} ({time.monotonic() - started:.0f} s)")

    print(result.raw)
    print(
        f"requests {result.requests}, {result.rps:.0f}/s, p50 {result.p50_ms} ms, "
        f"p99 {result.p99_ms} ms, non-2xx {result.non_2xx}, timeouts {result.timeouts}, "
        f"connect/write errors {result.socket_errors}"
    )
    if result.non_2xx:
        failures.append(f"{result.non_2xx} responses were not 2xx/3xx")
    if result.timeouts:
        failures.append(f"{result.timeouts} requests timed out (> 5 s)")
    if result.socket_errors:
        failures.append(f"{result.socket_errors} connection errors")
    if set(after) != set(before):
        failures.append("workers were replaced during the soak (crash or timeout kill)")
    for pid, rss in after.items():
        if pid in before and rss > before[pid] * (1 + args.max_growth):
            failures.append(f"worker {pid} grew from {before[pid]:.0f} to {rss:.0f} MiB")
    if failures:
        print("SOAK FAILED: " + "; ".join(failures))
        sys.exit(1)
    print("SOAK PASSED: no errors, no timeouts, worker memory flat")


def _rss(rss: dict) -> str:
    return ", ".join(f"{pid}: {mib:.0f} MiB" for pid, mib in sorted(rss.items())) or "none"


if __name__ == "__main__":
    main()
