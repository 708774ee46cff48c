"""Formatting of schedules and openings for templates (logic stays in services.availability)."""

import datetime

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from services import availability, weekdays

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


@register.simple_tag(takes_context=True)
def shortlist_button(context, service):
    """The profile's "Přidat do výběru" (``services.cards.render_shortlist_button``)."""
    from services.cards import render_shortlist_button
    from services.shortlist import Shortlist

    request = context["request"]
    return render_shortlist_button(
        slug=service.slug,
        name=service.name,
        chosen=service.pk in Shortlist.of(request),
        next_url=request.get_full_path(),
    )
