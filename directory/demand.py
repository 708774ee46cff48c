"""Unmet demand: searches for a place that found no service reaching it ("hledáno bez
výsledku"), counted for planners.

What is counted: a search page (not the handout, the CSV or a later page) for a municipality
or an ORP, without free text, whose result list is empty (the "Nearby" section aside), one per
searched weekday (or "any day") and service type (or "any type"). What is stored: only the
counts per day, place, weekday and type (``VainSearch``), never an address, a position, text,
a user or a client address. Not counted: pages served from the page cache (they never reach
the view), requests that announce themselves as prefetches, and obvious robots (no
User-Agent, or one naming a crawler, a script or a headless browser).

Counts are added with an UPDATE, else an INSERT: two requests racing may insert two rows for
the same cell, which is harmless, since every reader sums the rows.
"""

import dataclasses
import datetime
import itertools
import re

from django.conf import settings
from django.db.models import F, Sum

from directory.models import Municipality, Orp, Region, VainSearch

ROBOT = re.compile(
    r"bot|crawl|spider|slurp|archiver|scan|fetch|monitor|preview|headless|phantom|"
    r"curl|wget|python|java/|go-http|httpclient|okhttp|libwww|axios|node-fetch|scrapy",
    re.IGNORECASE,
)
# A search for many types at once is counted for at most this many of them.
MAX_TYPES = 5


def is_robot(request) -> bool:
    agent = request.headers.get("User-Agent", "")
    if not agent or ROBOT.search(agent):
        return True
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return "prefetch" in purpose.lower()


def record(*, day: datetime.date, place, weekdays: list[int], types: list[str]) -> None:
    """Count one vain search for ``place`` (a Municipality or an Orp; other places are not
    counted): one per weekday × type asked for. One or two queries per cell."""
    if isinstance(place, Municipality):
        orp_id, municipality_id = place.orp_id, place.pk
    elif isinstance(place, Orp):
        orp_id, municipality_id = place.pk, None
    else:
        return
    for weekday, service_type in itertools.product(
        sorted(set(weekdays)) or [None], sorted(set(types))[:MAX_TYPES] or [""]
    ):
        cell = {
            "day": day,
            "orp_id": orp_id,
            "municipality_id": municipality_id,
            "weekday": weekday,
            "service_type": service_type,
        }
        # "= NULL" matches nothing in SQL: an empty municipality or weekday is looked up as such.
        lookup = {key: value for key, value in cell.items() if value is not None}
        lookup |= {f"{key}__isnull": True for key, value in cell.items() if value is None}
        if not VainSearch.objects.filter(**lookup).update(count=F("count") + 1):
            VainSearch.objects.create(**cell, count=1)


def purge(today: datetime.date) -> int:
    """Delete the rows older than the retention period; how many."""
    cutoff = today - datetime.timedelta(days=settings.VAIN_SEARCH_RETENTION_DAYS)
    deleted, _by_model = VainSearch.objects.filter(day__lt=cutoff).delete()
    return deleted


@dataclasses.dataclass
class OrpDemand:
    name: str
    code: str
    total: int
    by_weekday: list[int]  # Monday … Sunday, then "any day"
    by_type: dict[str, int]  # service type code ("" = any type) → count


def since(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=settings.VAIN_SEARCH_SHOWN_DAYS)


def region_summary(region: Region, today: datetime.date) -> list[OrpDemand]:
    """Per ORP of ``region`` with any vain search in the shown period, most first. One query."""
    rows = (
        VainSearch.objects.filter(orp__region=region, day__gte=since(today))
        .values("orp_id", "orp__name", "orp__csu_code", "weekday", "service_type")
        .annotate(total=Sum("count"))
        .order_by()
    )
    by_orp: dict[int, OrpDemand] = {}
    for row in rows:
        orp = by_orp.setdefault(
            row["orp_id"],
            OrpDemand(row["orp__name"], row["orp__csu_code"], 0, [0] * 8, {}),
        )
        orp.total += row["total"]
        weekday = row["weekday"]
        orp.by_weekday[7 if weekday is None else weekday] += row["total"]
        orp.by_type[row["service_type"]] = orp.by_type.get(row["service_type"], 0) + row["total"]
    return sorted(by_orp.values(), key=lambda orp: (-orp.total, orp.name))


def region_rows(region: Region, today: datetime.date):
    """Every stored row of the region in the shown period, for the exports. One query."""
    return (
        VainSearch.objects.filter(orp__region=region, day__gte=since(today))
        .select_related("orp", "municipality")
        .order_by("day", "orp__name", "municipality__name", "weekday", "service_type", "id")
    )
