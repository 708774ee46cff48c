"""Formatting of schedules and openings for templates (logic stays in services.availability)."""

import datetime

from django import template
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from services import availability, weekdays
from services.models import CapacityUnit
from services.rules import CAPACITY_FRESH_DAYS

register = template.Library()


@register.filter
def schedule_text(schedule):
    """ "every Thursday 13:00–18:00" for a Schedule."""
    return availability.schedule_text(schedule)


@register.filter
def opening_text(opening: availability.Opening | None) -> str:
    """ "open now until 18:00", "today 13:00–18:00", "tomorrow …", "Thu 27. 11. …"."""
    if opening is None:
        return ""
    hours = f"{opening.schedule.opens_at:%H:%M}–{opening.schedule.closes_at:%H:%M}"
    if opening.is_open_now:
        return _("open now, until %(time)s") % {"time": f"{opening.schedule.closes_at:%H:%M}"}
    today = opening.today
    if opening.date == today:
        day = _("today")
    elif opening.date == today + datetime.timedelta(days=1):
        day = _("tomorrow")
    else:
        day = f"{weekdays.SHORT_NAMES[opening.date.weekday()]} {formats.date_format(opening.date, 'j. n.')}"
    return f"{day} {hours}"


# "k 1. 12." in Czech, "as of 1 Dec" in English; the year only when it is not this one.
_DAY_MONTH = {"cs": "j. n.", "en": "j M"}
_DAY_MONTH_YEAR = {"cs": "j. n. Y", "en": "j M Y"}


def _as_of(moment: datetime.datetime, today: datetime.date) -> str:
    date = timezone.localtime(moment).date()
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    formats_by_language = _DAY_MONTH if date.year == today.year else _DAY_MONTH_YEAR
    return formats.date_format(date, formats_by_language.get(language, "j. n. Y"))


def capacity_figure(capacity) -> str:
    """ "2 z 12 lůžek": available of maximum, the unit declined for the maximum."""
    values = {"available": capacity.available, "maximum": capacity.maximum}
    count = capacity.maximum
    if capacity.unit == CapacityUnit.BEDS:
        text = ngettext(
            "%(available)d of %(maximum)d bed", "%(available)d of %(maximum)d beds", count
        )
    elif capacity.unit == CapacityUnit.CLIENTS:
        text = ngettext(
            "%(available)d of %(maximum)d client", "%(available)d of %(maximum)d clients", count
        )
    else:
        text = ngettext(
            "%(available)d of %(maximum)d place", "%(available)d of %(maximum)d places", count
        )
    return text % values


def waiting_text(capacity) -> str:
    """The waiting list in words ("čekají 3 lidé, čekací doba asi 2 týdny"), or ""."""
    parts = []
    if capacity.waiting_people is not None:
        count = capacity.waiting_people
        parts.append(
            ngettext("%(count)d person waiting", "%(count)d people waiting", count)
            % {"count": count}
        )
    if capacity.waiting_weeks is not None:
        count = capacity.waiting_weeks
        parts.append(
            ngettext(
                "waiting time about %(count)d week", "waiting time about %(count)d weeks", count
            )
            % {"count": count}
        )
    return ", ".join(parts)


@register.filter
def capacity_free(capacity, today: datetime.date) -> bool:
    """``CapacityRules.is_free`` for templates, which cannot pass an argument to a method."""
    return capacity.is_free(today)


@register.filter
def capacity_text(capacity, today: datetime.date) -> str:
    """What follows "Volná místa:" for a ServiceCapacity or a CapacityRow on ``today``:
    "2 z 12 lůžek (k 1. 12.)", then the waiting list and the note; a figure not updated for
    ``CAPACITY_FRESH_DAYS`` says so first ("údaj starší než 14 dní: 2 z 12 lůžek k 3. 11."),
    as it no longer counts as free."""
    values = {"figure": capacity_figure(capacity), "date": _as_of(capacity.updated_at, today)}
    if capacity.is_fresh(today):
        text = _("%(figure)s (as of %(date)s)") % values
    else:
        text = ngettext(
            "figure older than %(days)d day: %(figure)s as of %(date)s",
            "figure older than %(days)d days: %(figure)s as of %(date)s",
            CAPACITY_FRESH_DAYS,
        ) % {**values, "days": CAPACITY_FRESH_DAYS}
    waiting = waiting_text(capacity)
    if waiting:
        text = f"{text}; {waiting}"
    return f"{text} – {capacity.note}" if capacity.note else text
