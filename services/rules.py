"""What a schedule, a closure, a service area and a location mean, for models and rows alike.

The search loads its result cards as value rows (``services.listing``), the profile and the
admin use model instances; both read the same rules from these mixins, so there is one
definition of "a session on this date", "closed on this date", "covers this town" and "a free
place now".
"""

import datetime

from django.utils import timezone
from django.utils.translation import get_language

from services import weekdays


class TermNames:
    """Needs ``name_cs`` and ``name_en``."""

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "cs").startswith("en") else self.name_cs


class LocationRules:
    """Needs ``kind``, ``latitude``, ``longitude`` and ``municipality`` (with its position)."""

    @property
    def is_remote(self) -> bool:
        from services.models import LocationKind  # circular: models import this module

        return self.kind == LocationKind.REMOTE

    @property
    def coordinates(self) -> tuple[float, float] | None:
        """The location's own point, else its municipality's (needs municipality loaded)."""
        if self.latitude is not None and self.longitude is not None:
            return (self.latitude, self.longitude)
        if self.municipality and self.municipality.latitude is not None:
            return (self.municipality.latitude, self.municipality.longitude)
        return None


class ScheduleRules:
    """Needs ``days``, ``valid_from``, ``valid_to``, ``freq``, ``interval``, ``week_of_month``,
    ``anchor_week`` and ``anchor_month``."""

    def occurs_on(self, date: datetime.date) -> bool:
        """Whether this schedule has a session on ``date`` (ignores closures and holidays)."""
        from services.models import Frequency  # circular: models import this module

        if not self.days & weekdays.bit(date.weekday()):
            return False
        if self.valid_from and date < self.valid_from:
            return False
        if self.valid_to and date > self.valid_to:
            return False
        if self.freq == Frequency.WEEKLY:
            return (weekdays.week_number(date) - self.anchor_week) % self.interval == 0
        if (weekdays.month_number(date) - self.anchor_month) % self.interval:
            return False
        return self.week_of_month in weekdays.weeks_of_month(date)


class AreaRules:
    """Needs ``municipality_id``, ``orp_id`` and ``region_id``."""

    def covers(self, municipality) -> bool:
        return (
            self.municipality_id == municipality.pk
            or self.orp_id == municipality.orp_id
            or self.region_id == municipality.region_id
        )


class ClosureRules:
    """Needs ``starts_on``, ``ends_on`` and ``location_id``."""

    def covers(self, date: datetime.date, location_id: int | None = None) -> bool:
        in_range = self.starts_on <= date <= self.ends_on
        return in_range and (self.location_id is None or self.location_id == location_id)


# A capacity not updated for longer than this is "údaj starší než 14 dní": shown as such and
# never counted as a free place (issue 20).
CAPACITY_FRESH_DAYS = 14


def capacity_fresh_from(today: datetime.date) -> datetime.datetime:
    """The earliest update that still counts on ``today``: midnight in Prague (TIME_ZONE)
    ``CAPACITY_FRESH_DAYS`` days before, so "within 14 days" is counted in Prague dates
    whatever the hour. The database filter (``CapacityQuerySet.free_on``) and the rows use it."""
    day = today - datetime.timedelta(days=CAPACITY_FRESH_DAYS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class CapacityRules:
    """Needs ``available`` and ``updated_at`` (aware)."""

    def is_fresh(self, today: datetime.date) -> bool:
        return self.updated_at >= capacity_fresh_from(today)

    def is_free(self, today: datetime.date) -> bool:
        """A free place now: some available, and the figure updated recently enough."""
        return self.available > 0 and self.is_fresh(today)


class AlertRules:
    """Needs ``starts_on`` and ``ends_on`` (either may be None: open-ended)."""

    def is_active_on(self, date: datetime.date) -> bool:
        return (self.starts_on is None or self.starts_on <= date) and (
            self.ends_on is None or date <= self.ends_on
        )
