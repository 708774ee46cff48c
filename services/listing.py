"""The search's results as value rows: what a card, the handout and the CSV show, and no more.

A results page shows twenty services and up to ten nearby ones. Loaded as model instances
with five prefetches they cost about 25 ms of Python per page: every column of every row, a
queryset cloned per instance and relation, a model instance per joined row. Here the same
queries (and one for the capacities, issue 20) fetch only the columns the pages read, with
``values()``, into small dataclasses that carry the models' attribute names and share their
rules (``services.rules``), so ``services.availability``, the templates and the CSV read them
as they read models: a card's ``service.schedules.all()`` is a list of ``ScheduleRow``.
"""

import dataclasses
import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse

from directory.cache import content_version, fragment_cache_alias
from services.filters import term_rows
from services.models import (
    Alert,
    Closure,
    LocationKind,
    RemoteChannel,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCapacity,
    ServiceStatus,
)
from services.rules import (
    AlertRules,
    AreaRules,
    CapacityRules,
    ClosureRules,
    LocationRules,
    ScheduleRules,
    TermNames,
)

# Services per ``id IN (…)`` list of their parts: below SQLite's limit on query parameters
# (the CSV has every result).
CHUNK = 500


# eq=False: rows compare and hash by identity, as each is loaded once per page (model
# instances compare by primary key; a set of a card's locations works either way).


class Rows(list):
    """A service's loaded parts; ``.all()`` answers as a prefetched relation does, so the
    code that reads ``service.locations.all()`` reads rows and model instances alike."""

    def all(self):
        return self


@dataclasses.dataclass(slots=True, eq=False)
class PlaceRow:
    """A municipality (with its ORP and region ids and position), an ORP or a region."""

    pk: int
    name: str
    orp_id: int | None = None
    region_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None

    def __str__(self):
        return self.name


@dataclasses.dataclass(slots=True, eq=False)
class TermRow(TermNames):
    pk: int
    vocabulary: str
    code: str
    name_cs: str
    name_en: str
    position: int

    def __str__(self):
        return self.name


@dataclasses.dataclass(slots=True, eq=False)
class OrganizationRow:
    pk: int
    name: str
    phone: str
    email: str
    website: str

    def __str__(self):
        return self.name


@dataclasses.dataclass(slots=True, eq=False)
class LocationRow(LocationRules):
    pk: int
    service_id: int
    kind: str
    name: str
    address: str
    postal_code: str
    latitude: float | None
    longitude: float | None
    channel: str
    municipality_id: int | None
    municipality: PlaceRow | None

    def get_kind_display(self) -> str:
        return LocationKind(self.kind).label

    def get_channel_display(self) -> str:
        return RemoteChannel(self.channel).label if self.channel else ""


@dataclasses.dataclass(slots=True, eq=False)
class ScheduleRow(ScheduleRules):
    pk: int
    service_id: int
    location_id: int
    days: int
    opens_at: datetime.time
    closes_at: datetime.time
    freq: str
    interval: int
    week_of_month: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    open_on_holidays: bool
    note: str
    anchor_week: int
    anchor_month: int


@dataclasses.dataclass(slots=True, eq=False)
class AreaRow(AreaRules):
    pk: int
    service_id: int
    municipality_id: int | None
    orp_id: int | None
    region_id: int | None
    municipality: PlaceRow | None
    orp: PlaceRow | None
    region: PlaceRow | None

    @property
    def place(self) -> PlaceRow:
        return self.municipality or self.orp or self.region


@dataclasses.dataclass(slots=True, eq=False)
class ClosureRow(ClosureRules):
    pk: int
    service_id: int
    location_id: int | None
    starts_on: datetime.date
    ends_on: datetime.date
    reason: str


@dataclasses.dataclass(slots=True, eq=False)
class CapacityRow(CapacityRules):
    pk: int
    service_id: int
    unit: str
    maximum: int
    available: int
    waiting_people: int | None
    waiting_weeks: int | None
    note: str
    updated_at: datetime.datetime


@dataclasses.dataclass(slots=True, eq=False)
class AlertRow(AlertRules):
    pk: int
    service_id: int
    text: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None

    def __str__(self):
        return self.text


def _columns(row_class) -> tuple[str, ...]:
    """The model columns a flat row class is loaded from: its fields, ``pk`` read as ``id``."""
    return tuple(
        "id" if field.name == "pk" else field.name for field in dataclasses.fields(row_class)
    )


