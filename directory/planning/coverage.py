"""Who reaches which ORP, how and on which days: the coverage the planning pages count.

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
per cell.
"""

import dataclasses
import datetime

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _

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


class Reach(models.TextChoices):
    """How a service reaches an ORP, strongest first (a service can reach it in several ways);
    the labels name a service by the strongest way it reaches the ORP."""

    PREMISES = "premises", _("With premises in the ORP")
    OUTREACH = "outreach", _("Outreach sessions only")
    AREA = "area", _("By service area only")


# Service type codes the highlights look for.
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
    # service id -> the ways it reaches this ORP
    reach: dict[int, set[Reach]] = dataclasses.field(default_factory=dict)
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
        return any(Reach.OUTREACH in modes for modes in self.reach.values())

    def strongest_reach(self, service_id: int) -> Reach:
        modes = self.reach[service_id]
        return next(mode for mode in Reach if mode in modes)


@dataclasses.dataclass(frozen=True)
class CapacityFigure:
    available: int
    maximum: int
    fresh: bool


@dataclasses.dataclass
class Coverage:
    orps: list[OrpCoverage]
    facts: dict[int, ServiceFacts] = dataclasses.field(default_factory=dict)
    # service id -> its capacities (only services reaching an ORP asked about)
    capacities: dict[int, list[CapacityFigure]] = dataclasses.field(default_factory=dict)

    def services_in(self, orps) -> set[int]:
        return set().union(*(orp.reach for orp in orps)) if orps else set()

    def by_region(self) -> dict[int, list[OrpCoverage]]:
        """The ORPs of each region, by region id."""
        found: dict[int, list[OrpCoverage]] = {}
        for orp in self.orps:
            found.setdefault(orp.region_id, []).append(orp)
        return found


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

    Six queries whatever the size of the region (five without capacities), one a step; see
    the module docstring.
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
        location__kind=LocationKind.REMOTE, service__in=areas.values("service_id")
    )
    touching = Service.objects.filter(
        Q(pk__in=located.values("service_id")) | Q(pk__in=areas.values("service_id"))
    )

    coverage = Coverage(orps=_orps(orps))
    at_premises = _add_located_sessions(coverage, located)
    covered = _add_areas(coverage, areas)
    _add_remote_sessions(coverage, remote, covered)
    reached = coverage.services_in(coverage.orps)
    coverage.facts = _facts(touching, reached, today)
    if capacities:
        _add_capacities(coverage, touching, reached, today)
    _mark_fixed_contact_centres(coverage, at_premises)
    return coverage


def _orps(orps) -> list[OrpCoverage]:
    """An empty coverage of each ORP: one query."""
    rows = orps.values_list("id", "name", "slug", "csu_code", "region_id")
    return [
        OrpCoverage(label=OrpLabel(id=pk, name=name, slug=slug, code=code, region_id=region_id))
        for pk, name, slug, code, region_id in rows
    ]


def _add_located_sessions(coverage: Coverage, located) -> set[tuple[int, int]]:
    """Sessions at premises and outreach stops reach the ORP they are in, on their days: one
    query. Returns the (service, ORP) pairs with a session at premises."""
    by_id = {orp.id: orp for orp in coverage.orps}
    rows = located.order_by().values_list(
        "service_id", "location__municipality__orp_id", "location__kind", "days"
    )
    at_premises: set[tuple[int, int]] = set()
    for service_id, orp_id, kind, days in rows.distinct():
        orp = by_id.get(orp_id)
        if orp is None:
            continue
        mode = Reach.PREMISES if kind == LocationKind.PREMISES else Reach.OUTREACH
        orp.reach.setdefault(service_id, set()).add(mode)
        if mode == Reach.PREMISES:
            at_premises.add((service_id, orp_id))
        for number in weekdays.numbers(days):
            orp.days[number].add(service_id)
    return at_premises


def _add_areas(coverage: Coverage, areas) -> dict[int, set[int]]:
    """Service areas reach the ORPs they cover: one query. The areas' rows turned round
    (``AreaRules.covers``): all of the area's region's ORPs, its own, or its municipality's.
    Returns the ids of the ORPs each service's areas cover."""
    by_id = {orp.id: orp for orp in coverage.orps}
    by_region = coverage.by_region()
    covered: dict[int, set[int]] = {}
    rows = areas.order_by().values_list("service_id", "region_id", "orp_id", "municipality__orp_id")
    for service_id, region_id, orp_id, municipality_orp_id in rows.distinct():
        if region_id:
            targets = by_region.get(region_id, [])
        else:
            target = by_id.get(orp_id or municipality_orp_id)
            targets = [target] if target else []
        for orp in targets:
            orp.reach.setdefault(service_id, set()).add(Reach.AREA)
            covered.setdefault(service_id, set()).add(orp.id)
    return covered


def _add_remote_sessions(coverage: Coverage, remote, covered: dict[int, set[int]]) -> None:
    """A remote session counts on its days in every ORP its service's areas cover: one query."""
    by_id = {orp.id: orp for orp in coverage.orps}
    for service_id, days in remote.order_by().values_list("service_id", "days").distinct():
        for orp_id in covered.get(service_id, ()):
            for number in weekdays.numbers(days):
                by_id[orp_id].days[number].add(service_id)


def _facts(touching, reached: set[int], today: datetime.date) -> dict[int, ServiceFacts]:
    """Types, status and staleness of the services reaching the ORPs: one query (``touching``,
    the services with a session or an area there, is a subquery)."""
    types: dict[int, set[str]] = {}
    status: dict[int, tuple[str, bool]] = {}
    stale = ExpressionWrapper(ServiceQuerySet.stale_q(today), output_field=BooleanField())
    rows = (
        touching.order_by()
        .annotate(stale_flag=stale)
        .values_list("pk", "status", "stale_flag", "types__code")
    )
    for pk, state, is_stale, code in rows:
        if pk not in reached:
            continue
        status[pk] = (state, is_stale)
        if code:
            types.setdefault(pk, set()).add(code)
    return {
        pk: ServiceFacts(
            types=frozenset(types.get(pk, ())),
            planned=state == ServiceStatus.PLANNED,
            stale=bool(is_stale),
        )
        for pk, (state, is_stale) in status.items()
    }


def _add_capacities(coverage: Coverage, touching, reached: set[int], today) -> None:
    """The capacities of the services reaching the ORPs, fresh or not on ``today``: one query
    (``touching`` is a subquery)."""
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


def _mark_fixed_contact_centres(coverage: Coverage, at_premises: set[tuple[int, int]]) -> None:
    """A fixed contact centre of an ORP: an active service of that type with a session at
    premises in the ORP."""
    for orp in coverage.orps:
        orp.fixed_contact_centres = {
            pk
            for pk in orp.reach
            if (pk, orp.id) in at_premises
            and CONTACT_CENTRE in coverage.facts[pk].types
            and not coverage.facts[pk].planned
        }
