"""What "available in town T on day D at time H" means, in the database.

PRODUCT.md: a service matches town T when it has a schedule at a location in T, or its
service area covers T (directly, through T's ORP, or through T's region). With a day (and time)
it must have a schedule on that day (open at that time) that is either in T or remote
(phone/online) for a service whose area covers T. A date also honours valid-from/to,
every-N-weeks and n-th-weekday rules, coordinators' closures and Czech public holidays.

``services.availability`` mirrors these rules in Python to explain each match; the two are
tested against each other.
"""

import dataclasses
import datetime
import math

from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Mod

from directory.models import HsdsIdentifiedQuerySet, Publication
from services import weekdays


@dataclasses.dataclass(frozen=True)
class When:
    """The time part of a search: weekdays (bit mask, 0 = any), a time of day, a date."""

    days: int = 0
    time: datetime.time | None = None
    date: datetime.date | None = None

    @property
    def effective_days(self) -> int:
        """Days a session must fall on; a date narrows them to its own weekday."""
        if self.date is None:
            return self.days
        own = weekdays.bit(self.date.weekday())
        return own & self.days if self.days else own

    @property
    def is_set(self) -> bool:
        return bool(self.days or self.time or self.date)


def _place_kind(place) -> str:
    """ "municipality", "orp" or "region": the three kinds of place a search can be about."""
    kind = place._meta.model_name
    if kind not in ("municipality", "orp", "region"):
        raise TypeError(f"not a place: {place!r}")
    return kind


def location_distance_sq(latitude: float, longitude: float) -> ExpressionWrapper:
    """On Location rows: the squared distance (in degrees of latitude) from the point to the
    location's own point, else its municipality's (see ``ServiceQuerySet.with_distance``)."""
    scale = math.cos(math.radians(latitude))
    lat = Coalesce(F("latitude"), F("municipality__latitude"))
    lon = Coalesce(F("longitude"), F("municipality__longitude"))
    d_lat = ExpressionWrapper(lat - Value(latitude), output_field=FloatField())
    d_lon = ExpressionWrapper((lon - Value(longitude)) * Value(scale), output_field=FloatField())
    return ExpressionWrapper(d_lat * d_lat + d_lon * d_lon, output_field=FloatField())


def located_in(place) -> Q:
    """Schedules whose location lies in ``place`` (a municipality, ORP or region)."""
    kind = _place_kind(place)
    if kind == "municipality":
        return Q(location__municipality=place)
    return Q(**{f"location__municipality__{kind}": place})


def _covers(town) -> Q:
    """ServiceArea rows that cover ``town`` (directly, by ORP or by region). ``town`` may also
    be a whole ORP or region: an area covers it when the area is the place itself, lies inside
    it (a municipality of the ORP) or contains it (the ORP's region)."""
    kind = _place_kind(town)
    if kind == "municipality":
        return Q(municipality=town) | Q(orp_id=town.orp_id) | Q(region_id=town.region_id)
    if kind == "orp":
        return Q(municipality__orp=town) | Q(orp=town) | Q(region_id=town.region_id)
    return Q(municipality__region=town) | Q(orp__region=town) | Q(region=town)


def covering_service_ids(town):
    """The ids of services with an area covering ``town``, as an uncorrelated subquery."""
    from services.models import ServiceArea  # circular: models import this module

    return ServiceArea.objects.filter(_covers(town)).order_by().values("service_id")


def session_filter(schedules, when: When, today: datetime.date):
    """Narrow a Schedule queryset to sessions that happen as ``when`` asks."""
    from services.models import Closure, Frequency  # circular: models import this module

    days = when.effective_days
    if when.date is not None and days == 0:
        return schedules.none()  # the date falls on none of the requested weekdays
    if days:
        schedules = schedules.alias(day_hit=F("days").bitand(days)).filter(day_hit__gt=0)
    if when.time is not None:
        schedules = schedules.filter(opens_at__lte=when.time, closes_at__gt=when.time)
    date = when.date
    if date is None:
        # Without a date, a schedule that has already ended does not count.
        return schedules.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))

    schedules = schedules.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=date),
        Q(valid_to__isnull=True) | Q(valid_to__gte=date),
    )
    schedules = schedules.alias(
        week_offset=Mod(weekdays.week_number(date) - F("anchor_week"), F("interval")),
        month_offset=Mod(weekdays.month_number(date) - F("anchor_month"), F("interval")),
    ).filter(
        Q(freq=Frequency.WEEKLY, week_offset=0)
        | Q(
            freq=Frequency.MONTHLY,
            month_offset=0,
            week_of_month__in=weekdays.weeks_of_month(date),
        )
    )
    if weekdays.holiday_name(date):
        schedules = schedules.filter(open_on_holidays=True)
    closures = Closure.objects.filter(
        service=OuterRef("service_id"), starts_on__lte=date, ends_on__gte=date
    ).filter(Q(location__isnull=True) | Q(location=OuterRef("location_id")))
    return schedules.filter(~Exists(closures))


