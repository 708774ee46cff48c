"""Coverage of ORPs by service type and weekday, for community planners (issue 7).

The same "available in" rule as search (PRODUCT.md, ``ServiceQuerySet.available``), lifted to
ORP level: a listed service counts in an ORP when it has a current schedule at a location in a
municipality of the ORP, or a service area on the ORP itself, on its region or on any
municipality of the ORP. On a weekday it counts when it has a session that day in the ORP, or
a remote (phone/online) session while its area covers the ORP.

Capacities (issue 20) are summed per ORP and service type from the services reaching the ORP:
the free and all places of fresh figures (``services.rules.CapacityRules``), and the places
whose figure is too old to count, separately.

``gather`` reads everything in six queries however many ORPs and services there are: the
database returns small (service, ORP, kind, days) tuples and Python counts distinct services
per cell. What the pages show (counts per cell, not the sets of services behind them, which
are hundreds of kilobytes to unpickle) is cached per region, toggles and day under the global
content version of ``directory.cache``: any saved change to a listing retires every cached
matrix, in every worker, once its transaction commits.
"""

import dataclasses
import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q

from directory.cache import cached_until_change
from directory.models import Orp, Region
from services import weekdays
from services.models import (
    LocationKind,
    Schedule,
    Service,
    ServiceArea,
    ServiceCapacity,
    ServiceQuerySet,
    ServiceStatus,
    Vocabulary,
)
from services.querysets import When
from services.rules import capacity_fresh_from

CACHE_SECONDS = 6 * 60 * 60

# How a service reaches an ORP, strongest first (a service can reach it in several ways).
PREMISES = "premises"
OUTREACH = "outreach"
AREA = "area"
REACH_ORDER = (PREMISES, OUTREACH, AREA)

CONTACT_CENTRE = "contact_centre"
OUTREACH_TYPE = "outreach"


@dataclasses.dataclass(frozen=True)
class Toggles:
    """Narrowing of the listed services by taxonomy codes ('' = no narrowing)."""

    target: str = ""
    substance: str = ""


@dataclasses.dataclass(frozen=True)
class ServiceFacts:
    types: frozenset[str]
    planned: bool
    stale: bool


@dataclasses.dataclass(frozen=True)
class OrpLabel:
    """What a table row says about its ORP; small, so rows of counts stay cheap to cache."""

    id: int
    name: str
    slug: str
    code: str
    region_id: int


@dataclasses.dataclass
class OrpCoverage:
    label: OrpLabel
    # service id -> the ways it reaches this ORP (PREMISES, OUTREACH, AREA)
    reach: dict[int, set[str]] = dataclasses.field(default_factory=dict)
    # Monday … Sunday: ids of services with a session in the ORP that day
    days: list[set[int]] = dataclasses.field(default_factory=lambda: [set() for _ in range(7)])
    # ids of active services of type contact centre with a session at premises in the ORP
    fixed_contact_centres: set[int] = dataclasses.field(default_factory=set)

    @property
    def id(self) -> int:
        return self.label.id

    @property
    def region_id(self) -> int:
        return self.label.region_id

    def has_type(self, code: str, facts: dict[int, ServiceFacts]) -> bool:
        return any(code in facts[pk].types for pk in self.reach)

    @property
    def has_outreach_sessions(self) -> bool:
        return any(OUTREACH in modes for modes in self.reach.values())

    def strongest_reach(self, service_id: int) -> str:
        modes = self.reach[service_id]
        return next(mode for mode in REACH_ORDER if mode in modes)


@dataclasses.dataclass(frozen=True)
class CapacityFigure:
    available: int
    maximum: int
    fresh: bool


@dataclasses.dataclass
class Coverage:
    orps: list[OrpCoverage]
    facts: dict[int, ServiceFacts]
    # service id -> its capacities (only services reaching an ORP asked about)
    capacities: dict[int, list[CapacityFigure]] = dataclasses.field(default_factory=dict)

    def services_in(self, orps) -> set[int]:
        return set().union(*(orp.reach for orp in orps)) if orps else set()