@dataclasses.dataclass(slots=True, eq=False)
class ServiceRow:
    """What a card shows of a service; the relations are ``Rows`` of the dataclasses above."""

    pk: int
    slug: str
    name: str
    status: str
    is_anonymous: bool
    is_free: bool
    cost_note: str
    phone: str
    email: str
    website: str
    last_verified: datetime.date | None
    organization: OrganizationRow
    types: Rows = dataclasses.field(default_factory=Rows)
    locations: Rows = dataclasses.field(default_factory=Rows)
    schedules: Rows = dataclasses.field(default_factory=Rows)
    areas: Rows = dataclasses.field(default_factory=Rows)
    closures: Rows = dataclasses.field(default_factory=Rows)
    capacities: Rows = dataclasses.field(default_factory=Rows)
    # Every alert, whatever its dates (loaded by ``load``, which keeps rows for any day).
    alerts: Rows = dataclasses.field(default_factory=Rows)
    # The alerts shown on the day asked for (``alerts_on``); the model's twin is prefetched by
    # ``ServiceQuerySet.with_alerts``.
    active_alerts: list = dataclasses.field(default_factory=list)

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:detail", kwargs={"slug": self.slug})

    def get_report_url(self) -> str:
        return reverse("services:report", kwargs={"slug": self.slug})

    def get_status_display(self) -> str:
        return ServiceStatus(self.status).label


def _terms() -> dict[int, TermRow]:
    """Every taxonomy term by id, from the filters' cached rows: types without a join."""
    return {row[0]: TermRow(*row) for row in term_rows()}


def _place(row: dict, prefix: str, *extra: str) -> PlaceRow | None:
    pk = row.pop(f"{prefix}_id")
    fields = {name: row.pop(f"{prefix}__{name}") for name in ("name", *extra)}
    return None if pk is None else PlaceRow(pk=pk, **fields)


MUNICIPALITY = ("orp_id", "region_id", "latitude", "longitude")
# The columns of a location a row keeps (besides its id, service and municipality).
LOCATION = ("kind", "name", "address", "postal_code", "latitude", "longitude", "channel")
ORGANIZATION = ("name", "phone", "email", "website")


def load(ids: Iterable[int], *, alerts_on: datetime.date | None = None) -> list[ServiceRow]:
    """The services ``ids`` as rows, in the order given (unknown ids are left out).

    Rows do not depend on the search, so they are kept in the ``cards`` cache by service and
    content version (any edit retires them), read with one ``get_many``: the database is
    asked only for the services it does not hold (seven queries for all of those). They carry
    every alert; ``active_alerts`` are those shown on ``alerts_on``.
    """
    ids = list(dict.fromkeys(ids))
    seconds = settings.CARD_CACHE_SECONDS
    cache = caches[fragment_cache_alias()] if seconds and ids else None
    prefix = f"row:{content_version()}:"
    found = cache.get_many([f"{prefix}{pk}" for pk in ids]) if cache else {}
    by_id = {row.pk: row for row in found.values()}
    missing = [pk for pk in ids if pk not in by_id]
    if missing:
        fetched = from_queryset(Service.objects.filter(pk__in=missing), all_alerts=True)
        if cache:
            cache.set_many({f"{prefix}{row.pk}": row for row in fetched}, seconds)
        by_id.update((row.pk, row) for row in fetched)
    rows = [by_id[pk] for pk in ids if pk in by_id]
    if alerts_on is not None:
        for row in rows:
            row.active_alerts = [alert for alert in row.alerts if alert.is_active_on(alerts_on)]
    return rows


def from_queryset(
    queryset, *, alerts_on: datetime.date | None = None, all_alerts: bool = False
) -> list[ServiceRow]:
    """The services of ``queryset`` (a search, sliced or not) as rows, in its order; with
    ``alerts_on``, also the alerts shown on that day, with ``all_alerts`` every alert (one more
    query)."""
    services = {}
    for row in queryset.values(
        "id",
        "slug",
        "name",
        "status",
        "is_anonymous",
        "is_free",
        "cost_note",
        "phone",
        "email",
        "website",
        "last_verified",
        "organization_id",
        *(f"organization__{name}" for name in ORGANIZATION),
    ):
        organization = OrganizationRow(
            pk=row.pop("organization_id"),
            **{name: row.pop(f"organization__{name}") for name in ORGANIZATION},
        )
        service = ServiceRow(pk=row.pop("id"), organization=organization, **row)
        services[service.pk] = service
    ids = list(services)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        _load_parts(services, chunk)
        if all_alerts or alerts_on is not None:
            _load_alerts(services, chunk, alerts_on)
    return list(services.values())


