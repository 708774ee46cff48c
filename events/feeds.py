"""iCalendar and Atom feeds of events.

Feeds are read by calendar apps and feed readers that never sign in, and they are shared by
their URLs, so they carry an online meeting link only when it is public.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import PRAGUE, Event, EventKind
from events.templatetags.event_tags import event_when_text

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Adresar adiktologickych sluzeb//Events//CS"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def event_uid(event: Event) -> str:
    """Stable for the life of the event: a title, date or slug change keeps it."""
    return f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname}"


def _description(event: Event) -> str:
    paragraphs = [event.summary, event.description]
    if event.public_online_link:
        paragraphs.append(_("Online: %(link)s") % {"link": event.public_online_link})
    if event.registration_url:
        paragraphs.append(_("Registration: %(link)s") % {"link": event.registration_url})
    paragraphs.append(absolute(event.get_absolute_url()))
    return "\n\n".join(paragraph.strip() for paragraph in paragraphs if paragraph.strip())


def _location(event: Event) -> str:
    parts = event.place_parts
    if event.is_online:
        parts.append(_("online"))
    return ", ".join(parts)


def ical_event(event: Event) -> icalendar.Event:
    """Needs ``organizer`` and ``municipality`` loaded (``for_calendar``) to add no queries."""
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    # Without METHOD, DTSTAMP is when the information was last revised (RFC 5545, 3.8.7.2).
    component.add("dtstamp", event.updated_at)
    component.add("last-modified", event.updated_at)
    component.add("created", event.created_at)
    component.add("sequence", max(event.version - 1, 0))
    if event.all_day:
        # DATE values; DTEND is exclusive, so the day after the last day.
        component.add("dtstart", event.first_day)
        component.add("dtend", event.last_day + datetime.timedelta(days=1))
    else:
        component.add("dtstart", event.starts_local)
        if event.ends_at:
            component.add("dtend", event.ends_local)
    component.add("summary", event.title)
    component.add("description", _description(event))
    location = _location(event)
    if location:
        component.add("location", location)
    component.add("url", absolute(event.get_absolute_url()))
    component.add("categories", [EventKind(event.kind).label])
    component.add("status", "CONFIRMED")
    if event.organizer.email:
        component.add(
            "organizer",
            f"mailto:{event.organizer.email}",
            parameters={"CN": event.organizer.name},
        )
    return component


def build_calendar(events, *, name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Prague")
    starts = []
    for event in events:
        calendar.add_component(ical_event(event))
        starts.append(event.first_day)
    if starts:
        # The VTIMEZONE lists Prague's transitions for the years the events span only.
        calendar.add_missing_timezones(
            first_date=datetime.date(min(starts).year - 1, 1, 1),
            last_date=datetime.date(max(starts).year + 2, 1, 1),
        )
    return calendar


def calendar_response(calendar: icalendar.Calendar, *, filename: str = "") -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=CALENDAR_CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class LatestEventsFeed(Feed):
    """Newly published events and, once written, their reports (an entry of its own)."""

    feed_type = Atom1Feed
    title = gettext_lazy("Events of the directory of addiction services")
    subtitle = gettext_lazy("New seminars, working groups and meetings, and reports from them.")
    limit = 30

    def link(self):
        return absolute(reverse("events:list"))

    def feed_url(self):
        return absolute(reverse("events:feed_xml"))

    def items(self):
        """Two queries: the latest announcements and the latest reports, merged by date."""
        events = Event.objects.published().for_calendar()
        # An event entered after it took place (the demo's seminars of 2015–2024, an archive
        # imported) was announced no later than it happened: its own date, not the load time.
        announced = [
            (event, False, min(event.published_at or event.created_at, event.starts_at))
            for event in events.order_by(F("published_at").desc(nulls_last=True), "-id")[
                : self.limit
            ]
        ]
        reported = [
            (event, True, event.updated_at)
            for event in events.past()
            .exclude(report="")
            .order_by("-updated_at", "-id")[: self.limit]
        ]
        entries = sorted(announced + reported, key=lambda entry: entry[2], reverse=True)
        return entries[: self.limit]

    def item_title(self, item):
        event, is_report, _date = item
        if is_report:
            return _("Report: %(title)s") % {"title": event.title}
        return f"{event.title} ({event_when_text(event)})"

    def item_description(self, item):
        event, is_report, _date = item
        text = event.report if is_report else (event.summary or event.description)
        lines = [event_when_text(event), _location(event), text]
        return linebreaks("\n\n".join(line for line in lines if line), autoescape=True)

    def item_link(self, item):
        event, is_report, _date = item
        url = absolute(event.get_absolute_url())
        return f"{url}#report" if is_report else url

    def item_guid(self, item):
        # A tag: URI (RFC 4151), as Atom ids must be IRIs; the report is an entry of its own.
        event, is_report, _date = item
        host = urlsplit(settings.SITE_URL).hostname
        created = timezone.localdate(event.created_at, PRAGUE).isoformat()
        return f"tag:{host},{created}:event-{event.pk}{':report' if is_report else ''}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item[2]

    def item_updateddate(self, item):
        return item[0].updated_at

    def item_author_name(self, item):
        return item[0].organizer.name

    def item_categories(self, item):
        return [EventKind(item[0].kind).label]
