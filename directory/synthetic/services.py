"""Synthetic services: their kind, texts and terms, their contacts, and where and when they work
(directory.synthetic.locations and .schedules)."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from directory.models import Organization, Publication
from directory.synthetic import locations, schedules
from directory.synthetic.data import (
    ACTIVITIES,
    DEFAULT_TARGET_GROUPS,
    EXTRA_LANGUAGES,
    EXTRA_TYPES,
    MPSV,
    SERVICE_TYPES,
    SUBSTANCE_WORDS,
    SUBSTANCES,
    SUMMARIES,
    TARGET_GROUPS,
)
from directory.synthetic.generator import PREFIX, Generator, phone
from services.models import (
    Closure,
    ContactKind,
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceContact,
    ServiceStatus,
    Vocabulary,
    search_text,
)

RELATIONS = ("types", "activities", "target_groups", "substances", "languages")


def create(generator: Generator, count: int, organizations) -> list[Service]:
    """Create ``count`` services of ``organizations`` with everything that hangs off them."""
    rng = generator.rng
    plans = []
    for index in range(count):
        # Every organization gets one service; the rest go to organizations at random.
        if index < len(organizations):
            organization, orp_id = organizations[index]
        else:
            organization, orp_id = rng.choice(organizations)
        if rng.random() < 0.2:  # some services work in a neighbouring ORP of the region
            orp_id = rng.choice(generator.orps_in_region[generator.seats[orp_id].region_id])
        plans.append(_plan(generator, index, organization, orp_id))
    rows = generator.rows
    services = rows.flush(Service)
    all_locations = []
    for service, plan in zip(services, plans, strict=True):
        for location, _sessions in plan["locations"]:
            location.organization_id = service.organization_id
            all_locations.append(location)
        # The service's phone and e-mail as its contacts, as the migration made them.
        for position, (kind, value) in enumerate(
            ((ContactKind.PHONE, service.phone), (ContactKind.EMAIL, service.email))
        ):
            if value:
                rows.add(
                    ServiceContact(service_id=service.pk, kind=kind, value=value, position=position)
                )
        for area in plan["areas"]:
            area.service_id = service.pk
            rows.add(area)
        for field, term_ids in plan["terms"].items():
            through = getattr(Service, field).through
            for term_id in term_ids:
                rows.add(through(service_id=service.pk, term_id=term_id))
    for location in all_locations:
        rows.add(location)
    rows.flush(Location)
    for service, plan in zip(services, plans, strict=True):
        for location, _sessions in plan["locations"]:
            rows.add(ServiceAtLocation(service_id=service.pk, location_id=location.pk))
    rows.flush(ServiceAtLocation)
    rows.flush(ServiceContact)
    rows.flush(ServiceArea)
    for field in RELATIONS:
        rows.flush(getattr(Service, field).through)
    for service, plan in zip(services, plans, strict=True):
        for location, sessions in plan["locations"]:
            for schedule in sessions:
                schedule.service_id = service.pk
                schedule.location_id = location.pk
                rows.add(schedule)
        if rng.random() < 0.06:
            rows.add(schedules.closure(generator, service, plan["locations"]))
    rows.flush(Schedule)
    rows.flush(Closure)
    return services


def _plan(generator: Generator, index: int, organization: Organization, orp_id: int) -> dict:
    """One service, queued for writing, and what will hang off it once it has its key: its
    locations with their schedules, its service areas and its terms."""
    rng = generator.rng
    kind = rng.choices(generator.type_codes, generator.type_weights)[0]
    seat = generator.seats[orp_id]
    home = seat if rng.random() < 0.7 else rng.choice(generator.by_orp[orp_id])
    name = f"{rng.choice(SERVICE_TYPES[kind][1])} {home.name}"
    substances = rng.sample(SUBSTANCES, rng.randint(1, 3))
    if kind == "prevention":
        substances.append("nicotine")
    if kind == "counselling" and rng.random() < 0.3:
        substances.append("gambling")
    summary = SUMMARIES[kind]
    used = ", ".join(SUBSTANCE_WORDS[s] for s in substances)
    description = (
        f"{summary} Pomáháme lidem, kteří užívají {used}, "
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
        organization=organization,
        name=name,
        slug=f"{PREFIX}{index:05d}-{slugify(name)[:60]}".rstrip("-"),
        summary=summary,
        description=description,
        status=status,
        publication=publication,
        published_at=timezone.now() if publication == Publication.PUBLISHED else None,
        min_age=min_age,
        max_age=26 if kind == "prevention" else None,
        is_free=kind not in {"outpatient", "inpatient", "therapeutic_community"}
        or rng.random() < 0.5,
        is_anonymous=kind in {"outreach", "contact_centre", "crisis_help", "consumption_van"}
        or rng.random() < 0.3,
        phone=phone(rng),
        email=organization.email,
        website=organization.website,
        mpsv_id=f"{rng.randint(1_000_000, 9_999_999)}" if kind in MPSV else "",
        mpsv_paragraph=MPSV.get(kind, ""),
        referral_process="Zavolejte koordinátorovi služby; klienta objednáme do týdne.",
        response_time=rng.choice(["do 24 hodin", "do 3 dnů", "do týdne"]),
        caseworker_may_join=rng.choice(["yes", "arrange", "no"]),
        professional_contact=f"Koordinátor: {phone(rng)}",
        last_verified=generator.today - datetime.timedelta(days=rng.randint(0, 400)),
    )
    service.search_text = search_text(service)  # what Service.save() derives
    generator.rows.add(service)
    terms = _terms(generator, kind, substances)
    service_locations, areas = locations.of_service(generator, kind, orp_id, home)
    return {"locations": service_locations, "areas": areas, "terms": terms}


def _terms(generator: Generator, kind: str, substances: list[str]) -> dict[str, list[int]]:
    """The ids of a service's terms, by relation: its type's, some activities and target groups
    fitting it, ``substances``, Czech and perhaps other languages."""
    rng = generator.rng
    type_codes = [kind, *EXTRA_TYPES.get(kind, [])]
    activities = ACTIVITIES.get(kind, ["counselling", "information"])
    terms = {
        "types": [generator.term(Vocabulary.SERVICE_TYPE, code) for code in type_codes],
        "activities": [
            generator.term(Vocabulary.ACTIVITY, code)
            for code in rng.sample(activities, min(len(activities), rng.randint(1, 4)))
        ],
        "target_groups": [
            generator.term(Vocabulary.TARGET_GROUP, code)
            for code in rng.sample(
                TARGET_GROUPS.get(kind, DEFAULT_TARGET_GROUPS), rng.randint(1, 2)
            )
        ],
        "substances": [generator.term(Vocabulary.SUBSTANCE, code) for code in substances],
        "languages": [
            generator.term(Vocabulary.LANGUAGE, code)
            for code in ["cs", *rng.sample(EXTRA_LANGUAGES, rng.choice([0, 0, 0, 1, 2]))]
        ],
    }
    return {field: [t for t in ids if t is not None] for field, ids in terms.items()}
