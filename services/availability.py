"""Why a service matches a search, and when it is next open — on prefetched data.

These mirror the database rules of ``services.models`` (``ScheduleQuerySet.happening`` and
``.located_in``, ``ServiceAreaQuerySet.covering``, ``ServiceQuerySet.available``) in Python so
that each result can say which sessions made it match, without a query per result. The rules
about one area or location are ``AreaRules.covers`` and ``LocationRules.lies_in``
(``services.rules``). Call them on services fetched with ``for_listing()`` or loaded as rows by
``services.listing`` (the same attribute names and rules); ``tests/services/test_rules.py``
and ``tests/services/test_availability.py`` check the two sides agree.
"""

import dataclasses
import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from services import weekdays
from services.models import Frequency, Location, Schedule, Service, ServiceArea, ServiceStatus
from services.querysets import When

# How far ahead "next opening" looks; monthly sessions fit, rarer ones are not "next".
HORIZON_DAYS = 62


@dataclasses.dataclass(frozen=True)
class Opening:
    date: datetime.date
    schedule: Schedule
    location: Location
    is_open_now: bool
    today: datetime.date  # the day it was computed on: "today", "tomorrow" are relative to it

    @property
    def starts(self) -> datetime.time:
        return self.schedule.opens_at


@dataclasses.dataclass(frozen=True)
class Reason:
    """One reason a service matches: a session (schedule at a location) or a covering area."""

    text: str
    schedule: Schedule | None = None
    location: Location | None = None
    area: ServiceArea | None = None


def _locations(service: Service) -> dict[int, Location]:
    return {location.pk: location for location in service.locations.all()}


def closed_on(service: Service, date: datetime.date, location_id: int) -> bool:
    return any(closure.covers(date, location_id) for closure in service.closures.all())


def session_happens(schedule: Schedule, service: Service, when: When, today: datetime.date) -> bool:
    """Python twin of ``ScheduleQuerySet.happening`` for one prefetched schedule."""
    days = when.effective_days
    if when.date is not None and days == 0:
        return False
    if days and not schedule.days & days:
        return False
    if when.time is not None and not schedule.opens_at <= when.time < schedule.closes_at:
        return False
    if when.date is None:
        return schedule.valid_to is None or schedule.valid_to >= today
    return happens_on(schedule, service, when.date)


def happens_on(schedule: Schedule, service: Service, date: datetime.date) -> bool:
    """A session on ``date``, honouring every-N/n-th rules, holidays and closures."""
    if not schedule.occurs_on(date):
        return False
    if weekdays.holiday_name(date) and not schedule.open_on_holidays:
        return False
    return not closed_on(service, date, schedule.location_id)


def covering_areas(service: Service, town) -> list[ServiceArea]:
    return [area for area in service.areas.all() if area.covers(town)]


def reasons(
    service: Service, *, town=None, when: When = When(), today: datetime.date
) -> list[Reason]:
    """Why ``service`` matches the search: its matching sessions, then covering areas.

    ``town`` is a Municipality, or a whole Orp or Region, as in ``ServiceQuerySet.available``.
    """
    locations = _locations(service)
    areas = covering_areas(service, town) if town is not None else []
    found = []
    for schedule in sorted(service.schedules.all(), key=lambda s: (s.days & -s.days, s.opens_at)):
        location = locations.get(schedule.location_id)
        if location is None or not session_happens(schedule, service, when, today):
            continue
        if town is not None:
            here = location.lies_in(town)
            remote_here = location.is_remote and bool(areas) and when.is_set
            if not (here or remote_here):
                continue
        found.append(Reason(session_text(schedule, location), schedule=schedule, location=location))
    if town is not None and not when.is_set:
        channels = sorted(
            {
                str(location.get_channel_display())
                for location in locations.values()
                if location.is_remote
            }
        )
        for area in areas:
            text = _("covers %(place)s") % {"place": area_place_text(area)}
            if channels:
                text = f"{text} ({', '.join(channels)})"
            found.append(Reason(text, area=area))
    return found


