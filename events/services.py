"""Writes that touch an event and its relations together."""

import datetime

from django.db import transaction
from django.utils import timezone

from directory.models import Publication
from directory.text import unique_slug
from events.models import PRAGUE, Event


def a_year_later(moment: datetime.datetime | None) -> datetime.datetime | None:
    """The same Prague wall-clock time a year later (29 February becomes the 28th)."""
    if moment is None:
        return None
    local = timezone.localtime(moment, PRAGUE)
    try:
        return local.replace(year=local.year + 1)
    except ValueError:
        return local.replace(year=local.year + 1, day=28)


@transaction.atomic
def copy_event_as_new(*, event: Event) -> Event:
    """A draft of the same event a year later, for meetings that recur yearly.

    Keeps the title, texts, venue, organizer, participants, audiences and related services;
    leaves out what belongs to the past meeting (report, attendance, photo captions).
    Queries: a few for the slug, one insert, three reads and three inserts for the relations.
    """
    copy = Event.objects.get(pk=event.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.starts_at = a_year_later(event.starts_at)
    copy.ends_at = a_year_later(event.ends_at)
    copy.registration_deadline = a_year_later(event.registration_deadline)
    copy.slug = unique_slug(Event, f"{event.title} {copy.starts_local.year}")
    copy.publication = Publication.DRAFT
    copy.published_at = None
    copy.published_by = None
    copy.version = 1
    copy.report = ""
    copy.attendance = None
    copy.photo_captions = ""
    copy.save()
    copy.participants.set(event.participants.all())
    copy.audiences.set(event.audiences.all())
    copy.related_services.set(event.related_services.all())
    return copy
