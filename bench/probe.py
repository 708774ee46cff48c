"""Pick the bench URLs from the synthetic data, and count one URL's database queries.

    probe.py urls          JSON [[name, path], …]
    probe.py profiles N    JSON [path, …]: N profiles of published synthetic services
    probe.py mix N         JSON [path, …]: N town+day searches over the synthetic data
    probe.py count PATH    JSON {"status", "queries", "bytes", "seconds"}

Runs inside Django (the test client, no server), with the page cache off, so the count is what
an uncached request costs. Called by bench/run.py (one process per URL, so that a page too
slow to benchmark can be given up on) with the bench database in DATABASE_URL.
"""

import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from directory.models import Municipality  # noqa: E402
from services.models import Location, LocationKind, Service  # noqa: E402


def pick_urls() -> list[tuple[str, str]]:
    """The busiest town (most premises), its region, and its busiest published service."""
    busiest = (
        Location.objects.filter(kind=LocationKind.PREMISES, services__slug__startswith="syn-")
        .values("municipality")
        .annotate(count=Count("id"))
        .order_by("-count", "municipality")
        .first()
    )
    if busiest is None:
        sys.exit("probe: no synthetic data; run generate_synthetic first")
    town = Municipality.objects.select_related("region").get(pk=busiest["municipality"])
    town_param = town.name if Municipality.objects.named(town.name).count() == 1 else town.code
    service = (
        Service.objects.listed()
        .filter(slug__startswith="syn-", locations__municipality=town)
        .annotate(count=Count("schedules"))
        .order_by("-count", "slug")
        .first()
    )
    region = town.region.slug
    town_q = urlencode({"town": town_param})
    return [
        ("ceiling: /healthz", "/healthz"),
        ("home", "/"),
        ("search: town", f"/services/?{town_q}"),
        ("search: town+day", f"/services/?{town_q}&day=thu"),
        ("search: town+day+time", f"/services/?{town_q}&day=thu&time=14%3A00"),
        ("search: type+region", f"/services/?type=outreach&region={region}"),
        ("search: free text", "/services/?q=pervitin"),
        ("service profile", service.get_absolute_url()),
        ("town page", f"/towns/{town.slug}/"),
        ("planning matrix", f"/planning/{region}/"),
        ("api: services", "/api/services"),
    ]


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def mix(size: int) -> list[str]:
    """``size`` searches by town and day: the towns with synthetic services, busiest first,
    each with the next weekday in turn (so a town recurs on another day), by municipality code
    so that no name needs a choice."""
    codes = list(
        Location.objects.filter(services__slug__startswith="syn-", municipality__isnull=False)
        .values("municipality__code")
        .annotate(count=Count("id"))
        .order_by("-count", "municipality__code")
        .values_list("municipality__code", flat=True)[:size]
    )
    if not codes:
        sys.exit("probe: no synthetic data; run generate_synthetic first")
    return [
        f"/services/?{urlencode({'town': codes[index % len(codes)], 'day': DAYS[index % 7]})}"
        for index in range(size)
    ]


def count(path: str) -> dict:
    client = Client(raise_request_exception=False)
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        content = b"".join(response) if response.streaming else response.content
    return {
        "status": response.status_code,
        "queries": len(queries),
        "bytes": len(content),
        "seconds": round(time.monotonic() - started, 3),
    }


def main():
    if sys.argv[1:] == ["urls"]:
        result = pick_urls()
    elif len(sys.argv) == 3 and sys.argv[1] == "profiles":
        result = [
            service.get_absolute_url()
            for service in Service.objects.listed()
            .filter(slug__startswith="syn-")
            .order_by("slug")[: int(sys.argv[2])]
        ]
    elif len(sys.argv) == 3 and sys.argv[1] == "mix":
        result = mix(int(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "count":
        result = count(sys.argv[2])
    else:
        sys.exit(__doc__)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