def alerts_prefetch(today: datetime.date, lookup: str = "alerts") -> Prefetch:
    """``active_alerts`` of the services at ``lookup``: the alerts shown on ``today``."""
    from services.models import Alert  # circular: models import this module

    alerts = Alert.objects.active_on(today).order_by("starts_on", "id")
    return Prefetch(lookup, queryset=alerts, to_attr="active_alerts")


# The one rule for what the public may see of a service: it and its organization are published
# (a draft organization's services must not publish its record through their pages or the API).
PUBLIC = Q(publication=Publication.PUBLISHED, organization__publication=Publication.PUBLISHED)


class ServiceQuerySet(HsdsIdentifiedQuerySet):
    def published(self):
        return self.filter(PUBLIC)

    def listed(self):
        """What search shows: published, and active or planned (planned ones are labelled)."""
        from services.models import ServiceStatus  # circular: models import this module

        return self.published().filter(status__in=[ServiceStatus.ACTIVE, ServiceStatus.PLANNED])

    def available(self, *, town=None, when: When = When(), today: datetime.date):
        """Services available in ``town`` and/or at ``when``.

        ``town`` is a Municipality, or a whole Orp or Region (a session anywhere in it, or an
        area covering any part of it). ``today`` is the reference date that decides whether an
        undated search still counts a schedule (its ``valid_to`` not passed).

        No extra queries: ``id IN (…)`` subqueries that do not depend on the service row, so
        PostgreSQL computes each once (from the indexes on the town's locations and covering
        areas) instead of probing every listed service; an ``EXISTS … OR EXISTS …`` per service
        row also made its cost estimate large enough to trigger JIT compilation (~0.7 s).
        """
        from services.models import LocationKind, Schedule  # circular: models import this module

        if town is None and not when.is_set:
            return self
        # No ordering: a compound statement's parts may not have one (SQLite), and the default
        # ordering of schedules would join services and locations for nothing.
        sessions = session_filter(Schedule.objects.order_by(), when, today)
        if town is None:
            return self.filter(pk__in=sessions.values("service_id"))
        here = sessions.filter(located_in(town)).values("service_id")
        if not when.is_set:
            return self.filter(pk__in=here.union(covering_service_ids(town)))
        remote_covering = sessions.filter(
            location__kind=LocationKind.REMOTE, service_id__in=covering_service_ids(town)
        ).values("service_id")
        return self.filter(pk__in=here.union(remote_covering))

    def with_distance(self, latitude: float, longitude: float):
        """Annotate ``distance_sq``: the squared distance (in degrees of latitude) from the point
        to the service's nearest premises or outreach stop; NULL for remote-only services.

        An equirectangular approximation, so both databases compute it with plain arithmetic
        (no trigonometry in SQLite): longitude differences are scaled by cos(latitude) of the
        point, computed here in Python. Within the Czech Republic (< 500 km) it orders like the
        great-circle distance to well under 1 %; the page shows the exact haversine figure.
        One correlated subquery, no extra queries.
        """
        from services.models import Location, LocationKind  # circular import

        nearest = (
            Location.objects.filter(services=OuterRef("pk"))
            .exclude(kind=LocationKind.REMOTE)
            .annotate(d=location_distance_sq(latitude, longitude))
            .filter(d__isnull=False)
            .order_by("d")
            .values("d")[:1]
        )
        return self.annotate(distance_sq=Subquery(nearest, output_field=FloatField()))

    def with_premises_in(self, municipality, postal_codes: list[str]):
        """Annotate ``in_part``: whether the service has premises in ``municipality`` with one
        of ``postal_codes`` (those of a city district or part searched for). A postal code is
        the one thing both a location's address and a part are known by; its area does not
        follow district boundaries exactly, so premises just across one may count too.
        One correlated EXISTS, no extra queries."""
        from services.models import Location, LocationKind  # circular import

        premises = Location.objects.filter(
            services=OuterRef("pk"),
            kind=LocationKind.PREMISES,
            municipality=municipality,
            postal_code__in=postal_codes,
        )
        return self.annotate(in_part=Exists(premises))

    def with_alerts(self, today: datetime.date):
        """Prefetch ``active_alerts``: the service's alerts shown on ``today`` (one query)."""
        return self.prefetch_related(alerts_prefetch(today))

    def with_open_reports(self):
        """Annotate ``has_open_report`` (the verification queue puts those first)."""
        from services.verification import open_report_exists  # circular: it imports models

        return self.annotate(has_open_report=open_report_exists())

    def for_listing(self):
        """Everything a list page shows, in a fixed number of queries (1 + 5 prefetches)."""
        from services.models import Location, ServiceArea, Term  # circular import

        return self.select_related("organization").prefetch_related(
            Prefetch("types", queryset=Term.objects.order_by("position", "id")),
            # Only what the pages read (a location's town and its region for addresses; an
            # area's place names): every joined model is one more instance per row.
            Prefetch("locations", queryset=Location.objects.select_related("municipality__region")),
            "schedules",
            Prefetch(
                "areas",
                queryset=ServiceArea.objects.select_related("municipality", "orp", "region"),
            ),
            "closures",
        )
