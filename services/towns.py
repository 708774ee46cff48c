"""Finding the town a caseworker means, and distances from it.

``town`` in a search may be a name ("Pelhřimov", "pelhrimov", "PELHŘIMOV"), a slug
("pelhrimov-547492"), a 6-digit ČSÚ code or a postal code. Names repeat (dozens of "Lhota"),
so a name is never guessed: an ambiguous one yields a choice, an unknown one close names.

A name may also be that of a city district ("Brno-sever", "Praha 5", "Praha-Zbraslav") or a
part of a municipality ("Lahovice"), optionally followed by its municipality in brackets
("Lahovice (Praha)", or its code, as the choice links have it). It resolves to the
municipality, with the part named; a municipality of that name takes precedence.
Every function here runs a bounded number of queries, whatever the number of municipalities.
"""

import dataclasses
import datetime
import difflib
import hashlib
import math
import re
from typing import NamedTuple

from django.db import models
from django.db.models import Avg, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.cache import cached_until_change, fragment
from directory.models import Municipality, Orp, PlacePart, PlacePartKind, Region
from directory.text import fold
from services import availability, weekdays
from services.models import Frequency, Schedule, Service, ServiceArea
from services.querysets import When

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
# "Lahovice (Praha)" or "Lahovice (554782)": a part and the municipality it belongs to.
_PART_IN_TOWN = re.compile(r"^(?P<part>[^()]+?)\s*\((?P<town>[^()]+)\)$")


@dataclasses.dataclass(frozen=True)
class Resolution:
    """What a town text resolved to: one municipality, a choice, or close names.

    A district or part resolves to its municipality, with ``parts`` the matching districts or
    parts in it (district first); ``choices`` then holds a part per municipality.
    """

    text: str
    municipality: Municipality | None = None
    choices: tuple[Municipality | PlacePart, ...] = ()
    suggestions: tuple[Municipality, ...] = ()
    parts: tuple[PlacePart, ...] = ()

    @property
    def part(self) -> PlacePart | None:
        """The district or part named by the search, if it named one."""
        return self.parts[0] if self.parts else None

    @property
    def postal_codes(self) -> list[str]:
        """The postal codes of the part(s), to find the premises in them."""
        return sorted({code for part in self.parts for code in part.postal_code_list})

    @property
    def is_ambiguous(self) -> bool:
        return bool(self.choices)

    @property
    def is_unknown(self) -> bool:
        return self.municipality is None and not self.choices


def _municipalities():
    """With ``has_namesakes`` (another municipality of the same name), which decides what the
    town field shows after the search (``field_text``): resolved, and cached, with the town."""
    namesakes = Municipality.objects.filter(search_name=OuterRef("search_name")).exclude(
        pk=OuterRef("pk")
    )
    return Municipality.objects.with_orp().annotate(has_namesakes=Exists(namesakes))


def field_text(text: str, municipality: Municipality | None, part: PlacePart | None = None) -> str:
    """What the town field shows after a search: what was typed, except that a code, slug or
    postal code (suggestion links carry the code) shows the name, when the name alone finds
    the same municipality again; a part chosen by a link ("Lahovice (554782)") shows
    "Lahovice (Praha)" likewise. No query for a town as resolved (``resolve``), else one,
    only then."""
    text = (text or "").strip()
    if municipality is None or fold(text) == municipality.search_name:
        return text
    if part is not None and fold(text) in (part.search_name, fold(str(part))):
        return text
    has_namesakes = getattr(municipality, "has_namesakes", None)
    if has_namesakes is None:  # not from a resolution: the town nearest to a position
        namesakes = Municipality.objects.named(municipality.name).exclude(pk=municipality.pk)
        has_namesakes = namesakes.exists()
    if has_namesakes:
        return text
    return str(part) if part is not None else municipality.name


def query_value(choice: Municipality | PlacePart) -> str:
    """The ``town`` parameter that finds ``choice`` (a choice or suggestion) again."""
    if isinstance(choice, PlacePart):
        return f"{choice.name} ({choice.municipality.code})"
    return choice.code


def resolve(text: str) -> Resolution:
    """Resolve a town as typed: one query (two for a district or part, three for one given
    with its municipality), up to three more for the close names of an unknown one; none when
    the same text was resolved before under the same content version (places bump it)."""
    text = (text or "").strip()
    digest = hashlib.sha1(text.encode()).hexdigest()
    return cached_until_change(f"town-resolution:{digest}", lambda: _resolve(text))


def _resolve(text: str) -> Resolution:
    compact = re.sub(r"\s", "", text)
    if _CODE.match(compact):
        found = list(_municipalities().filter(code=compact)[:1])
    elif _POSTAL_CODE.match(text):
        found = list(_municipalities().filter(postal_code=compact)[: MAX_CHOICES + 1])
    else:
        slug = text.lower()
        if _SLUG.match(slug) and re.search(r"-\d{6}$", slug):
            found = list(_municipalities().filter(slug=slug)[:1])
        else:
            return _resolve_name(text)
    return _resolution(text, found)


