"""schema.org JSON-LD for service and organization profiles.

Built from an explicit list of public fields only: the information for professionals
(``Service.PROFESSIONAL_FIELDS``) never appears here, whoever is signed in, because search
engines and caches would pass it on.
"""

import datetime

from django.conf import settings

from directory.models import Organization, Publication
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


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _clean(data: dict) -> dict:
    """Drop empty values so the JSON-LD carries only what is known."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


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
            _clean(
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


def postal_address(street: str, postal_code: str, municipality) -> dict | None:
    if municipality is None:
        return None
    return _clean(
        {
            "@type": "PostalAddress",
            "streetAddress": street,
            "postalCode": postal_code or municipality.postal_code,
            "addressLocality": municipality.name,
            "addressRegion": municipality.region.name,
            "addressCountry": "CZ",
        }
    )


def geo(coordinates) -> dict | None:
    if not coordinates:
        return None
    return {"@type": "GeoCoordinates", "latitude": coordinates[0], "longitude": coordinates[1]}


def organization_ref(organization: Organization) -> dict:
    """A short reference to an organization; linked only when its profile is public."""
    data = {"@type": "Organization", "name": organization.name}
    if organization.publication == Publication.PUBLISHED:
        data["@id"] = absolute(organization.get_absolute_url()) + "#organization"
        data["url"] = absolute(organization.get_absolute_url())
    return data


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
                _clean(
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
            _clean(
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
    return _clean(
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


def organization_jsonld(organization: Organization, *, branches=(), services=()) -> dict:
    """The organization with its seat, IČO, parent, public branches and services."""
    url = absolute(organization.get_absolute_url())
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Organization",
            "@id": url + "#organization",
            "name": organization.name,
            "description": organization.description[:300],
            "url": url,
            "sameAs": [organization.website] if organization.website else [],
            "email": organization.email,
            "telephone": organization.phone,
            "address": postal_address(organization.address, "", organization.municipality),
            "identifier": {"@type": "PropertyValue", "propertyID": "IČO", "value": organization.ico}
            if organization.ico
            else None,
            "parentOrganization": organization_ref(organization.parent)
            if organization.parent
            else None,
            "subOrganization": [organization_ref(branch) for branch in branches],
            "makesOffer": [
                {
                    "@type": "Offer",
                    "itemOffered": {
                        "@type": "Service",
                        "name": service.name,
                        "url": absolute(service.get_absolute_url()),
                    },
                }
                for service in services
            ],
        }
    )