def listed_services(toggles: Toggles):
    """The listed services a planner asked about, as a queryset to use as a subquery."""
    services = Service.objects.listed()
    if toggles.target:
        services = services.filter(
            target_groups__vocabulary=Vocabulary.TARGET_GROUP, target_groups__code=toggles.target
        )
    if toggles.substance:
        services = services.filter(
            substances__vocabulary=Vocabulary.SUBSTANCE, substances__code=toggles.substance
        )
    return services


def gather(
    *, region: Region | None, toggles: Toggles, today: datetime.date, capacities: bool = True
) -> Coverage:
    """Who reaches which ORP of ``region`` (all regions when None), how and on which days,
    and (unless ``capacities`` is false) with what capacities.

    Six queries whatever the size of the region (five without capacities); see the module
    docstring.
    """
    service_ids = listed_services(toggles).values("pk")
    # As search does without a date: a schedule that has already ended does not count.
    current = Schedule.objects.happening(When(), today=today)

    orps = Orp.objects.order_by("name", "id")
    located = current.filter(service__in=service_ids, location__municipality__isnull=False)
    areas = ServiceArea.objects.filter(service__in=service_ids)
    if region is not None:
        orps = orps.filter(region=region)
        # Municipality.region is denormalised, so this needs no join through the ORP.
        located = located.located_in(region)
        areas = areas.covering(region)
    remote = current.filter(
        location__kind=LocationKind.REMOTE,
        service__in=areas.values("service_id"),
    )

    coverage = Coverage(
        orps=[
            OrpCoverage(label=OrpLabel(id=pk, name=name, slug=slug, code=code, region_id=region_id))
            for pk, name, slug, code, region_id in orps.values_list(
                "id", "name", "slug", "csu_code", "region_id"
            )
        ],
        facts={},
    )
    by_id = {orp.id: orp for orp in coverage.orps}
    by_region: dict[int, list[OrpCoverage]] = {}
    for orp in coverage.orps:
        by_region.setdefault(orp.region_id, []).append(orp)

    located_rows = located.order_by().values_list(
        "service_id", "location__municipality__orp_id", "location__kind", "days"
    )
    sessions_at_premises: set[tuple[int, int]] = set()
    for service_id, orp_id, kind, days in located_rows.distinct():
        orp = by_id.get(orp_id)
        if orp is None:
            continue
        mode = PREMISES if kind == LocationKind.PREMISES else OUTREACH
        orp.reach.setdefault(service_id, set()).add(mode)
        if mode == PREMISES:
            sessions_at_premises.add((service_id, orp_id))
        for number in weekdays.numbers(days):
            orp.days[number].add(service_id)

    # The areas' rows turned round: the ORPs each area covers (``AreaRules.covers``): all of
    # its region's, its own, or its municipality's.
    covered: dict[int, set[int]] = {}
    area_rows = areas.order_by().values_list(
        "service_id", "region_id", "orp_id", "municipality__orp_id"
    )
    for service_id, region_id, orp_id, municipality_orp_id in area_rows.distinct():
        if region_id:
            targets = by_region.get(region_id, [])
        else:
            target = by_id.get(orp_id or municipality_orp_id)
            targets = [target] if target else []
        for orp in targets:
            orp.reach.setdefault(service_id, set()).add(AREA)
            covered.setdefault(service_id, set()).add(orp.id)

    for service_id, days in remote.order_by().values_list("service_id", "days").distinct():
        for orp_id in covered.get(service_id, ()):
            for number in weekdays.numbers(days):
                by_id[orp_id].days[number].add(service_id)

    reached = coverage.services_in(coverage.orps)
    types: dict[int, set[str]] = {}
    status: dict[int, tuple[str, bool]] = {}
    touching = Service.objects.filter(
        Q(pk__in=located.values("service_id")) | Q(pk__in=areas.values("service_id"))
    )
    fact_rows = (
        touching.order_by()
        .annotate(
            stale_flag=ExpressionWrapper(
                ServiceQuerySet.stale_q(today), output_field=BooleanField()
            )
        )
        .values_list("pk", "status", "stale_flag", "types__code")
    )
    for pk, state, stale, code in fact_rows:
        if pk not in reached:
            continue
        status[pk] = (state, stale)
        if code:
            types.setdefault(pk, set()).add(code)
    for pk, (state, stale) in status.items():
        coverage.facts[pk] = ServiceFacts(
            types=frozenset(types.get(pk, ())),
            planned=state == ServiceStatus.PLANNED,
            stale=bool(stale),
        )
    if capacities:
        _gather_capacities(coverage, touching, reached, today)
    for orp in coverage.orps:
        orp.fixed_contact_centres = {
            pk
            for pk in orp.reach
            if (pk, orp.id) in sessions_at_premises
            and CONTACT_CENTRE in coverage.facts[pk].types
            and not coverage.facts[pk].planned
        }
    return coverage