def _resolution(text: str, found: list[Municipality]) -> Resolution:
    if len(found) == 1:
        return Resolution(text, municipality=found[0])
    if found:
        return Resolution(text, choices=tuple(found[:MAX_CHOICES]))
    return Resolution(text, suggestions=tuple(close_names(text)))


def _names(text: str) -> set[str]:
    return {fold(text), fold(text.replace("-", " "))}


def _resolve_name(text: str) -> Resolution:
    """A municipality by name, else a district or part by name.

    One query finds both the municipalities of that name and those with a district or part of
    that name, municipalities by name first: they take precedence. Only when parts matched, a
    second query reads them.
    """
    names = _names(text)
    by_name = Q(search_name__in=names)
    # A union of two index lookups rather than an OR, which would scan every municipality.
    # No ordering: a compound statement's parts may not have one (SQLite).
    ids = (
        Municipality.objects.order_by()
        .filter(by_name)
        .values("pk")
        .union(PlacePart.objects.order_by().filter(search_name__in=names).values("municipality_id"))
    )
    found = list(
        _municipalities()
        .filter(pk__in=ids)
        .annotate(
            by_part=models.Case(
                models.When(by_name, then=models.Value(0)),
                default=models.Value(1),
                output_field=models.IntegerField(),
            )
        )
        .order_by("by_part", "name", "code")[: MAX_CHOICES + 1]
    )
    named = [municipality for municipality in found if municipality.by_part == 0]
    if named:
        return _resolution(text, named)
    if found:
        return _part_resolution(text, PlacePart.objects.filter(search_name__in=names))
    match = _PART_IN_TOWN.match(text)
    if match:
        return _resolve_part_in_town(text, match["part"], match["town"])
    return _resolution(text, [])


def _resolve_part_in_town(text: str, part: str, town: str) -> Resolution:
    """A part given with its municipality's name or code, as "Lahovice (Praha)" or
    "Lahovice (554782)": one query, plus close names when unknown."""
    town = town.strip()
    in_town = (
        Q(municipality__code=town)
        if _CODE.match(town)
        else Q(municipality__search_name__in=_names(town))
    )
    return _part_resolution(text, PlacePart.objects.filter(in_town, search_name__in=_names(part)))


def _part_resolution(text: str, parts) -> Resolution:
    """Parts of one municipality resolve to it; of several, they are a choice (one query)."""
    by_town: dict[int, list[PlacePart]] = {}
    # Districts before parts of the same name: "Poruba" is first Ostrava's district.
    kind_order = models.Case(
        models.When(kind=PlacePartKind.DISTRICT, then=models.Value(0)), default=models.Value(1)
    )
    for part in parts.with_municipality().order_by(
        kind_order, "municipality__name", "municipality__code", "code"
    )[: MAX_CHOICES * 4]:
        by_town.setdefault(part.municipality_id, []).append(part)
    if len(by_town) == 1:
        (found,) = by_town.values()
        return Resolution(text, municipality=found[0].municipality, parts=tuple(found))
    if by_town:
        return Resolution(text, choices=tuple(found[0] for found in by_town.values())[:MAX_CHOICES])
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
    (``humpolec``, ``usti-nad-labem``); plain names may be ambiguous. One query, none when the
    slug was resolved before under the same content version (the fragment cache)."""
    slug = slug.lower()
    digest = hashlib.sha1(slug.encode()).hexdigest()
    return fragment(f"town-slug:{digest}", lambda: _from_slug(slug))


def _from_slug(slug: str) -> Resolution:
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


def distance_km(service, origin: tuple[float, float] | None) -> float | None:
    """Great-circle km from ``origin`` (a town's or a position's coordinates) to the
    service's nearest premises or outreach stop.

    Uses the prefetched locations (``for_listing``); None for remote-only services.
    """
    if origin is None:
        return None
    distances = [
        haversine_km(origin, location.coordinates)
        for location in service.locations.all()
        if not location.is_remote and location.coordinates is not None
    ]
    return min(distances) if distances else None


# One degree of latitude, in km (2πR / 360): distances in degrees become kilometres.
KM_PER_DEGREE_OF_LATITUDE = 2 * math.pi * EARTH_RADIUS_KM / 360
# Where to look for a position's nearest municipality: more than the distance between
# neighbouring municipalities anywhere in the country.
NEAREST_WITHIN_KM = 22


def municipalities_near(latitude: float, longitude: float, km: float):
    """Municipalities whose centre lies in a box reaching ``km`` from the position each way
    (the municipalities' position index): a cheap superset of those within ``km``."""
    d_lat = km / KM_PER_DEGREE_OF_LATITUDE
    d_lon = d_lat / max(0.1, math.cos(math.radians(latitude)))
    return Municipality.objects.filter(
        latitude__range=(latitude - d_lat, latitude + d_lat),
        longitude__range=(longitude - d_lon, longitude + d_lon),
    )


def nearest_municipality(latitude: float, longitude: float) -> Municipality | None:
    """The municipality whose centre is nearest to the position, if one is near (one query)."""
    candidates = list(municipalities_near(latitude, longitude, NEAREST_WITHIN_KM).with_orp())
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda town: (haversine_km((latitude, longitude), coordinates(town)), town.code),
    )


