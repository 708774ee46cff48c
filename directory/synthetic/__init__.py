"""Synthetic directory data at national scale, for benchmarks and load tests.

``generate(services=20_000)`` spreads organizations, services, locations, schedules, service
areas, closures and events over the municipalities already in the database (imported with
``import_places``). The same seed and ``today`` give the same rows – names, slugs, places,
hours – on every run and database; only primary keys and timestamps differ.

Every synthetic organization, service and event has a slug starting with ``syn-``; their
locations, schedules, areas and closures hang off those services. ``clear()`` removes exactly
these rows and leaves demo data, real listings and places alone.

Rows are written with ``bulk_create`` in batches, so neither ``save()`` nor signals run: the
values ``save()`` would derive (search text, schedule anchors, the event's region) are set
here, no history records are written, and the page cache is invalidated once at the end.

One module per kind of record: ``organizations``, ``services`` (with their terms and contacts),
``locations`` (with service areas), ``schedules`` (with closures) and ``events``; ``generator``
holds what they all draw on (the places, the random generator, the rows waiting to be written)
and ``data`` the names and proportions.
"""

import datetime
import random
from collections import Counter

from django.db import transaction
from django.utils import timezone

from directory.db import analyze
from directory.models import Municipality, Organization
from directory.synthetic import events as synthetic_events
from directory.synthetic import organizations as synthetic_organizations
from directory.synthetic import services as synthetic_services
from directory.synthetic.generator import PREFIX, Generator, Place
from directory.synthetic.services import RELATIONS
from events.models import Event
from services.models import (
    Closure,
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceContact,
)

DEFAULT_SERVICES = 20_000
# Fewer places than this means import_places has not run: the spread would not be national.
NATIONAL_MINIMUM = 1_000


class NoPlaces(Exception):
    """There are no municipalities to spread the data over."""


class AlreadyGenerated(Exception):
    """Synthetic rows are already in the database."""


def synthetic_count() -> int:
    return Service.objects.filter(slug__startswith=PREFIX).count()


def generate(
    *, services: int = DEFAULT_SERVICES, seed: int = 1, today: datetime.date | None = None
) -> Counter:
    """Create ``services`` synthetic services with everything around them; return row counts.

    Raises NoPlaces without municipalities and AlreadyGenerated when synthetic rows exist.
    """
    today = today or timezone.localdate()
    places = [
        Place(*row)
        for row in Municipality.objects.order_by("code").values_list(
            "id", "code", "name", "orp_id", "region_id", "latitude", "longitude", "postal_code"
        )
    ]
    if not places:
        raise NoPlaces(
            "There are no municipalities. Load them first: python manage.py load_places "
            "(or import_places DIR --coordinates CSV)"
        )
    if Service.objects.filter(slug__startswith=PREFIX).exists():
        raise AlreadyGenerated(
            "Synthetic data is already there; remove it first with --clear (or use --replace)."
        )
    with transaction.atomic():
        generator = Generator(places, random.Random(seed), today)
        made = synthetic_organizations.create(generator, max(1, services // 8))
        created = synthetic_services.create(generator, services, made)
        synthetic_events.create(generator, max(1, services // 40), made, created)
        counts = +generator.counts
    _analyze()
    _invalidate()
    return counts


def _analyze():
    models = [Organization, Service, Location, Schedule, ServiceArea, Closure, Event]
    analyze(*models, *(getattr(Service, name).through for name in RELATIONS))


def clear() -> Counter:
    """Delete every synthetic row; return counts per table.

    Raw deletes, children first: ``QuerySet.delete()`` would load each of the ~300,000 rows
    to send signals and write a history record of its deletion.
    """
    counts = Counter()
    services = Service.objects.filter(slug__startswith=PREFIX)
    organizations = Organization.objects.filter(slug__startswith=PREFIX)
    events = Event.objects.filter(slug__startswith=PREFIX)
    with transaction.atomic():
        steps = [
            Event.participants.through.objects.filter(event__in=events),
            Event.audiences.through.objects.filter(event__in=events),
            Event.related_services.through.objects.filter(event__in=events),
            Event.related_services.through.objects.filter(service__in=services),
            events,
            Closure.objects.filter(service__in=services),
            Schedule.objects.filter(service__in=services),
            ServiceArea.objects.filter(service__in=services),
            ServiceContact.objects.filter(service__in=services),
            ServiceAtLocation.objects.filter(service__in=services),
            Location.objects.filter(organization__in=organizations),
            *(
                getattr(Service, field).through.objects.filter(service__in=services)
                for field in RELATIONS
            ),
            services,
        ]
        for queryset in steps:
            counts[queryset.model._meta.db_table] += queryset._raw_delete(queryset.db)
        # Branches point at their parents (PROTECT): unlink them before deleting.
        organizations.filter(parent__isnull=False).update(parent=None)
        counts[Organization._meta.db_table] += organizations._raw_delete(organizations.db)
    _invalidate()
    return +counts


def _invalidate():
    from directory import cache  # the page cache; bulk writes send no signals

    cache.bump_content_version()