def _gather_capacities(coverage: Coverage, touching, reached: set[int], today) -> None:
    """The capacities of the services reaching the ORPs, fresh or not on ``today``: one query
    (``touching``, the services with a session or an area there, is a subquery)."""
    fresh_from = capacity_fresh_from(today)
    rows = (
        ServiceCapacity.objects.filter(service__in=touching.order_by().values("pk"))
        .order_by()
        .values_list("service_id", "available", "maximum", "updated_at")
    )
    for pk, available, maximum, updated_at in rows:
        if pk in reached:
            coverage.capacities.setdefault(pk, []).append(
                CapacityFigure(available=available, maximum=maximum, fresh=updated_at >= fresh_from)
            )


# ---- what the pages and exports show ------------------------------------------------------


@dataclasses.dataclass
class Cell:
    """Built afresh for each page from the (cached) coverage; the view sets ``url``."""

    count: int
    on_premises: int = 0
    planned: int = 0
    params: tuple[tuple[str, str], ...] = ()  # the matching search's query parameters
    url: str = ""

    @property
    def is_gap(self) -> bool:
        return self.count == 0


@dataclasses.dataclass(frozen=True)
class Row:
    orp: OrpLabel
    cells: list[Cell]
    total: int


def type_rows(coverage: Coverage, type_codes: list[str]) -> list[Row]:
    """ORP × service type: how many listed services of each type are available in the ORP."""
    rows = []
    for orp in coverage.orps:
        cells = {
            code: Cell(count=0, params=(("orp", orp.label.slug), ("type", code)))
            for code in type_codes
        }
        # One pass over the ORP's services (not one per type): regions reach thousands.
        for pk, modes in orp.reach.items():
            facts = coverage.facts[pk]
            for code in facts.types:
                cell = cells.get(code)
                if cell is not None:
                    cell.count += 1
                    cell.on_premises += PREMISES in modes
                    cell.planned += facts.planned
        rows.append(Row(orp=orp.label, cells=list(cells.values()), total=len(orp.reach)))
    return rows


@dataclasses.dataclass
class CapacityCell:
    """Places of one service type reaching one ORP: free of all (fresh figures), and the
    places whose figure is older than the freshness limit, which are not counted as free."""

    available: int = 0
    maximum: int = 0
    stale: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.maximum or self.stale)


@dataclasses.dataclass(frozen=True)
class CapacityRow:
    orp: OrpLabel
    cells: list[CapacityCell]

    @property
    def is_empty(self) -> bool:
        return all(cell.is_empty for cell in self.cells)


def capacity_rows(coverage: Coverage, type_codes: list[str]) -> list[CapacityRow]:
    """ORP × service type: the capacities of the services reaching the ORP (a service with
    several types counts in each of them, as in ``type_rows``). Every ORP, as in the other
    tables: the page leaves out those without any, the downloads keep them."""
    rows = []
    for orp in coverage.orps:
        cells = {code: CapacityCell() for code in type_codes}
        for pk in orp.reach:
            for figure in coverage.capacities.get(pk, ()):
                for code in coverage.facts[pk].types:
                    cell = cells.get(code)
                    if cell is None:
                        continue
                    if figure.fresh:
                        cell.available += figure.available
                        cell.maximum += figure.maximum
                    else:
                        cell.stale += figure.maximum
        rows.append(CapacityRow(orp=orp.label, cells=list(cells.values())))
    return rows


