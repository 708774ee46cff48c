"""The upcoming events a service profile lists: about the service, or organised or joined by its
organization. Asked for by the profile's template (``event_tags.upcoming_events_of``), so that
services, which events build on, need not know events."""

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from directory.cache import fragment
from events.models import Event


def related_events(service_id: int, organization_id: int, limit: int = 5):
    """Upcoming published events about the service or organised/joined by its organization.

    Two queries (the events and their audiences). The links are id subqueries, not joins:
    joining both many-to-many tables needed a DISTINCT over every column to undo the
    duplicates, which cost more than the rest of the profile's queries together.
    """
    related = Event.related_services.through.objects.filter(service_id=service_id)
    joined = Event.participants.through.objects.filter(organization_id=organization_id)
    return (
        Event.objects.published()
        .upcoming()
        .filter(
            Q(pk__in=related.values("event_id"))
            | Q(organizer_id=organization_id)
            | Q(pk__in=joined.values("event_id"))
        )
        .for_listing()[:limit]
    )


def upcoming_html(events) -> list[tuple[Event, str]]:
    """Each event with its list item rendered (``events/_event_item.html``); the event keeps
    only what ``Event.has_ended`` reads, to tell when the list is out of date."""
    return [
        (
            Event(all_day=event.all_day, starts_at=event.starts_at, ends_at=event.ends_at),
            render_to_string("events/_event_item.html", {"event": event, "heading_level": 3}),
        )
        for event in events
    ]


def profile_events_html(service_id: int, organization_id: int) -> list[str]:
    """The list items of the service's upcoming events, from the fragment cache (an event
    added or changed bumps the content version)."""
    now = timezone.now()
    key = f"profile-events:{service_id}:{get_language()}"

    def compute():
        return upcoming_html(related_events(service_id, organization_id))

    events = fragment(key, compute)
    if any(event.has_ended(now) for event, _html in events):
        # One of them is over: the list may now hold a later event (new ones bump the version).
        events = fragment(f"{key}:{now.isoformat()}", compute, seconds=60)
    return [html for _event, html in events]
