"""schema.org JSON-LD for service profiles (``directory.structured_data`` for organizations).

Built from an explicit list of public fields only: the information for professionals
(``Service.PROFESSIONAL_FIELDS``) never appears here, whoever is signed in, because search
engines and caches would pass it on.
"""

import datetime

from directory.structured_data import (
    absolute,
    geo,
    organization_ref,
    postal_address,
    without_empty,
)
from services import weekdays
from services.models import Frequency, LocationKind

SCHEMA_DAYS = (
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
)
# Service types that are health care: these profiles are a MedicalClinic, the rest LocalBusiness.
MEDICAL_TYPES = {"outpatient", "substitution", "inpatient"}


def opening_hours(schedules, today: datetime.date) -> list[dict]:
    """OpeningHoursSpecification for weekly sessions held every week and not yet over.

    schema.org cannot express every-N-weeks or n-th-weekday rules; those are left out rather
    than announced as weekly (the page states them in words).
    """
    specs = []
    for schedule in sorted(schedules, key=lambda s: (s.days & -s.days, s.opens_at, s.pk)):
        if schedule.freq != Frequency.WEEKLY or schedule.interval != 1:
            continue
        if schedule.valid_to and schedule.valid_to < today:
            continue
        specs.append(
            without_empty(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": [SCHEMA_DAYS[n] for n in weekdays.numbers(schedule.days)],
                    "opens": f"{schedule.opens_at:%H:%M}",
                    "closes": f"{schedule.closes_at:%H:%M}",
                    "validFrom": schedule.valid_from.isoformat() if schedule.valid_from else None,
                    "validThrough": schedule.valid_to.isoformat() if schedule.valid_to else None,
                }
            )
        )
    return specs


def service_jsonld(service, today: datetime.date, locations=None) -> dict:
    """The service as a LocalBusiness (or MedicalClinic), its places and opening hours.

    ``locations`` in the order the page shows them (the first place gives the address);
    works on a service fetched with ``services.profile.profile_queryset`` (no queries).
    """
    url = absolute(service.get_absolute_url())
    types = list(service.types.all())
    schedules_by_location: dict[int, list] = {}
    for schedule in service.schedules.all():
        schedules_by_location.setdefault(schedule.location_id, []).append(schedule)

    places, contact_points, all_hours = [], [], []
    for location in service.locations.all() if locations is None else locations:
        hours = opening_hours(schedules_by_location.get(location.pk, []), today)
        if location.kind == LocationKind.REMOTE:
            contact_points.append(
                without_empty(
                    {
                        "@type": "ContactPoint",
                        "contactType": str(location.get_channel_display() or location),
                        "telephone": service.phone,
                        "email": service.email,
                        "hoursAvailable": hours,
                    }
                )
            )
            continue
        all_hours.extend(hours)
        places.append(
            without_empty(
                {
                    "@type": "Place",
                    "name": str(location),
                    "address": postal_address(
                        location.address, location.postal_code, location.municipality
                    ),
                    "geo": geo(location.coordinates),
                    "openingHoursSpecification": hours,
                }
            )
        )
    first_place = places[0] if places else {}
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "MedicalClinic"
            if any(term.code in MEDICAL_TYPES for term in types)
            else "LocalBusiness",
            "@id": url + "#service",
            "name": service.name,
            "description": service.summary or service.description[:300],
            "url": url,
            "sameAs": [service.website] if service.website else [],
            "telephone": service.phone,
            "email": service.email,
            "isAccessibleForFree": service.is_free,
            "knowsLanguage": [term.code for term in service.languages.all()],
            "keywords": ", ".join(term.name for term in types),
            "address": first_place.get("address"),
            "geo": first_place.get("geo"),
            "openingHoursSpecification": all_hours,
            "location": places,
            "contactPoint": contact_points,
            "areaServed": [
                {"@type": "AdministrativeArea", "name": str(area.place)}
                for area in service.areas.all()
            ],
            "parentOrganization": organization_ref(service.organization),
        }
    )