def present_columns(rows: list[Row]) -> list[int]:
    """Indexes of the columns with a service in at least one row."""
    width = len(rows[0].cells) if rows else 0
    return [index for index in range(width) if any(row.cells[index].count for row in rows)]


def keep_columns(rows: list[Row], indexes: list[int]) -> list[Row]:
    return [dataclasses.replace(row, cells=[row.cells[index] for index in indexes]) for row in rows]


def weekday_rows(coverage: Coverage) -> list[Row]:
    """ORP × Monday…Sunday: how many listed services have a session reaching the ORP."""
    return [
        Row(
            orp=orp.label,
            cells=[
                Cell(
                    count=len(ids),
                    params=(("orp", orp.label.slug), ("day", weekdays.CODES[number])),
                )
                for number, ids in enumerate(orp.days)
            ],
            total=len(set().union(*orp.days)),
        )
        for orp in coverage.orps
    ]


@dataclasses.dataclass(frozen=True)
class ReachRow:
    orp: OrpLabel
    total: int
    premises: int  # services with a session at premises in the ORP
    outreach: int  # … with outreach sessions in the ORP but no premises there
    area: int  # … reaching it only by service area (remote sessions or none)
    fixed_contact_centre: bool

    @property
    def params(self) -> tuple[tuple[str, str], ...]:
        return (("orp", self.orp.slug),)


def reach_rows(coverage: Coverage) -> list[ReachRow]:
    """Per ORP: services counted once each, by the strongest way they reach it."""
    rows = []
    for orp in coverage.orps:
        strongest = [orp.strongest_reach(pk) for pk in orp.reach]
        rows.append(
            ReachRow(
                orp=orp.label,
                total=len(strongest),
                premises=strongest.count(PREMISES),
                outreach=strongest.count(OUTREACH),
                area=strongest.count(AREA),
                fixed_contact_centre=bool(orp.fixed_contact_centres),
            )
        )
    return rows


@dataclasses.dataclass(frozen=True)
class Highlights:
    outreach_without_fixed_centre: list[OrpLabel]
    without_centre_or_outreach: list[OrpLabel]
    stale: int
    services: int


def highlights(coverage: Coverage) -> Highlights:
    ids = coverage.services_in(coverage.orps)
    return Highlights(
        outreach_without_fixed_centre=[
            orp.label
            for orp in coverage.orps
            if orp.has_outreach_sessions and not orp.fixed_contact_centres
        ],
        without_centre_or_outreach=orps_without_centre_or_outreach(coverage, coverage.orps),
        stale=sum(coverage.facts[pk].stale for pk in ids),
        services=len(ids),
    )


def orps_without_centre_or_outreach(coverage: Coverage, orps) -> list[OrpLabel]:
    return [
        orp.label
        for orp in orps
        if not orp.has_type(CONTACT_CENTRE, coverage.facts)
        and not orp.has_type(OUTREACH_TYPE, coverage.facts)
    ]


@dataclasses.dataclass(frozen=True)
class RegionSummary:
    region: Region
    services: int
    by_type: list[int]  # in the order of the type codes asked for
    orps: int
    orps_without: list[OrpLabel]
    stale: int

    @property
    def stale_percent(self) -> int | None:
        return round(100 * self.stale / self.services) if self.services else None


def region_summaries(coverage: Coverage, regions, type_codes: list[str]) -> list[RegionSummary]:
    """Headline figures of each region from a coverage of all regions."""
    by_region: dict[int, list[OrpCoverage]] = {}
    for orp in coverage.orps:
        by_region.setdefault(orp.region_id, []).append(orp)
    summaries = []
    for region in regions:
        orps = by_region.get(region.pk, [])
        ids = coverage.services_in(orps)
        summaries.append(
            RegionSummary(
                region=region,
                services=len(ids),
                by_type=[
                    sum(code in coverage.facts[pk].types for pk in ids) for code in type_codes
                ],
                orps=len(orps),
                orps_without=orps_without_centre_or_outreach(coverage, orps),
                stale=sum(coverage.facts[pk].stale for pk in ids),
            )
        )
    return summaries