def area_place_text(area: ServiceArea) -> str:
    if area.municipality_id:
        return _("the municipality of %(name)s") % {"name": area.municipality.name}
    if area.orp_id:
        return _("ORP %(name)s") % {"name": area.orp.name}
    return area.region.name


def location_text(location: Location) -> str:
    if location.is_remote:
        return str(location.get_channel_display() or location.get_kind_display())
    return location.municipality.name


def session_text(schedule: Schedule, location: Location) -> str:
    """E.g. "Humpolec: every Thursday 13:00–18:00" (Czech: "Humpolec: každý čtvrtek …")."""
    return f"{location_text(location)}: {schedule_text(schedule)}"


def schedule_text(schedule: Schedule) -> str:
    hours = f"{schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}"
    picked = weekdays.numbers(schedule.days)
    if schedule.freq == Frequency.MONTHLY:
        nth = (
            _("last")
            if schedule.week_of_month == -1
            else _("%(n)s.") % {"n": schedule.week_of_month}
        )
        day_names = ", ".join(str(weekdays.NAMES[number]).lower() for number in picked)
        days = _("%(nth)s %(days)s of the month") % {"nth": nth, "days": day_names}
        if schedule.interval > 1:
            days = _("%(days)s, every %(n)s. month") % {"days": days, "n": schedule.interval}
    elif schedule.interval > 1:
        days = _("every %(n)s. week: %(days)s") % {
            "n": schedule.interval,
            "days": weekdays.label(schedule.days),
        }
    elif len(picked) == 1:
        days = str(weekdays.EVERY[picked[0]])
    else:
        days = weekdays.label(schedule.days)
    text = f"{days} {hours}"
    if schedule.valid_to:
        text += " " + _("until %(date)s") % {
            "date": formats.date_format(schedule.valid_to, "j. n. Y")
        }
    if schedule.note:
        # After a dash: in parentheses, a note with parentheses of its own nested them.
        text += f" – {schedule.note}"
    return text


def serving_locations(service: Service, place=None) -> dict[int, Location]:
    """The locations whose sessions reach ``place`` (all of them when no place is given).

    Python twin of the place half of ``ServiceQuerySet.available`` with a time: premises and
    outreach stops in the place, and remote channels (phone, online) of a service whose area
    covers it. A stop elsewhere never lends its hours to the place.
    """
    locations = _locations(service)
    if place is None:
        return locations
    covered = bool(covering_areas(service, place))
    return {
        pk: location
        for pk, location in locations.items()
        if location.lies_in(place) or (location.is_remote and covered)
    }


def next_opening(
    service: Service, now: datetime.datetime | None = None, place=None
) -> Opening | None:
    """The next session of an active service within ``HORIZON_DAYS`` that reaches ``place``
    (any session without a place), from prefetched data. ``is_open_now`` agrees with the
    search's "open now" for the same place."""
    if service.status != ServiceStatus.ACTIVE:
        return None
    now = timezone.localtime(now)
    today, time_now = now.date(), now.time()
    locations = serving_locations(service, place)
    schedules = sorted(
        (schedule for schedule in service.schedules.all() if schedule.location_id in locations),
        key=lambda s: s.opens_at,
    )
    if not schedules:
        return None
    for offset in range(HORIZON_DAYS):
        date = today + datetime.timedelta(days=offset)
        for schedule in schedules:
            if offset == 0 and schedule.closes_at <= time_now:
                continue
            if happens_on(schedule, service, date):
                return Opening(
                    date=date,
                    schedule=schedule,
                    location=locations[schedule.location_id],
                    is_open_now=offset == 0 and schedule.opens_at <= time_now,
                    today=today,
                )
    return None


def current_closures(service: Service, today: datetime.date):
    """Closures in force today or later, soonest first (from prefetched data)."""
    return sorted(
        (closure for closure in service.closures.all() if closure.ends_on >= today),
        key=lambda closure: closure.starts_on,
    )
