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
"""

import dataclasses
import datetime
import random
from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from directory.db import analyze
from directory.models import LegalForm, Municipality, Organization, Orp, Publication, Region
from directory.text import fold
from events.models import Event, EventKind
from events.models import search_text as event_search_text
from services import weekdays
from services.models import (
    Closure,
    ContactKind,
    Frequency,
    Location,
    LocationKind,
    RemoteChannel,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceContact,
    ServiceStatus,
    Term,
    Vocabulary,
)
from services.synthetic_data import (
    ACTIVITIES,
    CLOSURE_REASONS,
    DEFAULT_TARGET_GROUPS,
    EVENT_TOPICS,
    EXTRA_LANGUAGES,
    EXTRA_TYPES,
    MPSV,
    ORGANIZATION_NAMES,
    REMOTE_FIRST,
    SERVICE_TYPES,
    STREETS,
    SUBSTANCE_WORDS,
    SUBSTANCES,
    SUMMARIES,
    TARGET_GROUPS,
    TRAVELLING,
    WORDS,
)

PREFIX = "syn-"
DEFAULT_SERVICES = 20_000
BATCH = 2_000
# Fewer places than this means import_places has not run: the spread would not be national.
NATIONAL_MINIMUM = 1_000


class NoPlaces(Exception):
    """There are no municipalities to spread the data over."""


class AlreadyGenerated(Exception):
    """Synthetic rows are already in the database."""


@dataclasses.dataclass
class _Place:
    id: int
    code: str
    name: str
    orp_id: int
    region_id: int
    latitude: float | None
    longitude: float | None
    postal_code: str


class _Rows:
    """Rows waiting for bulk_create, written in batches to keep memory flat."""

    def __init__(self, counts: Counter):
        self.counts = counts
        self.pending: dict[type, list] = defaultdict(list)

    def add(self, obj):
        self.pending[type(obj)].append(obj)

    def flush(self, model):
        objs = self.pending.pop(model, [])
        for start in range(0, len(objs), BATCH):
            model.objects.bulk_create(objs[start : start + BATCH])
        meta = model._meta
        with translation.override(None):  # stable English keys whatever the active language
            label = f"{meta.db_table} rows" if meta.auto_created else str(meta.verbose_name_plural)
        self.counts[label] += len(objs)
        return objs


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
        _Place(*row)
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
        counts = _Generator(places, random.Random(seed), today).run(services)
    _analyze()
    _invalidate()
    return counts


def _analyze():
    models = [Organization, Service, Location, Schedule, ServiceArea, Closure, Event]
    relations = ("types", "activities", "target_groups", "substances", "languages")
    analyze(*models, *(getattr(Service, name).through for name in relations))


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
                for field in ("types", "activities", "target_groups", "substances", "languages")
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


class _Generator:
    def __init__(self, places: list[_Place], rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self.places = places
        self.counts = Counter()
        self.rows = _Rows(self.counts)
        self.terms = {(t.vocabulary, t.code): t.pk for t in Term.objects.all()}
        self.by_orp: dict[int, list[_Place]] = defaultdict(list)
        for place in places:
            self.by_orp[place.orp_id].append(place)
        orp_names = dict(Orp.objects.values_list("id", "search_name"))
        # The seat of an ORP is the municipality of the same name (else its first by code):
        # where services and organizations mostly are.
        self.seats = {}
        for orp_id, members in self.by_orp.items():
            named = [p for p in members if fold(p.name) == orp_names.get(orp_id)]
            self.seats[orp_id] = (named or members)[0]
        self.orp_ids = sorted(self.by_orp)
        self.orps_in_region: dict[int, list[int]] = defaultdict(list)
        for orp_id in self.orp_ids:
            self.orps_in_region[self.seats[orp_id].region_id].append(orp_id)
        self.region_ids = sorted(Region.objects.values_list("id", flat=True))
        self.used_icos = set(Organization.objects.exclude(ico="").values_list("ico", flat=True))
        type_codes = [code for code in SERVICE_TYPES if (Vocabulary.SERVICE_TYPE, code) in self]
        self.type_codes = type_codes
        self.type_weights = [SERVICE_TYPES[code][0] for code in type_codes]

    def __contains__(self, key):
        return key in self.terms

    def term(self, vocabulary, code) -> int | None:
        return self.terms.get((vocabulary, code))

    def run(self, services: int) -> Counter:
        organizations = self.organizations(max(1, services // 8))
        created = self.services(services, organizations)
        self.events(max(1, services // 40), organizations, created)
        return +self.counts

    # -- organizations ------------------------------------------------------------------------

    def ico(self, number: int) -> str:
        while True:
            digits = f"{number:07d}"[-7:]
            total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True))
            ico = digits + str((11 - total % 11) % 10)
            if ico not in self.used_icos:
                self.used_icos.add(ico)
                return ico
            number += 1

    def organizations(self, count: int) -> list[tuple[Organization, int]]:
        """Create ``count`` organizations; return them with their home ORP id."""
        rng = self.rng
        made = []
        for index in range(count):
            orp_id = rng.choice(self.orp_ids)
            seat = self.seats[orp_id]
            legal_form, pattern = rng.choice(ORGANIZATION_NAMES)
            name = pattern.format(town=seat.name, word=rng.choice(WORDS))
            organization = Organization(
                name=name,
                search_name=fold(name),
                slug=f"{PREFIX}o{index:05d}-{slugify(name)[:60]}".rstrip("-"),
                legal_form=legal_form,
                ico=self.ico(9_000_000 + index * 7),
                description=f"{name} poskytuje sociální a zdravotní služby v regionu.",
                website=f"https://{slugify(name)[:40]}.example.cz",
                email=f"info@{slugify(name)[:40]}.example.cz",
                phone=_phone(rng),
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                municipality_id=seat.id,
                publication=Publication.PUBLISHED,
                published_at=timezone.now(),
            )
            self.rows.add(organization)
            made.append((organization, orp_id))
        self.rows.flush(Organization)
        # Church organizations of a region become branches of its first one (as local
        # Charitas are of the diocesan one).
        parents, branches = {}, []
        for organization, orp_id in made:
            if organization.legal_form != LegalForm.CHURCH:
                continue
            region_id = self.seats[orp_id].region_id
            if region_id in parents:
                organization.parent_id = parents[region_id]
                branches.append(organization)
            else:
                parents[region_id] = organization.pk
        Organization.objects.bulk_update(branches, ["parent"], batch_size=BATCH)
        return made

    # -- services -----------------------------------------------------------------------------

    def services(self, count: int, organizations) -> list[Service]:
        rng = self.rng
        plans = []
        for index in range(count):
            # Every organization gets one service; the rest go to organizations at random.
            if index < len(organizations):
                organization, orp_id = organizations[index]
            else:
                organization, orp_id = rng.choice(organizations)
            if rng.random() < 0.2:  # some services work in a neighbouring ORP of the region
                orp_id = rng.choice(self.orps_in_region[self.seats[orp_id].region_id])
            plans.append(self.service(index, organization, orp_id))
        services = self.rows.flush(Service)
        locations = []
        for service, plan in zip(services, plans, strict=True):
            for location, _sessions in plan["locations"]:
                location.organization_id = service.organization_id
                locations.append(location)
            # The service's phone and e-mail as its contacts, as the migration made them.
            for position, (kind, value) in enumerate(
                ((ContactKind.PHONE, service.phone), (ContactKind.EMAIL, service.email))
            ):
                if value:
                    self.rows.add(
                        ServiceContact(
                            service_id=service.pk, kind=kind, value=value, position=position
                        )
                    )
            for area in plan["areas"]:
                area.service_id = service.pk
                self.rows.add(area)
            for field, term_ids in plan["terms"].items():
                through = getattr(Service, field).through
                for term_id in term_ids:
                    self.rows.add(through(service_id=service.pk, term_id=term_id))
        for location in locations:
            self.rows.add(location)
        self.rows.flush(Location)
        for service, plan in zip(services, plans, strict=True):
            for location, _sessions in plan["locations"]:
                self.rows.add(ServiceAtLocation(service_id=service.pk, location_id=location.pk))
        self.rows.flush(ServiceAtLocation)
        self.rows.flush(ServiceContact)
        self.rows.flush(ServiceArea)
        for field in ("types", "activities", "target_groups", "substances", "languages"):
            self.rows.flush(getattr(Service, field).through)
        for service, plan in zip(services, plans, strict=True):
            for location, sessions in plan["locations"]:
                for schedule in sessions:
                    schedule.service_id = service.pk
                    schedule.location_id = location.pk
                    self.rows.add(schedule)
            if rng.random() < 0.06:
                self.rows.add(self.closure(service, plan["locations"]))
        self.rows.flush(Schedule)
        self.rows.flush(Closure)
        return services

    def service(self, index: int, organization: Organization, orp_id: int) -> dict:
        rng = self.rng
        kind = rng.choices(self.type_codes, self.type_weights)[0]
        seat = self.seats[orp_id]
        home = seat if rng.random() < 0.7 else rng.choice(self.by_orp[orp_id])
        name = f"{rng.choice(SERVICE_TYPES[kind][1])} {home.name}"
        substances = rng.sample(SUBSTANCES, rng.randint(1, 3))
        if kind == "prevention":
            substances.append("nicotine")
        if kind == "counselling" and rng.random() < 0.3:
            substances.append("gambling")
        summary = SUMMARIES[kind]
        description = (
            f"{summary} Pomáháme lidem, kteří užívají {', '.join(SUBSTANCE_WORDS[s] for s in substances)}, "
            f"v ORP {seat.name} a okolí. Služba je určena i rodičům a blízkým."
        )
        status = rng.choices(
            [
                ServiceStatus.ACTIVE,
                ServiceStatus.PLANNED,
                ServiceStatus.TEMPORARILY_CLOSED,
                ServiceStatus.ENDED,
            ],
            [95, 2, 2, 1],
        )[0]
        publication = rng.choices(
            [Publication.PUBLISHED, Publication.DRAFT, Publication.ARCHIVED], [97, 2, 1]
        )[0]
        min_age = rng.choice([None, None, None, 15, 18]) if kind != "prevention" else 6
        service = Service(
            organization_id=organization.pk,
            name=name,
            slug=f"{PREFIX}{index:05d}-{slugify(name)[:60]}".rstrip("-"),
            summary=summary,
            description=description,
            search_text=fold(" ".join((name, summary, description))),
            status=status,
            publication=publication,
            published_at=timezone.now() if publication == Publication.PUBLISHED else None,
            min_age=min_age,
            max_age=26 if kind == "prevention" else None,
            is_free=kind not in {"outpatient", "inpatient", "therapeutic_community"}
            or rng.random() < 0.5,
            is_anonymous=kind in {"outreach", "contact_centre", "crisis_help", "consumption_van"}
            or rng.random() < 0.3,
            phone=_phone(rng),
            email=organization.email,
            website=organization.website,
            mpsv_id=f"{rng.randint(1_000_000, 9_999_999)}" if kind in MPSV else "",
            mpsv_paragraph=MPSV.get(kind, ""),
            referral_process="Zavolejte koordinátorovi služby; klienta objednáme do týdne.",
            response_time=rng.choice(["do 24 hodin", "do 3 dnů", "do týdne"]),
            caseworker_may_join=rng.choice(["yes", "arrange", "no"]),
            professional_contact=f"Koordinátor: {_phone(rng)}",
            last_verified=self.today - datetime.timedelta(days=rng.randint(0, 400)),
        )
        self.rows.add(service)

        type_codes = [kind, *EXTRA_TYPES.get(kind, [])]
        activities = ACTIVITIES.get(kind, ["counselling", "information"])
        terms = {
            "types": [self.term(Vocabulary.SERVICE_TYPE, code) for code in type_codes],
            "activities": [
                self.term(Vocabulary.ACTIVITY, code)
                for code in rng.sample(activities, min(len(activities), rng.randint(1, 4)))
            ],
            "target_groups": [
                self.term(Vocabulary.TARGET_GROUP, code)
                for code in rng.sample(
                    TARGET_GROUPS.get(kind, DEFAULT_TARGET_GROUPS), rng.randint(1, 2)
                )
            ],
            "substances": [self.term(Vocabulary.SUBSTANCE, code) for code in substances],
            "languages": [
                self.term(Vocabulary.LANGUAGE, code)
                for code in ["cs", *rng.sample(EXTRA_LANGUAGES, rng.choice([0, 0, 0, 1, 2]))]
            ],
        }
        terms = {field: [t for t in ids if t is not None] for field, ids in terms.items()}
        locations, areas = self.places_of(kind, orp_id, home)
        return {"locations": locations, "areas": areas, "terms": terms}

    def places_of(self, kind: str, orp_id: int, home: _Place):
        """Locations (each with its schedules) and service areas of one service."""
        rng = self.rng
        locations, areas = [], []
        region_id = self.seats[orp_id].region_id
        if kind in TRAVELLING:
            stops = self.by_orp[orp_id]
            for place in rng.sample(stops, min(len(stops), rng.randint(2, 6))):
                stop = Location(
                    kind=LocationKind.OUTREACH,
                    name=f"Zastávka {place.name}",
                    municipality_id=place.id,
                    latitude=place.latitude,
                    longitude=place.longitude,
                )
                locations.append((stop, self.outreach_sessions()))
            areas.append(ServiceArea(orp_id=orp_id))
            if rng.random() < 0.3:
                areas.append(ServiceArea(orp_id=rng.choice(self.orps_in_region[region_id])))
            with_premises = rng.random() < 0.4
        else:
            with_premises = kind not in REMOTE_FIRST or rng.random() < 0.6
        if with_premises:
            premises = Location(
                kind=LocationKind.PREMISES,
                name=f"{SERVICE_TYPES[kind][1][0]} {home.name}",
                municipality_id=home.id,
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                postal_code=home.postal_code,
                latitude=_jitter(rng, home.latitude),
                longitude=_jitter(rng, home.longitude),
                accessibility=rng.choice(["", "Bezbariérový přístup.", "Vchod ze dvora, zvonek."]),
            )
            locations.append((premises, self.premises_sessions(kind)))
            if kind not in TRAVELLING and rng.random() < 0.3:
                areas.append(ServiceArea(orp_id=orp_id))
        if kind in REMOTE_FIRST or rng.random() < 0.05:
            channel = RemoteChannel.PHONE if kind in REMOTE_FIRST else RemoteChannel.ONLINE
            line = Location(
                kind=LocationKind.REMOTE,
                name="Telefonická linka" if channel == RemoteChannel.PHONE else "Online poradna",
                channel=channel,
            )
            locations.append((line, self.remote_sessions()))
            areas.append(ServiceArea(region_id=region_id))
        return locations, areas

    def schedule(self, days: int, opens: str, closes: str, **extra) -> Schedule:
        schedule = Schedule(
            days=days,
            opens_at=datetime.time.fromisoformat(opens),
            closes_at=datetime.time.fromisoformat(closes),
            **extra,
        )
        if schedule.valid_from:  # what Schedule.save() derives
            schedule.anchor_week = weekdays.week_number(schedule.valid_from)
            schedule.anchor_month = weekdays.month_number(schedule.valid_from)
        return schedule

    def validity(self) -> dict:
        """Most schedules run indefinitely; some are seasonal or start later."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.07:
            start = self.today - datetime.timedelta(days=rng.randint(30, 200))
            return {
                "valid_from": start,
                "valid_to": self.today + datetime.timedelta(days=rng.randint(20, 200)),
            }
        if roll < 0.10:
            return {"valid_from": self.today + datetime.timedelta(days=rng.randint(7, 90))}
        return {}

    def premises_sessions(self, kind: str) -> list[Schedule]:
        rng = self.rng
        if kind == "self_help":
            day = weekdays.bit(rng.randint(0, 4))
            if rng.random() < 0.3:  # every other week, counted from a first session
                first = self.today - datetime.timedelta(days=rng.randint(0, 13))
                return [self.schedule(day, "17:30", "19:00", interval=2, valid_from=first)]
            return [self.schedule(day, "17:30", "19:00", **self.validity())]
        pattern = rng.randint(0, 3)
        validity = self.validity()
        if pattern == 0:
            return [self.schedule(31, "08:00", "16:00", **validity)]
        if pattern == 1:
            return [
                self.schedule(15, "09:00", "12:00", **validity),
                self.schedule(15, "13:00", "17:00", **validity),
            ]
        if pattern == 2:
            return [
                self.schedule(weekdays.mask([0, 2]), "12:00", "18:00", **validity),
                self.schedule(weekdays.bit(4), "09:00", "13:00", **validity),
            ]
        sessions = [self.schedule(31, "10:00", "18:00", **validity)]
        if kind in {"contact_centre", "wet_service", "housing_first"}:
            sessions.append(self.schedule(weekdays.mask([5, 6]), "10:00", "14:00", **validity))
        return sessions

    def outreach_sessions(self) -> list[Schedule]:
        rng = self.rng
        day = weekdays.bit(rng.randint(0, 5))
        opens = rng.choice(["09:00", "13:00", "14:00", "16:00"])
        closes = {"09:00": "12:00", "13:00": "18:00", "14:00": "19:00", "16:00": "20:00"}[opens]
        roll = rng.random()
        if roll < 0.15:
            first = self.today - datetime.timedelta(days=rng.randint(0, 13))
            return [self.schedule(day, opens, closes, interval=2, valid_from=first)]
        if roll < 0.20:
            return [
                self.schedule(
                    day,
                    opens,
                    closes,
                    freq=Frequency.MONTHLY,
                    week_of_month=rng.choice([1, 2, 3, -1]),
                )
            ]
        return [self.schedule(day, opens, closes, **self.validity())]

    def remote_sessions(self) -> list[Schedule]:
        if self.rng.random() < 0.3:  # a non-stop line
            return [self.schedule(127, "00:00", "23:59", open_on_holidays=True)]
        return [self.schedule(31, "09:00", "20:00")]

    def closure(self, service: Service, locations) -> Closure:
        rng = self.rng
        starts = self.today + datetime.timedelta(days=rng.randint(-10, 60))
        premises = [loc for loc, _ in locations if loc.kind == LocationKind.PREMISES]
        return Closure(
            service_id=service.pk,
            location_id=premises[0].pk if premises and rng.random() < 0.5 else None,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=rng.randint(0, 13)),
            reason=rng.choice(CLOSURE_REASONS),
        )

    # -- events -------------------------------------------------------------------------------

    def events(self, count: int, organizations, services: list[Service]) -> None:
        rng = self.rng
        kinds = list(EventKind)
        audiences = [
            pk
            for (vocabulary, _code), pk in self.terms.items()
            if vocabulary == Vocabulary.AUDIENCE
        ]
        audiences.sort()
        midnight = datetime.datetime.combine(self.today, datetime.time(0, 0))
        extras = []
        for index in range(count):
            organizer, orp_id = rng.choice(organizations)
            place = self.seats[orp_id] if rng.random() < 0.7 else rng.choice(self.by_orp[orp_id])
            kind = rng.choice(kinds)
            topic = rng.choice(EVENT_TOPICS)
            title = f"{kind.label.capitalize()}: {topic} ({place.name})"
            starts = timezone.make_aware(
                midnight
                + datetime.timedelta(days=rng.randint(-365, 180), hours=rng.choice([9, 10, 13]))
            )
            past = starts.date() < self.today
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
            self.rows.add(event)
            extras.append(
                (
                    rng.sample(audiences, min(len(audiences), rng.randint(1, 3))),
                    {o.pk for o, _ in rng.sample(organizations, min(3, len(organizations)))}
                    - {organizer.pk},
                    rng.sample(services, min(len(services), rng.randint(0, 2))),
                )
            )
        events = self.rows.flush(Event)
        for event, (audience_ids, participant_ids, related) in zip(events, extras, strict=True):
            for term_id in audience_ids:
                self.rows.add(Event.audiences.through(event_id=event.pk, term_id=term_id))
            for organization_id in sorted(participant_ids):
                self.rows.add(
                    Event.participants.through(event_id=event.pk, organization_id=organization_id)
                )
            for service in related:
                self.rows.add(
                    Event.related_services.through(event_id=event.pk, service_id=service.pk)
                )
        for field in ("audiences", "participants", "related_services"):
            self.rows.flush(getattr(Event, field).through)


def _phone(rng: random.Random) -> str:
    digits = f"{rng.choice([5, 6, 7])}{rng.randint(10_000_000, 99_999_999)}"
    return f"+420 {digits[:3]} {digits[3:6]} {digits[6:]}"


def _jitter(rng: random.Random, value: float | None) -> float | None:
    """A point a few hundred metres from the municipality's centre."""
    return None if value is None else round(value + rng.uniform(-0.005, 0.005), 6)
