"""What the planning pages and their exports show, counted from a coverage
(``directory.planning.coverage``): ORP × service type, ORP × weekday, how services reach each
ORP, capacities, highlights and the national summary.

What the pages show (counts per cell, not the sets of services behind them, which are hundreds
of kilobytes to unpickle) is cached per region, toggles and day under the global content
version of ``directory.cache``: any saved change to a listing retires every cached matrix, in
every worker, once its transaction commits.
"""

import dataclasses
import datetime

from directory.cache import cached_until_change
from directory.models import Region
from directory.planning.coverage import (
    CONTACT_CENTRE,
    OUTREACH_TYPE,
    Coverage,
    OrpLabel,
    Reach,
    Toggles,
    gather,
)
from services import weekdays

CACHE_SECONDS = 6 * 60 * 60


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
                    cell.on_premises += Reach.PREMISES in modes
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
                premises=strongest.count(Reach.PREMISES),
                outreach=strongest.count(Reach.OUTREACH),
                area=strongest.count(Reach.AREA),
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
    by_region = coverage.by_region()
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

    # The first part names the pickled classes' version, for a shared cache (Redis) keeps
    # entries across a deploy that changes no content: "region-3" since they moved from
    # directory.planning to directory.planning.tables (a pickle names its class's module),
    # "region-2" since capacities (issue 20).
    parts = ("region-3", region.slug, toggles.target, toggles.substance, today.isoformat())
    return cached_until_change(":".join(("planning", *parts)), compute, CACHE_SECONDS)


def national_summaries(
    *, regions: list[Region], today: datetime.date, type_codes: list[str]
) -> list[RegionSummary]:
    """``region_summaries`` of all regions; ``gather``'s five queries (no capacities) on a
    cache miss."""

    def compute():
        coverage = gather(region=None, toggles=Toggles(), today=today, capacities=False)
        return region_summaries(coverage, regions, type_codes)

    # "national-2": since RegionSummary moved to directory.planning.tables (see above).
    key = f"planning:national-2:{today.isoformat()}"
    return cached_until_change(key, compute, CACHE_SECONDS)
