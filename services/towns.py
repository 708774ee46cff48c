"""Finding the town a caseworker means, and distances from it.

``town`` in a search may be a name ("Pelhřimov", "pelhrimov", "PELHŘIMOV"), a slug
("pelhrimov-547492"), a 6-digit ČSÚ code or a postal code. Names repeat (dozens of "Lhota"),
so a name is never guessed: an ambiguous one yields a choice, an unknown one close names.
Every function here runs a bounded number of queries, whatever the number of municipalities.
"""

import dataclasses
import datetime
import difflib
import math
import re

from django.db.models import Avg

from directory.models import Municipality, Orp, Region
from directory.text import fold
from services import availability, weekdays
from services.models import Frequency

# More namesakes than this are not listed (the longest real list, "Lhota", has about 30).
MAX_CHOICES = 60
MAX_SUGGESTIONS = 8
# Names scanned for close matches of an unknown name: those sharing its first letter.
MAX_CANDIDATES = 3000
EARTH_RADIUS_KM = 6371.0

_CODE = re.compile(r"^\d{6}$")
_POSTAL_CODE = re.compile(r"^\d{3} ?\d{2}$")
_ORP_CODE = re.compile(r"^\d{4}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclasses.dataclass(frozen=True)
class Resolution:
    """What a town text resolved to: one municipality, a choice, or close names."""

    text: str
    municipality: Municipality | None = None
    choices: tuple[Municipality, ...] = ()
    suggestions: tuple[Municipality, ...] = ()

    @property
    def is_ambiguous(self) -> bool:
        return bool(self.choices)

    @property
    def is_unknown(self) -> bool:
        return self.municipality is None and not self.choices


def _municipalities():
    return Municipality.objects.with_orp()


def resolve(text: str) -> Resolution:
    """Resolve a town as typed: one query, up to three more for the close names of an unknown one."""
    text = (text or "").strip()
    compact = re.sub(r"\s", "", text)
    if _CODE.match(compact):
        found = list(_municipalities().filter(code=compact)[:1])
    elif _POSTAL_CODE.match(text):
        found = list(_municipalities().filter(postal_code=compact)[: MAX_CHOICES + 1])
    else:
        names = {fold(text), fold(text.replace("-", " "))}
        slug = text.lower()
        if _SLUG.match(slug) and re.search(r"-\d{6}$", slug):
            found = list(_municipalities().filter(slug=slug)[:1])
        else:
            found = list(_municipalities().filter(search_name__in=names)[: MAX_CHOICES + 1])
    if len(found) == 1:
        return Resolution(text, municipality=found[0])
    if found:
        return Resolution(text, choices=tuple(found[:MAX_CHOICES]))
    return Resolution(text, suggestions=tuple(close_names(text)))


def close_names(text: str, limit: int = MAX_SUGGESTIONS) -> list[Municipality]:
    """Municipalities whose names start like ``text``, else resemble it (difflib).

    At most three queries: names starting with the text; else the (bounded) names sharing its
    first letter, compared in Python; then the municipalities of the closest names.
    """
    folded = fold(text)[:100]
    if len(folded) < 2:
        return []
    starting = list(_municipalities().filter(search_name__startswith=folded)[:limit])
    if starting:
        return starting
    candidates = list(
        Municipality.objects.filter(search_name__startswith=folded[0])
        .order_by()
        .values_list("search_name", flat=True)
        .distinct()[:MAX_CANDIDATES]
    )
    close = difflib.get_close_matches(folded, candidates, n=limit, cutoff=0.7)
    if not close:
        return []
    rank = {name: position for position, name in enumerate(close)}
    found = list(_municipalities().filter(search_name__in=close)[: limit * 2])
    found.sort(key=lambda municipality: (rank[municipality.search_name], municipality.name))
    return found[:limit]


def suggest(text: str, limit: int = 10) -> list[Municipality]:
    """Municipalities whose name starts with what has been typed so far (one query)."""
    folded = fold(text)[:100]
    if len(folded) < 2:
        return []
    return list(
        _municipalities()
        .filter(search_name__startswith=folded)
        .order_by("search_name", "name", "code")[:limit]
    )


def from_slug(slug: str) -> Resolution:
    """The municipality behind a town-page slug: canonical (``humpolec-548031``) or plain
    (``humpolec``, ``usti-nad-labem``); plain names may be ambiguous. One query."""
    slug = slug.lower()
    exact = list(_municipalities().filter(slug=slug)[:1])
    if exact:
        return Resolution(slug, municipality=exact[0])
    # Canonical slugs are "<slugified name>-<code>", so a plain slug is their prefix.
    found = list(
        _municipalities().filter(
            slug__startswith=f"{slug}-", slug__regex=rf"^{re.escape(slug)}-[0-9]{{6}}$"
        )[: MAX_CHOICES + 1]
    )
    if len(found) == 1:
        return Resolution(slug, municipality=found[0])
    if found:
        return Resolution(slug, choices=tuple(found[:MAX_CHOICES]))
    return Resolution(slug, suggestions=tuple(close_names(slug.replace("-", " "))))


def resolve_orp(text: str) -> Orp | None:
    """An ORP by 4-digit ČSÚ code, slug or name (ignoring case and diacritics); one query."""
    text = (text or "").strip()
    orps = Orp.objects.with_region()
    if _ORP_CODE.match(text):
        return orps.filter(csu_code=text).first()
    return orps.filter(slug=text.lower()).first() or orps.filter(search_name=fold(text)).first()


def resolve_region(text: str) -> Region | None:
    """A region by slug, ČSÚ code, NUTS code ("CZ063") or name; one query over the 14."""
    wanted = fold(text)
    for region in Region.objects.all():
        if wanted in (region.slug, region.csu_code, region.nuts_code.lower(), fold(region.name)):
            return region
    return None


def nearest_orps(municipality: Municipality, limit: int = 5) -> list[Orp]:
    """Other ORPs of the municipality's region, nearest first (by the mean position of their
    municipalities, which stands in for ORP boundaries we do not store). One query."""
    orps = list(
        Orp.objects.filter(region_id=municipality.region_id)
        .exclude(pk=municipality.orp_id)
        .annotate(lat=Avg("municipalities__latitude"), lon=Avg("municipalities__longitude"))
    )
    origin = coordinates(municipality)

    def distance(orp):
        if origin is None or orp.lat is None:
            return (1, orp.name)
        return (0, haversine_km(origin, (orp.lat, orp.lon)))

    orps.sort(key=distance)
    return orps[:limit]


def coordinates(municipality: Municipality | None) -> tuple[float, float] | None:
    if municipality is None or municipality.latitude is None or municipality.longitude is None:
        return None
    return (municipality.latitude, municipality.longitude)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_km(service, municipality: Municipality | None) -> float | None:
    """Great-circle km from the town to the service's nearest premises or outreach stop.

    Uses the prefetched locations (``for_listing``); None for remote-only services.
    """
    origin = coordinates(municipality)
    if origin is None:
        return None
    distances = [
        haversine_km(origin, location.coordinates)
        for location in service.locations.all()
        if not location.is_remote and location.coordinates is not None
    ]
    return min(distances) if distances else None


@dataclasses.dataclass(frozen=True)
class Session:
    service: object
    schedule: object
    location: object
    text: str
    starts_later: datetime.date | None

    @property
    def is_irregular(self) -> bool:
        """Not every week: the grid then spells out the rule ("every 2. week", "1st Monday")."""
        return self.schedule.interval > 1 or self.schedule.freq == Frequency.MONTHLY


@dataclasses.dataclass(frozen=True)
class Day:
    number: int
    name: str
    sessions: list[Session]


def week(services, municipality: Municipality, today: datetime.date) -> list[Day]:
    """Monday to Sunday: the sessions held in the town, from services fetched with
    ``for_listing()`` (no queries). Ended schedules are left out; future ones say from when."""
    days = [Day(number, str(weekdays.NAMES[number]), []) for number in range(7)]
    for service in services:
        locations = {location.pk: location for location in service.locations.all()}
        for schedule in service.schedules.all():
            location = locations.get(schedule.location_id)
            if location is None or location.municipality_id != municipality.pk:
                continue
            if schedule.valid_to is not None and schedule.valid_to < today:
                continue
            later = (
                schedule.valid_from if schedule.valid_from and schedule.valid_from > today else None
            )
            session = Session(
                service, schedule, location, availability.schedule_text(schedule), later
            )
            for number in weekdays.numbers(schedule.days):
                days[number].sessions.append(session)
    for day in days:
        day.sessions.sort(key=lambda s: (s.schedule.opens_at, s.service.name, s.schedule.pk))
    return days