@functools.cache
def _part_queries() -> dict:
    """The value queries of a service's parts, without their ``service_id IN (…)``: built and
    resolved once per process (about 0.5 ms each), each request only adds its ids."""
    municipality = ("name", *MUNICIPALITY)
    return {
        "types": Service.types.through.objects.values_list("service_id", "term_id"),
        # One row per (service, location): a shared location is listed with each service.
        "locations": ServiceAtLocation.objects.order_by(
            "service_id", "location__kind", "location__name", "location_id"
        ).values(
            "service_id",
            "location_id",
            *(f"location__{name}" for name in LOCATION),
            "location__municipality_id",
            *(f"location__municipality__{name}" for name in municipality),
        ),
        "schedules": Schedule.objects.order_by().values(*_columns(ScheduleRow)),
        "areas": ServiceArea.objects.order_by("service_id", "id").values(
            "id",
            "service_id",
            "municipality_id",
            "municipality__name",
            "municipality__orp_id",
            "municipality__region_id",
            "orp_id",
            "orp__name",
            "orp__region_id",
            "region_id",
            "region__name",
        ),
        "closures": Closure.objects.order_by("service_id", "starts_on", "id").values(
            *_columns(ClosureRow)
        ),
        "capacities": ServiceCapacity.objects.order_by("service_id", "unit", "id").values(
            *_columns(CapacityRow)
        ),
        "alerts": Alert.objects.order_by("starts_on", "id").values(*_columns(AlertRow)),
    }


def _parts(name: str, ids: list[int]):
    return _part_queries()[name].filter(service_id__in=ids)


def _load_alerts(
    services: dict[int, ServiceRow], ids: list[int], day: datetime.date | None
) -> None:
    """The alerts shown on ``day`` (every alert when None) as ``alerts``, and those shown on
    ``day`` as ``active_alerts``: one query."""
    alerts = _parts("alerts", ids)
    if day is not None:
        alerts = alerts.active_on(day)
    for row in alerts:
        alert = AlertRow(pk=row.pop("id"), **row)
        service = services[alert.service_id]
        service.alerts.append(alert)
        if day is not None:
            service.active_alerts.append(alert)


def _load_parts(services: dict[int, ServiceRow], ids: list[int]) -> None:
    """Each service's types, locations, schedules, areas, closures and capacities: one query
    each."""
    types = _terms()
    by_service = defaultdict(list)
    for service_id, term_id in _parts("types", ids):
        if term_id in types:
            by_service[service_id].append(types[term_id])
    for service_id, terms in by_service.items():
        services[service_id].types = Rows(sorted(terms, key=lambda term: (term.position, term.pk)))

    locations = {}
    for row in _parts("locations", ids):
        municipality = _place(row, "location__municipality", *MUNICIPALITY)
        location = LocationRow(
            pk=row["location_id"],
            service_id=row["service_id"],
            municipality_id=municipality.pk if municipality else None,
            municipality=municipality,
            **{name: row[f"location__{name}"] for name in LOCATION},
        )
        locations[location.pk] = location
        services[location.service_id].locations.append(location)

    schedules = [ScheduleRow(pk=row.pop("id"), **row) for row in _parts("schedules", ids)]
    # Schedule's own ordering: by location (kind, name, id), then by time.
    schedules.sort(
        key=lambda s: (
            s.service_id,
            locations[s.location_id].kind,
            locations[s.location_id].name,
            s.location_id,
            s.opens_at,
            s.pk,
        )
    )
    for schedule in schedules:
        services[schedule.service_id].schedules.append(schedule)

    for row in _parts("areas", ids):
        municipality = _place(row, "municipality", "orp_id", "region_id")
        orp = _place(row, "orp", "region_id")
        region = _place(row, "region")
        area = AreaRow(
            pk=row["id"],
            service_id=row["service_id"],
            municipality_id=municipality.pk if municipality else None,
            orp_id=orp.pk if orp else None,
            region_id=region.pk if region else None,
            municipality=municipality,
            orp=orp,
            region=region,
        )
        services[area.service_id].areas.append(area)

    for row in _parts("closures", ids):
        closure = ClosureRow(pk=row.pop("id"), **row)
        services[closure.service_id].closures.append(closure)

    for row in _parts("capacities", ids):
        capacity = CapacityRow(pk=row.pop("id"), **row)
        services[capacity.service_id].capacities.append(capacity)
