"""Synthetic events of the synthetic organizations, past ones with a report, with their
audiences, participants and related services."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from directory.models import Publication
from directory.synthetic.data import EVENT_TOPICS
from directory.synthetic.generator import PREFIX, Generator
from events.models import Event, EventKind
from events.models import search_text as event_search_text
from services.models import Service, Vocabulary


def create(generator: Generator, count: int, organizations, services: list[Service]) -> None:
    rng = generator.rng
    kinds = list(EventKind)
    audiences = [
        pk
        for (vocabulary, _code), pk in generator.terms.items()
        if vocabulary == Vocabulary.AUDIENCE
    ]
    audiences.sort()
    midnight = datetime.datetime.combine(generator.today, datetime.time(0, 0))
    extras = []
    for index in range(count):
        organizer, orp_id = rng.choice(organizations)
        place = (
            generator.seats[orp_id] if rng.random() < 0.7 else rng.choice(generator.by_orp[orp_id])
        )
        kind = rng.choice(kinds)
        topic = rng.choice(EVENT_TOPICS)
        title = f"{kind.label.capitalize()}: {topic} ({place.name})"
        starts = timezone.make_aware(
            midnight
            + datetime.timedelta(days=rng.randint(-365, 180), hours=rng.choice([9, 10, 13]))
        )
        past = starts.date() < generator.today
        event = Event(
            title=title,
            slug=f"{PREFIX}e{index:05d}-{slugify(title)[:60]}".rstrip("-"),
            kind=kind,
            summary=f"{topic}: setkání pracovníků služeb a institucí v regionu.",
            description=f"Program: {topic}. Pořádá {organizer.name}.",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=rng.randint(2, 6)),
            municipality_id=place.id,
            region_id=place.region_id,  # what Event.save() derives
            venue_name=organizer.name,
            venue_address=organizer.address,
            organizer_id=organizer.pk,
            publication=Publication.PUBLISHED,
            published_at=timezone.now(),
            report="Setkání proběhlo podle programu." if past else "",
            attendance=rng.randint(8, 60) if past else None,
        )
        event.search_text = event_search_text(event)  # what Event.save() derives
        generator.rows.add(event)
        extras.append(
            (
                rng.sample(audiences, min(len(audiences), rng.randint(1, 3))),
                {o.pk for o, _ in rng.sample(organizations, min(3, len(organizations)))}
                - {organizer.pk},
                rng.sample(services, min(len(services), rng.randint(0, 2))),
            )
        )
    rows = generator.rows
    events = rows.flush(Event)
    for event, (audience_ids, participant_ids, related) in zip(events, extras, strict=True):
        for term_id in audience_ids:
            rows.add(Event.audiences.through(event_id=event.pk, term_id=term_id))
        for organization_id in sorted(participant_ids):
            rows.add(Event.participants.through(event_id=event.pk, organization_id=organization_id))
        for service in related:
            rows.add(Event.related_services.through(event_id=event.pk, service_id=service.pk))
    for field in ("audiences", "participants", "related_services"):
        rows.flush(getattr(Event, field).through)
