"""`make bench`: requests/s and latency of the main pages on PostgreSQL with national data.

Prepares the bench database (bench/lib.py), counts each URL's queries (bench/probe.py),
starts gunicorn as `make serve` does and measures every URL with wrk at 16 connections:
uncached (with a session cookie, which takes a request past the anonymous page cache as a
signed-in user's does) and cached (repeated anonymous requests). Prints a table and writes it
with the raw wrk output to bench/results/. See bench/README.md for the targets.
"""

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import (
    BYPASS_COOKIE,
    RESULTS,
    SERVICES,
    Server,
    get,
    log,
    prepare,
    probe,
    rotating_script,
    wrk,
)

# The targets of issue #17, uncached: (share of the ceiling, p99 ms) by row name; the product's
# goal beyond it is 25 % on the mix.
TARGETS = {
    "search: mix": (0.12, 100),
    "search: town": (0.08, 200),
    "search: town+day": (0.08, 200),
    "search: town+day+time": (0.08, 200),
    "search: type+region": (0.08, 200),
    "search: free text": (0.08, 200),
    "town page": (0.15, 100),
    "service profile": (0.15, 100),
    "home": (0.15, 100),
}
# "search: mix" rotates over this many (town, day) searches: no per-query cache can help.
MIX_SIZE = 240
CACHED_SHARE = 0.80


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds",
        type=int,
        default=int(os.environ.get("BENCH_SECONDS", "5")),
        help="measured seconds per URL and mode (default 5)",
    )
    parser.add_argument("--warmup", type=int, default=1, help="warm-up seconds per URL and mode")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--services", type=int, default=SERVICES)
    parser.add_argument(
        "--slow-limit",
        type=float,
        default=5,
        help="give up on a page whose single request takes longer (default 5 s)",
    )
    parser.add_argument("--skip-prepare", action="store_true", help="database already prepared")
    args = parser.parse_args()
    started = time.monotonic()

    if not args.skip_prepare:
        prepare(args.services)
    log("counting queries per URL (Django test client, page cache off)")
    pages = []
    for name, path in probe("urls"):
        counted = probe("count", path, timeout=args.slow_limit)
        if counted is None:
            counted = {"status": None, "queries": None, "bytes": None, "seconds": None}
            log(f"{name}: one request took over {args.slow_limit} s; not benchmarked")
        pages.append({"name": name, "path": path, **counted})
    # The realistic row: uncached searches over many towns and days, one after another.
    searches = probe("mix", str(MIX_SIZE))
    script = rotating_script("mix", [(path, BYPASS_COOKIE) for path in searches])
    counted = probe("count", searches[0], timeout=args.slow_limit) or {"status": None}
    pages.insert(
        2,
        {
            "name": "search: mix",
            "path": searches[0],
            "script": script,
            "queries": counted.get("queries"),
            **counted,
            "modes": ("uncached",),
        },
    )
    log(f"search: mix rotates over {len(set(searches))} town+day searches")

    rows = []
    with Server() as server:
        for page in pages:
            for mode in page.get("modes", ("uncached", "cached")):
                rows.append(measure(server, page, mode, args))
    ceiling = rows[0]["rps"] or None
    for row in rows:
        row["share"] = row["rps"] / ceiling if ceiling and row["rps"] else None
        row["verdict"] = verdict(row)

    table = render(rows, args)
    print()
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench-{stamp}.txt").write_text(table + "\n")
    (RESULTS / f"bench-{stamp}.json").write_text(
        json.dumps(rows, indent=1, ensure_ascii=False, default=str)
    )
    log(f"done in {time.monotonic() - started:.0f} s; results in {RESULTS}/bench-{stamp}.*")


def measure(server: Server, page: dict, mode: str, args) -> dict:
    row = {**page, "mode": mode, "rps": 0.0, "p50": None, "p99": None, "note": ""}
    if page["status"] is None:
        row["note"] = f"too slow: one request > {args.slow_limit:g} s (in-process)"
        return row
    url = server.base + page["path"]
    cookie = BYPASS_COOKIE if mode == "uncached" else None
    server.drain()
    first = get(url, cookie=cookie, timeout=30)
    if first.status != 200:
        row["note"] = "404: page not merged yet" if first.status == 404 else f"HTTP {first.status}"
        log(f"{page['name']} ({mode}): {row['note']}")
        return row
    if mode == "cached" and page["path"] == "/healthz":
        row["note"] = "never cached (no-cache): see the row above"
        return row
    log(f"{page['name']} ({mode}): warm-up {args.warmup} s, measure {args.seconds} s")
    script = page.get("script")
    if script:
        cookie = None  # each of its requests carries its own
    wrk(url, seconds=args.warmup, connections=args.connections, cookie=cookie, script=script)
    server.drain()
    if mode == "cached":  # after the warm-up every worker has had its miss
        again = get(url, timeout=30)
        if again.headers.get("X-Cache") != "hit":
            row["note"] = f"not served from cache ({again.headers.get('Cache-Control', '')})"
    result = wrk(
        url, seconds=args.seconds, connections=args.connections, cookie=cookie, script=script
    )
    server.drain()
    if not result.requests:
        row["note"] = (
            f"no request finished within {args.seconds} s at {args.connections} connections"
        )
        return row
    row.update(rps=result.rps, p50=result.p50_ms, p99=result.p99_ms, wrk=result.raw)
    problems = []
    if result.non_2xx:
        problems.append(f"{result.non_2xx} non-2xx")
    if result.timeouts:
        problems.append(f"{result.timeouts} timeouts")
    if problems:
        row["note"] = "; ".join(filter(None, [row["note"], *problems]))
    return row


def verdict(row: dict) -> str:
    if not row["rps"] or row["path"] == "/healthz":
        return ""
    if row["mode"] == "cached":
        return "ok" if (row["share"] or 0) >= CACHED_SHARE else "below 80%"
    if row["name"] in TARGETS:
        share, p99 = TARGETS[row["name"]]
        misses = []
        if row["p99"] is None or row["p99"] >= p99:
            misses.append(f"p99 ≥ {p99} ms")
        if (row["share"] or 0) < share:
            misses.append(f"< {share:.0%}")
        return "ok" if not misses else "; ".join(misses)
    return ""


def render(rows: list[dict], args) -> str:
    header = (
        f"{'page':<24} {'mode':<9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'÷ceiling':>8} {'queries':>7}  target / note"
    )
    lines = [
        f"wrk: {args.connections} connections, {args.seconds} s per row; ceiling = /healthz "
        "(full middleware + SELECT 1)",
        header,
        "-" * len(header),
    ]
    for row in rows:
        share = f"{row['share']:.0%}" if row.get("share") else "–"
        p50 = f"{row['p50']:.1f}" if row["p50"] is not None else "–"
        p99 = f"{row['p99']:.1f}" if row["p99"] is not None else "–"
        rps = f"{row['rps']:.0f}" if row["rps"] else "–"
        queries = str(row["queries"]) if row["status"] == 200 and row["rps"] else "–"
        if row["mode"] == "cached" and row["rps"] and "not served" not in row["note"]:
            queries = "0"  # a hit never reaches the database
        note = "; ".join(filter(None, [row["verdict"], row["note"]]))
        lines.append(
            f"{row['name']:<24} {row['mode']:<9} {rps:>8} {p50:>8} {p99:>8} {share:>8} "
            f"{queries:>7}  {note}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
