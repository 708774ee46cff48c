"""The search's values and expressions that need no model: ``When`` (the time part of a search)
and ``location_distance_sq``.

The QuerySets themselves live beside their models in ``services.models`` (STYLE.md 8):
``ServiceQuerySet.available``, ``ScheduleQuerySet.happening`` and ``.located_in``,
``ServiceAreaQuerySet.covering``. This module imports no model, so ``services.models`` can
import it without an import circle.
"""

import dataclasses
import datetime
import math

from django.db.models import ExpressionWrapper, F, FloatField, Value
from django.db.models.functions import Coalesce

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


def location_distance_sq(
    latitude: float, longitude: float, location: str = ""
) -> ExpressionWrapper:
    """On Location rows (or rows whose location is at the lookup ``location``, e.g.
    ``"location__"``): the squared distance (in degrees of latitude) from the point to the
    location's own point, else its municipality's (see ``ServiceQuerySet.with_distance``)."""
    scale = math.cos(math.radians(latitude))
    lat = Coalesce(F(f"{location}latitude"), F(f"{location}municipality__latitude"))
    lon = Coalesce(F(f"{location}longitude"), F(f"{location}municipality__longitude"))
    d_lat = ExpressionWrapper(lat - Value(latitude), output_field=FloatField())
    d_lon = ExpressionWrapper((lon - Value(longitude)) * Value(scale), output_field=FloatField())
    return ExpressionWrapper(d_lat * d_lat + d_lon * d_lon, output_field=FloatField())
