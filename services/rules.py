"""What a schedule, a closure, a service area and a location mean, for models and rows alike.

The search loads its result cards as value rows (``services.listing``), the profile and the
admin use model instances; both read the same rules from these mixins, so there is one
definition of "a session on this date", "closed on this date", "covers this place", "lies in
this place" and "a free place now". Each is the Python twin of a QuerySet method in
``services.models``; ``tests/services/test_rules.py`` checks every pair agrees.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from services import weekdays

PLACE_KINDS = ("municipality", "orp", "region")


# The closed sets the rules below read; the models use them as their fields' choices.
class LocationKind(models.TextChoices):
    PREMISES = "premises", _("premises")
    OUTREACH = "outreach", _("outreach stop")
    REMOTE = "remote", _("remote (phone or online)")


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("weekly")
    MONTHLY = "MONTHLY", _("monthly")


def place_kind(place) -> str:
    """ "municipality", "orp" or "region": the three kinds of place a search can be about.
    ``place`` is one of them, or (for the QuerySet methods) a queryset of one kind."""
    model = place.model if isinstance(place, QuerySet) else type(place)
    kind = model._meta.model_name
    if kind not in PLACE_KINDS:
        raise TypeError(f"not a place: {place!r}")
    return kind


class TermNames:
    """Needs ``name_cs`` and ``name_en``."""

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "cs").startswith("en") else self.name_cs


class LocationRules:
    """Needs ``kind``, ``latitude``, ``longitude`` and ``municipality`` (with its position)."""

    @property
    def is_remote(self) -> bool:
        return self.kind == LocationKind.REMOTE

    @property
    def coordinates(self) -> tuple[float, float] | None:
        """The location's own point, else its municipality's (needs municipality loaded)."""
        if self.latitude is not None and self.longitude is not None:
            return (self.latitude, self.longitude)
        if self.municipality and self.municipality.latitude is not None:
            return (self.municipality.latitude, self.municipality.longitude)
        return None

    def lies_in(self, place) -> bool:
        """Whether the location lies in a municipality, ORP or region; remote channels lie
        nowhere. The twin of ``ScheduleQuerySet.located_in`` (needs municipality loaded)."""
        if self.municipality_id is None:
            return False
        kind = place_kind(place)
        if kind == "municipality":
            return self.municipality_id == place.pk
        if kind == "orp":
            return self.municipality.orp_id == place.pk
        return self.municipality.region_id == place.pk


class ScheduleRules:
    """Needs ``days``, ``valid_from``, ``valid_to``, ``freq``, ``interval``, ``week_of_month``,
    ``anchor_week`` and ``anchor_month``."""

    def occurs_on(self, date: datetime.date) -> bool:
        """Whether this schedule has a session on ``date`` (ignores closures and holidays)."""
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
    """Needs ``municipality_id``, ``orp_id`` and ``region_id``; for an ORP or a region also
    ``municipality`` (with ``orp_id`` and ``region_id``) and ``orp`` (with ``region_id``)."""

    def covers(self, place) -> bool:
        """The twin of ``ServiceAreaQuerySet.covering``: an area covers a municipality when it
        is the municipality, its ORP or its region; it covers an ORP or a region when it is
        that place, lies in it (a municipality of the ORP) or contains it (the ORP's region)."""
        kind = place_kind(place)
        if kind == "municipality":
            return (
                self.municipality_id == place.pk
                or self.orp_id == place.orp_id
                or self.region_id == place.region_id
            )
        if kind == "orp":
            return (
                self.orp_id == place.pk
                or self.region_id == place.region_id
                or (self.municipality_id is not None and self.municipality.orp_id == place.pk)
            )
        return (
            self.region_id == place.pk
            or (self.orp_id is not None and self.orp.region_id == place.pk)
            or (self.municipality_id is not None and self.municipality.region_id == place.pk)
        )


class ClosureRules:
    """Needs ``starts_on``, ``ends_on`` and ``location_id``."""

    def covers(self, date: datetime.date, location_id: int | None = None) -> bool:
        in_range = self.starts_on <= date <= self.ends_on
        return in_range and (self.location_id is None or self.location_id == location_id)


def stale_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Listings last verified before this date are stale (settings.STALE_AFTER_DAYS): the
    date ``Service.is_stale`` and ``ServiceQuerySet.stale`` compare with."""
    return (today or timezone.localdate()) - datetime.timedelta(days=settings.STALE_AFTER_DAYS)


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