class ServiceLink(NamedTuple):
    """The service of a week-grid session: what the tests and the line need of it."""

    pk: int
    name: str


class Session(NamedTuple):
    """One schedule of the town's week grid. Its line is rendered once, here, rather than in
    the template: a schedule on five weekdays appears five times, and a big town has hundreds
    of them, which made the page's template loop its slowest part. A tuple: the whole week is
    kept in the fragment cache and read back on every request."""

    service: ServiceLink
    line: str  # safe HTML: hours, the service's link, where, the rule or note, from when


@dataclasses.dataclass(frozen=True)
class Day:
    number: int
    name: str
    sessions: list[Session]


def sessions_in(municipality: Municipality, today: datetime.date) -> list[Schedule]:
    """The schedules of listed services at locations in the town that have not ended, with
    their service and location: the sessions that make a service available there, as
    ``ServiceQuerySet.available`` counts them. One query."""
    return list(
        Schedule.objects.order_by()
        .happening(When(), today=today)
        .located_in(municipality)
        .filter(service__in=Service.objects.listed())
        .select_related("service", "location__municipality")
        # Only what the grid shows: the services' descriptions would outweigh the rest.
        .only(
            *(field.name for field in Schedule._meta.concrete_fields),
            "service__name",
            "service__slug",
            "location__name",
            "location__kind",
            "location__channel",
            "location__municipality__name",
        )
    )


def week(schedules, today: datetime.date) -> list[Day]:
    """Monday to Sunday: the sessions of ``sessions_in`` by weekday, earliest first (no
    queries). Future schedules say from when."""
    days = [Day(number, str(weekdays.NAMES[number]), []) for number in range(7)]
    keyed = [[] for _ in range(7)]
    urls = {}
    links = {}
    for schedule in schedules:
        service = schedule.service
        if service.pk not in urls:
            urls[service.pk] = service.get_absolute_url()
            links[service.pk] = ServiceLink(service.pk, service.name)
        session = Session(
            links[service.pk],
            format_html(
                '<strong>{}</strong> <a href="{}">{}</a> <span class="meta">{}</span>',
                f"{schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}",
                urls[service.pk],
                service.name,
                _session_detail(schedule, today),
            ),
        )
        key = (schedule.opens_at, service.name, schedule.pk)
        for number in weekdays.numbers(schedule.days):
            keyed[number].append((key, session))
    for day, sessions in zip(days, keyed, strict=True):
        sessions.sort(key=lambda pair: pair[0])
        day.sessions.extend(session for _key, session in sessions)
    return days


def _session_detail(schedule: Schedule, today: datetime.date) -> str:
    parts = [str(schedule.location)]
    if schedule.interval > 1 or schedule.freq == Frequency.MONTHLY:
        parts.append(availability.schedule_text(schedule))  # "every 2. week", "1. Monday …"
    elif schedule.note:
        parts.append(schedule.note)
    if schedule.valid_from and schedule.valid_from > today:
        parts.append(
            _("from %(date)s") % {"date": dateformat.format(schedule.valid_from, "j. n. Y")}
        )
    return " · ".join(parts)


def covering_from_elsewhere(municipality: Municipality, today: datetime.date):
    """Listed services whose area covers the town (directly, by ORP or by region) but that
    hold no session in it (those are in the week grid), by name. A queryset: page it."""
    here = Schedule.objects.order_by().happening(When(), today=today).located_in(municipality)
    # The exclusion goes on the areas, not on the services: PostgreSQL then looks up the few
    # services of the town's covering areas by key instead of scanning every listed service.
    areas = (
        ServiceArea.objects.covering(municipality)
        .service_ids()
        .exclude(service_id__in=here.values("service_id"))
    )
    return Service.objects.listed().filter(pk__in=areas).order_by("name", "id")


@dataclasses.dataclass(frozen=True)
class TownWeek:
    """The week grid of a town on a day: its days (``week``), how many services hold
    sessions, and the grid rendered."""

    days: list[Day]
    present_count: int
    html: str


def town_week(municipality: Municipality, today: datetime.date) -> TownWeek:
    """The town's week on ``today``, kept in the fragment cache per town, day, language and
    content version (any edit retires it): one query on a miss, none on a hit."""
    key = f"town-week:{municipality.pk}:{today.isoformat()}:{get_language()}"
    return fragment(key, lambda: _town_week(municipality, today))


def _town_week(municipality: Municipality, today: datetime.date) -> TownWeek:
    sessions = sessions_in(municipality, today)
    days = week(sessions, today)
    return TownWeek(
        days=days,
        present_count=len({schedule.service_id for schedule in sessions}),
        html=render_to_string("services/_town_week.html", {"week": days}),
    )


def covering_ids(municipality: Municipality, today: datetime.date) -> list[int]:
    """The ids of ``covering_from_elsewhere``, by name, kept in the fragment cache per town,
    day and content version: one query on a miss (it replaces a count and a page query)."""
    return fragment(
        f"town-covering:{municipality.pk}:{today.isoformat()}",
        lambda: list(covering_from_elsewhere(municipality, today).values_list("pk", flat=True)),
    )
