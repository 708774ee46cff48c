"""Where a synthetic service works: outreach stops, premises, a remote line, each with its
opening hours, and the service areas that go with them."""

import random

from directory.synthetic import schedules
from directory.synthetic.data import REMOTE_FIRST, SERVICE_TYPES, STREETS, TRAVELLING
from directory.synthetic.generator import Generator, Place
from services.models import Location, LocationKind, RemoteChannel, ServiceArea


def of_service(generator: Generator, kind: str, orp_id: int, home: Place):
    """Locations (each with its schedules) and service areas of one service."""
    rng = generator.rng
    locations, areas = [], []
    region_id = generator.seats[orp_id].region_id
    if kind in TRAVELLING:
        stops = generator.by_orp[orp_id]
        for place in rng.sample(stops, min(len(stops), rng.randint(2, 6))):
            stop = Location(
                kind=LocationKind.OUTREACH,
                name=f"Zastávka {place.name}",
                municipality_id=place.id,
                latitude=place.latitude,
                longitude=place.longitude,
            )
            locations.append((stop, schedules.outreach_sessions(generator)))
        areas.append(ServiceArea(orp_id=orp_id))
        if rng.random() < 0.3:
            areas.append(ServiceArea(orp_id=rng.choice(generator.orps_in_region[region_id])))
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
        locations.append((premises, schedules.premises_sessions(generator, kind)))
        if kind not in TRAVELLING and rng.random() < 0.3:
            areas.append(ServiceArea(orp_id=orp_id))
    if kind in REMOTE_FIRST or rng.random() < 0.05:
        channel = RemoteChannel.PHONE if kind in REMOTE_FIRST else RemoteChannel.ONLINE
        line = Location(
            kind=LocationKind.REMOTE,
            name="Telefonická linka" if channel == RemoteChannel.PHONE else "Online poradna",
            channel=channel,
        )
        locations.append((line, schedules.remote_sessions(generator)))
        areas.append(ServiceArea(region_id=region_id))
    return locations, areas


def _jitter(rng: random.Random, value: float | None) -> float | None:
    """A point a few hundred metres from the municipality's centre."""
    return None if value is None else round(value + rng.uniform(-0.005, 0.005), 6)
