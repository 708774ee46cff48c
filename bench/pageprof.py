"""Where one page's time goes: ms per request, its SQL (with EXPLAIN ANALYZE) and a profile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/adresar_bench \\
        python bench/pageprof.py PATH [--requests 20] [--sort tottime] [--top 40] [--explain]

In-process through Django's test client with the page cache off and a session cookie (as the
bench's uncached mode), against whatever database DATABASE_URL names (the bench database after
`make bench`). A tool for finding the slow part, not a benchmark: cProfile roughly doubles the
time of Python code, so take the "ms per request" line (measured without it) as the figure.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")
for name, value in {
    "SECRET_KEY": "profile-" + "x" * 50,
    "DEBUG": "0",
    "SECURE": "0",
    "ALLOWED_HOSTS": "testserver",
    "PAGE_CACHE_SECONDS": "0",
    "RATELIMIT_ENABLED": "0",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--sort", default="cumulative", help="pstats order (tottime, …)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE every query")
    args = parser.parse_args()

    client = Client()
    client.cookies["sessionid"] = "profile-uncached"
    for _ in range(3):  # warm: templates, translations, connection
        response = client.get(args.path)
    print(f"HTTP {response.status_code}, {len(response.content):,} bytes")

    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(args.requests):
        client.get(args.path)
    elapsed = (time.perf_counter() - started) / args.requests * 1000
    cpu = (time.process_time() - cpu_started) / args.requests * 1000
    # The CPU time of this process (Django's side, not the database's) varies far less than
    # the wall time when other work shares the machine.
    print(
        f"{elapsed:.1f} ms per request, {cpu:.1f} ms of it Python CPU "
        f"({args.requests} requests, no profiler)"
    )

    with CaptureQueriesContext(connection) as queries:
        client.get(args.path)
    total = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    print(f"{len(queries)} queries, {total:.1f} ms in the database driver")
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:160]}")
            if args.explain:
                cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                for (line,) in cursor.fetchall():
                    print("           " + line)

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        client.get(args.path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
