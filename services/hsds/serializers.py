"""Model instances → HSDS 3.0 objects (Czech profile), shared by the export and the API.

Only keys the HSDS schemas define are written (tests check it recursively), and ``capacities``:
HSDS 3.1's ``service_capacity`` objects, the profile's one extension of the 3.0 service
(``openapi.CAPACITY_SCHEMA``, described at ``/api/profile``). Empty scalars are
left out (an empty e-mail is not a valid ``email``); arrays are always written, so that an
importer can tell "no phones" from "phones not described here". The professional-only fields
(``Service.PROFESSIONAL_FIELDS``) are never read here.

Every function expects what ``export.full_queryset`` prefetches; none of them queries.
"""

import datetime

from django.utils import timezone

from directory.models import Organization
from services import weekdays
from services.hsds import ids, taxonomy
from services.models import (
    AreaLevel,
    CapacityUnit,
    Frequency,
    Location,
    LocationKind,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCapacity,
    ServiceContact,
    ServiceStatus,
)

# Our status → HSDS ``status`` (a closed enum there); a bijection, so imports map it back.
STATUS = {
    ServiceStatus.ACTIVE: "active",
    ServiceStatus.PLANNED: "inactive",
    ServiceStatus.TEMPORARILY_CLOSED: "temporarily closed",
    ServiceStatus.ENDED: "defunct",
}
CZ_OBEC = "cz_obec"
COUNTRY = "CZ"
CURRENCY = "CZK"
FREE_OPTION = "Zdarma"
PAID_OPTION = "Placená služba"


def _compact(data: dict) -> dict:
    """Drop keys whose value is None or an empty string (never empty lists)."""
    return {key: value for key, value in data.items() if value is not None and value != ""}


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: datetime.time) -> str:
    return value.strftime("%H:%M:%S")


