"""How fast a search answers with 20,000 services: measured on request, never asserted.

    SEARCH_BENCHMARK=1 DATABASE_URL=postgres://… pytest -s tests/services/test_search_speed.py

Builds a synthetic country (14 regions, 210 ORPs, 6,300 municipalities, 2,000 organizations,
20,000 services with premises, outreach stops, phone lines, schedules and areas) with
bulk_create, then prints the median time of typical searches through the test client.
"""

import gc
import os
import random
import statistics
import time

import pytest
from django.db import connection

from directory.models import Municipality, Organization, Orp, Publication, Region
from directory.text import fold
from services import weekdays
from services.models import (
    Location,
    LocationKind,
    RemoteChannel,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Term,
    Vocabulary,
)

pytestmark = pytest.mark.skipif(
    not os.environ.get("SEARCH_BENCHMARK"), reason="a benchmark: set SEARCH_BENCHMARK=1"
)

SERVICES = 20_000
URLS = (
    "/services/?town=Humpolec&day=thu",
    "/services/?town=Humpolec&day=thu&time=14:00",
    "/services/?town=Humpolec&day=thu&sort=distance",
    "/services/?town=Humpolec&sort=next_open",
    "/services/?town=Humpolec",
    "/services/?orp=6104&date=2026-11-26",
    "/services/?day=thu&time=14:00&type=outreach",
    "/services/?q=sluzba%201234",
    "/services/?town=Humpolec&day=thu&format=csv",
    "/towns/humpolec-548031/",
)


def build(rng: random.Random):
    regions = Region.objects.bulk_create(
        Region(csu_code=f"{r:03}", nuts_code=f"CZ{r:03}", name=f"Kraj {r}", slug=f"kraj-{r}")
        for r in range(14)
    )
    orps = Orp.objects.bulk_create(
        Orp(
            csu_code="6104" if i == 0 else f"{7000 + i}",
            name="Humpolec" if i == 0 else f"ORP {i}",
            search_name="humpolec" if i == 0 else f"orp {i}",
            slug="humpolec" if i == 0 else f"orp-{i}",
            region=regions[i % 14],
        )
        for i in range(210)
    )
    municipalities = Municipality.objects.bulk_create(
        Municipality(
            code=f"{600000 + i}",
            name=f"Obec {i}",
            search_name=f"obec {i}",
            slug=f"obec-{i}-{600000 + i}",
            orp=orps[i % 210],
            region=orps[i % 210].region,
            postal_code=f"{10000 + i}",
            latitude=48.6 + rng.random() * 2.4,
            longitude=12.1 + rng.random() * 6.7,
        )
        for i in range(6300)
    )
    humpolec = Municipality.objects.create(
        code="548031",
        name="Humpolec",
        orp=orps[0],
        postal_code="39601",
        latitude=49.5415,
        longitude=15.3594,
    )
    municipalities.append(humpolec)
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Organizace {i}", slug=f"org-{i}", publication=Publication.PUBLISHED)
        for i in range(2000)
    )
    statuses = [ServiceStatus.ACTIVE] * 18 + [ServiceStatus.PLANNED, ServiceStatus.ENDED]
    services = Service.objects.bulk_create(
        Service(
            organization=organizations[i % 2000],
            name=f"Služba {i}",
            slug=f"sluzba-{i}",
            search_text=fold(f"Služba {i} pomoc lidem"),
            publication=Publication.PUBLISHED if i % 25 else Publication.DRAFT,
            status=rng.choice(statuses),
            is_free=rng.random() < 0.9,
            is_anonymous=rng.random() < 0.5,
            phone="+420 567 000 000",
        )
        for i in range(SERVICES)
    )
    locations, areas, offered_by = [], [], []

    def place(service, **fields):
        offered_by.append(service.pk)
        return Location(organization_id=service.organization_id, **fields)

    for index, service in enumerate(services):
        home = humpolec if index % 1000 == 0 else rng.choice(municipalities)
        locations.append(place(service, kind=LocationKind.PREMISES, municipality=home, address="1"))
        if rng.random() < 0.3 or index % 1000 == 1:
            stops = [humpolec] if index % 1000 == 1 else rng.sample(municipalities, 2)
            locations.extend(
                place(service, kind=LocationKind.OUTREACH, municipality=stop) for stop in stops
            )
        if rng.random() < 0.1:
            locations.append(place(service, kind=LocationKind.REMOTE, channel=RemoteChannel.PHONE))
        roll = rng.random()
        if roll < 0.3:
            areas.append(ServiceArea(service=service, orp_id=home.orp_id))
        elif roll < 0.35:
            areas.append(ServiceArea(service=service, region_id=home.region_id))
        elif roll < 0.45:
            areas.append(ServiceArea(service=service, municipality=home))
    Location.objects.bulk_create(locations, batch_size=5000)
    ServiceAtLocation.objects.bulk_create(
        (
            ServiceAtLocation(service_id=service_id, location=location)
            for service_id, location in zip(offered_by, locations, strict=True)
        ),
        batch_size=5000,
    )
    ServiceArea.objects.bulk_create(areas, batch_size=5000)
    schedules = []
    for service_id, location in zip(offered_by, locations, strict=True):
        opens = rng.randint(7, 14)
        schedules.append(
            Schedule(
                service_id=service_id,
                location=location,
                days=rng.randint(1, weekdays.ALL_DAYS),
                opens_at=f"{opens:02}:00",
                closes_at=f"{opens + rng.randint(2, 8):02}:00",
            )
        )
    Schedule.objects.bulk_create(schedules, batch_size=5000)
    types = list(Term.objects.filter(vocabulary=Vocabulary.SERVICE_TYPE))
    Service.types.through.objects.bulk_create(
        (
            Service.types.through(service=service, term=term)
            for service in services
            for term in rng.sample(types, rng.randint(1, 2))
        ),
        batch_size=5000,
    )


def test_search_speed_with_20000_services(client, db, pinned_now):
    build(random.Random(20_000))
    gc.collect()  # the generated objects are garbage now; don't let them slow the timed requests
    gc.freeze()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"\n{connection.vendor}, {Service.objects.count()} services")
    for url in URLS:
        response = client.get(url)  # warm up
        assert response.status_code == 200
        found = (
            response.context["count"] if response.context and "count" in response.context else "-"
        )
        walls, cpus = [], []
        for _ in range(15):
            wall, cpu = time.perf_counter(), time.process_time()
            client.get(url)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        print(
            f"{statistics.median(walls):7.1f} ms wall, {statistics.median(cpus):6.1f} ms CPU "
            f"(min {min(walls):.1f}) {url} → {found}"
        )