# ---- cache --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RegionMatrices:
    """Everything the region page and its exports count (every service type, in order)."""

    type_rows: list[Row]
    weekday_rows: list[Row]
    reach_rows: list[ReachRow]
    highlights: Highlights
    capacity_rows: list[CapacityRow]


def region_matrices(
    *, region: Region, toggles: Toggles, today: datetime.date, type_codes: list[str]
) -> RegionMatrices:
    """The tables of one region; ``gather``'s six queries on a cache miss."""

    def compute():
        coverage = gather(region=region, toggles=toggles, today=today)
        return RegionMatrices(
            type_rows=type_rows(coverage, type_codes),
            weekday_rows=weekday_rows(coverage),
            reach_rows=reach_rows(coverage),
            highlights=highlights(coverage),
            capacity_rows=capacity_rows(coverage, type_codes),
        )

    # "region-2": matrices pickled before capacities (issue 20) lack a field; a shared cache
    # (Redis) keeps them across a deploy that changes no content.
    parts = ("region-2", region.slug, toggles.target, toggles.substance, today.isoformat())
    return cached_until_change(":".join(("planning", *parts)), compute, CACHE_SECONDS)


def national_summaries(
    *, regions: list[Region], today: datetime.date, type_codes: list[str]
) -> list[RegionSummary]:
    """``region_summaries`` of all regions; ``gather``'s five queries (no capacities) on a
    cache miss."""

    def compute():
        coverage = gather(region=None, toggles=Toggles(), today=today, capacities=False)
        return region_summaries(coverage, regions, type_codes)

    return cached_until_change(f"planning:national:{today.isoformat()}", compute, CACHE_SECONDS)


# ---- chart --------------------------------------------------------------------------------

# Narrow enough that the labels stay legible when the chart shrinks to a 320 px screen.
CHART_WIDTH = 420
CHART_LABEL_WIDTH = 140
CHART_VALUE_WIDTH = 30
CHART_ROW_HEIGHT = 28
CHART_BAR_HEIGHT = 20
CHART_TOP = 8
CHART_LABEL_CHARS = 16


# Told apart by more than colour: solid, hatched (pattern defined in the template), light.
CHART_FILLS = {PREMISES: "#073763", OUTREACH: "url(#planning-hatch)", AREA: "#c9ced4"}


@dataclasses.dataclass(frozen=True)
class Segment:
    mode: str
    fill: str
    x: float
    width: float
    value: int


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    y: int
    text_y: int
    segments: list[Segment]
    total: int
    total_x: float


def chart(rows: list[ReachRow]) -> dict:
    """Geometry of a horizontal stacked bar chart of services per ORP (SVG user units)."""
    scale_width = CHART_WIDTH - CHART_LABEL_WIDTH - CHART_VALUE_WIDTH
    largest = max((row.total for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        y = CHART_TOP + index * CHART_ROW_HEIGHT
        x = float(CHART_LABEL_WIDTH)
        segments = []
        for mode, value in ((PREMISES, row.premises), (OUTREACH, row.outreach), (AREA, row.area)):
            width = round(scale_width * value / largest, 1)
            if value:
                segments.append(
                    Segment(mode=mode, fill=CHART_FILLS[mode], x=x, width=width, value=value)
                )
            x += width
        label = row.orp.name
        if len(label) > CHART_LABEL_CHARS:
            label = label[: CHART_LABEL_CHARS - 1] + "…"
        bars.append(
            Bar(
                label=label,
                y=y,
                text_y=y + CHART_BAR_HEIGHT - 5,
                segments=segments,
                total=row.total,
                total_x=round(x + 6, 1),
            )
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_TOP * 2 + len(rows) * CHART_ROW_HEIGHT,
        "bar_height": CHART_BAR_HEIGHT,
        "label_x": 0,
        "axis_x": CHART_LABEL_WIDTH,
        "bars": bars,
    }