def _datetime(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def licenses(service: Service) -> str:
    """The MPSV registration as text (parsed back by ``import_``)."""
    parts = []
    if service.mpsv_id:
        parts.append(
            f"Registr poskytovatelů sociálních služeb MPSV, identifikátor {service.mpsv_id}"
        )
    if service.mpsv_paragraph:
        parts.append(f"§ {service.mpsv_paragraph} zákona č. 108/2006 Sb.")
    return "; ".join(parts)


def accreditations(service: Service) -> str:
    if not service.rvkpp_certified_until:
        return ""
    return f"Certifikace odborné způsobilosti RVKPP platná do {service.rvkpp_certified_until}"


def attribute(owner_id: str, link_entity: str, vocabulary: str, term: dict, value=None) -> dict:
    return _compact(
        {
            "id": ids.derive(owner_id, "attribute", term["id"]),
            "link_id": owner_id,
            "link_type": taxonomy.taxonomy_name(vocabulary),
            "link_entity": link_entity,
            "taxonomy_term_id": term["id"],
            "value": value,
            "taxonomy_term": term,
        }
    )


def profile_attribute(owner_id: str, link_entity: str, code: str, value: str) -> dict:
    term = taxonomy.profile_term(code)
    return attribute(owner_id, link_entity, taxonomy.PROFILE, term, value)


# --- organizations ------------------------------------------------------------------------


def organization_summary(organization: Organization) -> dict:
    """The one-to-one fields (``organization_list``)."""
    parent = organization.parent
    return _compact(
        {
            "id": ids.of(organization),
            "name": organization.name,
            "description": organization.description or None,
            "email": organization.email,
            "website": organization.website,
            "legal_status": organization.legal_form,
            "parent_organization_id": ids.of(parent) if parent else None,
        }
    ) | {"description": organization.description}  # required by HSDS, may be empty


def organization_full(organization: Organization) -> dict:
    """With phones, the IČO and the seat (needs ``municipality__region`` selected)."""
    org_id = ids.of(organization)
    data = organization_summary(organization)
    data["phones"] = (
        [{"id": ids.derive(org_id, "phone"), "number": organization.phone, "type": "voice"}]
        if organization.phone
        else []
    )
    data["organization_identifiers"] = (
        [
            {
                "id": ids.derive(org_id, "ico"),
                "identifier_scheme": "CZ-ICO",
                "identifier_type": "IČO",
                "identifier": organization.ico,
            }
        ]
        if organization.ico
        else []
    )
    seats = []
    if organization.municipality_id:
        seat_id = ids.derive(org_id, "seat")
        municipality = organization.municipality
        seats.append(
            {
                "id": seat_id,
                "location_type": "postal",
                "name": "Sídlo",
                "external_identifier_type": CZ_OBEC,
                "external_identifier": municipality.code,
                "addresses": [_address(seat_id, organization.address, municipality, "", "postal")],
            }
        )
    data["locations"] = seats
    return data


# --- locations ----------------------------------------------------------------------------


def _address(location_id, street, municipality, postal_code, address_type="physical") -> dict:
    return {
        "id": ids.derive(location_id, "address"),
        "address_1": street,
        "city": municipality.name,
        "state_province": municipality.region.name,
        "postal_code": postal_code or municipality.postal_code,
        "country": COUNTRY,
        "address_type": address_type,
    }


def location_summary(location: Location) -> dict:
    """The HSDS location's one-to-one fields (needs ``municipality__region`` selected)."""
    location_id = ids.location_of(location)
    data = {
        "id": location_id,
        "location_type": "virtual" if location.kind == LocationKind.REMOTE else "physical",
        "name": location.name,
        "description": location.note,
        "latitude": location.latitude,
        "longitude": location.longitude,
    }
    if location.municipality_id:
        data["external_identifier_type"] = CZ_OBEC
        data["external_identifier"] = location.municipality.code
    return _compact(data)


def location_full(location: Location) -> dict:
    data = location_summary(location)
    location_id = data["id"]
    data["addresses"] = (
        [_address(location_id, location.address, location.municipality, location.postal_code)]
        if location.municipality_id
        else []
    )
    data["accessibility"] = (
        [{"id": ids.derive(location_id, "accessibility"), "description": location.accessibility}]
        if location.accessibility
        else []
    )
    attributes = [profile_attribute(location_id, "location", "location_kind", location.kind)]
    if location.kind == LocationKind.REMOTE and location.channel:
        attributes.append(
            profile_attribute(location_id, "location", "remote_channel", location.channel)
        )
    data["attributes"] = attributes
    return data


def byday(schedule: Schedule) -> str:
    """``MO,TH`` weekly; ``2MO`` / ``-1FR`` (n-th or last weekday) monthly."""
    prefix = str(schedule.week_of_month) if schedule.freq == Frequency.MONTHLY else ""
    return ",".join(f"{prefix}{weekdays.HSDS_CODES[n]}" for n in weekdays.numbers(schedule.days))


def schedule(schedule: Schedule, schedule_id: str) -> dict:
    data = _compact(
        {
            "id": schedule_id,
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": byday(schedule),
            "opens_at": _time(schedule.opens_at),
            "closes_at": _time(schedule.closes_at),
            "valid_from": _date(schedule.valid_from),
            "valid_to": _date(schedule.valid_to),
            # RFC 5545 readers count every-N-weeks from dtstart; we count from valid_from.
            "dtstart": _date(schedule.valid_from),
            "description": schedule.note,
        }
    )
    if schedule.open_on_holidays:
        data["attributes"] = [
            profile_attribute(schedule_id, "schedule", "open_on_holidays", "true")
        ]
    return data


def service_at_location(link: ServiceAtLocation, *, with_service: dict | None = None) -> dict:
    """One (service, location) pair: the service's schedules there (from its prefetched
    ``schedules``, in time order) and the whole location, the same in every pair sharing it."""
    sal_id = ids.of(link)
    location = link.location
    at_location = [item for item in link.service.schedules.all() if item.location_id == location.pk]
    data = {
        "id": sal_id,
        "service_id": ids.of(link.service),
        "location_id": ids.location_of(location),
        "schedules": [
            schedule(item, ids.derive(sal_id, "schedule", number))
            for number, item in enumerate(at_location)
        ],
        "location": location_full(location),
    }
    if with_service is not None:
        data["service"] = with_service
    return data


def service_at_location_summary(link: ServiceAtLocation, service: dict) -> dict:
    """One row of ``/service_at_locations`` (``service_at_location_list``)."""
    return {
        "id": ids.of(link),
        "service_id": service["id"],
        "location_id": ids.location_of(link.location),
        "location": location_summary(link.location),
        "service": service,
    }


def service_area(area: ServiceArea, area_id: str) -> dict:
    level = area.level
    if level == AreaLevel.MUNICIPALITY:
        name, code = area.municipality.name, area.municipality.code
    elif level == AreaLevel.ORP:
        name, code = f"ORP {area.orp.name}", area.orp.csu_code
    else:
        name, code = area.region.name, area.region.nuts_code
    extent = f"{level.value}:{code}"
    return _compact(
        {
            "id": area_id,
            "name": name,
            "description": area.note,
            "extent_type": "text",
            "extent": extent,
        }
    )


# --- capacities (HSDS 3.1 service_capacity) ------------------------------------------------

# Our units as HSDS 3.1 ``unit`` objects: ``identifier`` is our code in our own scheme, the
# name the Czech word for one of them.
UNIT_SCHEME = "cz-adresar-capacity-unit"
UNIT_NAMES = {
    CapacityUnit.PLACES: "místo",
    CapacityUnit.BEDS: "lůžko",
    CapacityUnit.CLIENTS: "klient",
}


def capacity_unit(unit: str) -> dict:
    return {
        "id": ids.derive("capacity_unit", unit),
        "name": UNIT_NAMES[CapacityUnit(unit)],
        "scheme": UNIT_SCHEME,
        "identifier": unit,
    }


def capacity_id(service_id: str, unit: str, number: int) -> str:
    """Derived from the service, the unit and its rank among the service's capacities of that
    unit (``Meta.ordering``): an export → import → export round trip keeps every id."""
    return ids.derive(service_id, "capacity", unit, number)


def capacities(service: Service, service_id: str) -> list[dict]:
    """The service's capacities (prefetched, in ``Meta.ordering``). The waiting list has no
    HSDS field and stays in this directory (the profile says so)."""
    result, seen = [], {}
    for item in service.capacities.all():
        number = seen.get(item.unit, 0)
        seen[item.unit] = number + 1
        result.append(capacity(item, service_id, capacity_id(service_id, item.unit, number)))
    return result


def capacity(item: ServiceCapacity, service_id: str, item_id: str) -> dict:
    return _compact(
        {
            "id": item_id,
            "service_id": service_id,
            "unit": capacity_unit(item.unit),
            "available": item.available,
            "maximum": item.maximum,
            "description": item.note,
            # HSDS 3.1 asks for millisecond accuracy.
            "updated": timezone.localtime(item.updated_at).isoformat(timespec="milliseconds"),
        }
    )


# --- services -----------------------------------------------------------------------------


def service_summary(service: Service, *, organization: bool = True) -> dict:
    """The one-to-one fields (``service_list``), with the organization's own."""
    data = _compact(
        {
            "id": ids.of(service),
            "organization_id": ids.of(service.organization),
            "name": service.name,
            "description": service.description,
            "url": service.website,
            "email": service.email,
            "status": STATUS[service.status],
            "fees_description": service.cost_note,
            "accreditations": accreditations(service),
            "licenses": licenses(service),
            "minimum_age": service.min_age,
            "maximum_age": service.max_age,
            "assured_date": _date(service.last_verified),
            "last_modified": _datetime(service.updated_at),
        }
    )
    if organization:
        data["organization"] = organization_summary(service.organization)
    return data


def _service_attributes(service: Service, service_id: str) -> list[dict]:
    attributes = []
    for vocabulary, field in taxonomy.SERVICE_VOCABULARIES.items():
        attributes.extend(
            attribute(service_id, "service", vocabulary, taxonomy.term(obj))
            for obj in getattr(service, field).all()
        )
    if service.summary:
        attributes.append(profile_attribute(service_id, "service", "summary", service.summary))
    attributes.append(
        profile_attribute(
            service_id, "service", "anonymous", "true" if service.is_anonymous else "false"
        )
    )
    if service.is_published:
        attributes.append(profile_attribute(service_id, "service", "publication", "published"))
    return attributes


def public_contacts(service: Service) -> list[ServiceContact]:
    """The service's prefetched ``contacts`` anybody may see, in order; never the
    professional-only ones."""
    return [contact for contact in service.contacts.all() if not contact.professional_only]


def _contact_phones(service: Service, service_id: str) -> list[dict]:
    """Each public phone contact as an HSDS phone, its purpose as the description. Ids by
    rank, as phones have no id of their own: a round trip keeps them."""
    phones = [contact for contact in public_contacts(service) if contact.is_phone]
    return [
        _compact(
            {
                "id": ids.derive(service_id, "phone", number)
                if number
                else ids.derive(service_id, "phone"),
                "number": contact.value,
                "type": "voice",
                "description": contact.purpose,
            }
        )
        for number, contact in enumerate(phones)
    ]


def _contact_emails(service: Service, service_id: str) -> list[dict]:
    """Each public e-mail contact as an HSDS contact, its purpose as the contact's name."""
    emails = [contact for contact in public_contacts(service) if not contact.is_phone]
    return [
        _compact(
            {
                "id": ids.derive(service_id, "contact", number)
                if number
                else ids.derive(service_id, "contact"),
                "name": contact.purpose,
                "email": contact.value,
            }
        )
        | {"phones": []}
        for number, contact in enumerate(emails)
    ]


def _service_areas(service: Service, service_id: str) -> list[dict]:
    result, seen = [], set()
    for area in service.areas.all():
        data = service_area(area, "")
        key = data["extent"]
        while key in seen:  # the same place twice: still distinct, still stable ids
            key += "+"
        seen.add(key)
        data["id"] = ids.derive(service_id, "service_area", key)
        result.append(data)
    return result


def service_full(service: Service, *, organization: bool = True, locations: bool = True) -> dict:
    """A complete HSDS service object (``schema/compiled/service.json``)."""
    data = service_summary(service, organization=False)
    service_id = data["id"]
    if organization:
        data["organization"] = organization_full(service.organization)
    data["phones"] = _contact_phones(service, service_id)
    if locations:
        data["service_at_locations"] = [
            service_at_location(link) for link in service.location_links.all()
        ]
    data["service_areas"] = _service_areas(service, service_id)
    data["languages"] = [
        {"id": ids.derive(service_id, "language", obj.code), "name": obj.name_cs, "code": obj.code}
        for obj in service.languages.all()
    ]
    cost = {
        "id": ids.derive(service_id, "cost_option"),
        "currency": CURRENCY,
        "amount_description": service.cost_note,
    }
    if service.is_free:
        cost |= {"option": FREE_OPTION, "amount": 0}
    else:
        cost |= {"option": PAID_OPTION}
    data["cost_options"] = [_compact(cost)]
    data["contacts"] = _contact_emails(service, service_id)
    data["attributes"] = _service_attributes(service, service_id)
    data["capacities"] = capacities(service, service_id)
    # HSDS 3.0 has one free-text ``alert`` per service: the notices shown today, one a line.
    alerts = "\n".join(alert.text for alert in service.active_alerts)
    if alerts:
        data["alert"] = alerts
    return data
