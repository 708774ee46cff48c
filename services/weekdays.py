"""Weekday bit masks, week arithmetic and Czech public holidays for schedules.

Monday is bit 1, Tuesday 2 … Sunday 64, matching ``date.weekday()`` (Monday = 0).
"""

import calendar
import datetime
import functools

import holidays
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HSDS_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ALL_DAYS = 127

NAMES = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)
SHORT_NAMES = (
    pgettext_lazy("weekday", "Mon"),
    pgettext_lazy("weekday", "Tue"),
    pgettext_lazy("weekday", "Wed"),
    pgettext_lazy("weekday", "Thu"),
    pgettext_lazy("weekday", "Fri"),
    pgettext_lazy("weekday", "Sat"),
    pgettext_lazy("weekday", "Sun"),
)
# "every Thursday": Czech needs the accusative with a gendered "every" (každé pondělí, každý
# čtvrtek, každou středu), so the whole phrase is one translatable string per day.
EVERY = (
    _("every Monday"),
    _("every Tuesday"),
    _("every Wednesday"),
    _("every Thursday"),
    _("every Friday"),
    _("every Saturday"),
    _("every Sunday"),
)

# A Monday, so that week numbers change on Mondays.
_EPOCH_MONDAY = datetime.date(1970, 1, 5)


def bit(weekday: int) -> int:
    return 1 << weekday


def mask(weekday_numbers) -> int:
    result = 0
    for number in weekday_numbers:
        result |= bit(number)
    return result


def numbers(days: int) -> list[int]:
    return [number for number in range(7) if days & bit(number)]


def from_codes(codes) -> int:
    """Mask from codes like ``["mon", "thu"]``; raises ValueError on an unknown code."""
    return mask(CODES.index(code) for code in codes)


def label(days: int) -> str:
    """Short Czech/English label: "Po–Pá", "Po, Čt", "Čt"."""
    picked = numbers(days)
    if len(picked) >= 3 and picked == list(range(picked[0], picked[-1] + 1)):
        return f"{SHORT_NAMES[picked[0]]}–{SHORT_NAMES[picked[-1]]}"
    return ", ".join(str(SHORT_NAMES[number]) for number in picked)


def week_number(date: datetime.date) -> int:
    return (date - _EPOCH_MONDAY).days // 7


def month_number(date: datetime.date) -> int:
    return date.year * 12 + date.month - 1


def weeks_of_month(date: datetime.date) -> set[int]:
    """Which "n-th weekday of the month" ``date`` is: {2} for the 2nd Monday, {4, -1} if also last."""
    nth = (date.day - 1) // 7 + 1
    last_day = calendar.monthrange(date.year, date.month)[1]
    return {nth, -1} if date.day + 7 > last_day else {nth}


@functools.lru_cache(maxsize=16)
def _czech_holidays(year: int):
    return holidays.country_holidays("CZ", years=year)


def holiday_name(date: datetime.date) -> str | None:
    """The Czech public holiday on ``date``, or None."""
    return _czech_holidays(date.year).get(date)
