"""How an event's date and time read, in Prague time and the Czech way.

24. 5. 2017 10:00            a start only
24. 5. 2017 10:00–14:00      the same day
24. 5. 2017 10:00 – 25. 5. 2017 14:00
24. 5. 2017                  all day
24.–25. 5. 2017              all day, several days (also 30. 5. – 2. 6. 2017)
"""

import datetime

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join

from events.related import profile_events_html

register = template.Library()

DATE = "j. n. Y"
DATETIME = "j. n. Y H:i"
TIME = "H:i"

# A part is the text of one <time> element and its machine-readable value; a str separates.
Part = tuple[str, str] | str


def _part(value: datetime.date | datetime.datetime, fmt: str) -> tuple[str, str]:
    if isinstance(value, datetime.datetime):
        return date_format(value, fmt), value.isoformat(timespec="minutes")
    return date_format(value, fmt), value.isoformat()


def when_parts(
    start: datetime.datetime, end: datetime.datetime | None, *, all_day: bool
) -> list[Part]:
    """``start`` and ``end`` already in Prague time (``Event.starts_local``/``ends_local``)."""
    if all_day:
        first, last = start.date(), (end or start).date()
        if last <= first:
            return [_part(first, DATE)]
        if (first.year, first.month) == (last.year, last.month):
            return [_part(first, "j."), "–", _part(last, DATE)]
        if first.year == last.year:
            return [_part(first, "j. n."), " – ", _part(last, DATE)]
        return [_part(first, DATE), " – ", _part(last, DATE)]
    if end is None or end == start:
        return [_part(start, DATETIME)]
    if end.date() == start.date():
        return [_part(start, DATETIME), "–", _part(end, TIME)]
    return [_part(start, DATETIME), " – ", _part(end, DATETIME)]


def _event_parts(event) -> list[Part]:
    return when_parts(event.starts_local, event.ends_local, all_day=event.all_day)


@register.filter
def event_when(event):
    """The date and time as <time> elements (safe HTML)."""
    return format_html_join(
        "",
        "{}",
        (
            (
                part
                if isinstance(part, str)
                else format_html('<time datetime="{}">{}</time>', part[1], part[0]),
            )
            for part in _event_parts(event)
        ),
    )


@register.filter
def event_when_text(event) -> str:
    return "".join(part if isinstance(part, str) else part[0] for part in _event_parts(event))


@register.simple_tag
def upcoming_events_of(service) -> list[str]:
    """The list items of a service's upcoming events (``events.related``), for its profile."""
    return profile_events_html(service.pk, service.organization.pk)
