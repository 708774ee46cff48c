"""Load the demo data (PRODUCT.md, "Demo data") into the database, idempotently.

Every row is found by a stable key: places by ČSÚ code, organizations, services and events by
slug, an organization's locations by name (services of one organization naming the same
location share it), schedules by location, days and opening time, areas by place, capacities
by unit, contacts by kind and value. A row is saved only when one of its values differs, so a second
run writes nothing – not even history records – and a run after editing ``demo_data``
changes just that. Locations, schedules, areas, capacities and contacts of a demo service no
longer in the data are deleted.

Places come from the file the project ships (``directory/data/places.json.gz``, the whole
country): those already in the database (e.g. from ``import_places``) are left as they are,
only the missing ones are created.
"""

import datetime
from collections import Counter

from django.db import transaction
from django.utils.translation import gettext_noop

from directory import demo_data, places_data
from directory.history import history_reason, stored_reason
from directory.models import Municipality, Organization, Orp, Publication, Region
from directory.services import sync_places
from directory.validators import normalise_phone, normalise_postal_code
from events.models import Event
from services import weekdays
from services.models import (
    AreaLevel,
    ContactKind,
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCapacity,
    ServiceContact,
    ServiceStatus,
    Term,
    Vocabulary,
)

SERVICE_TERMS = {
    "types": Vocabulary.SERVICE_TYPE,
    "activities": Vocabulary.ACTIVITY,
    "target_groups": Vocabulary.TARGET_GROUP,
    "substances": Vocabulary.SUBSTANCE,
    "languages": Vocabulary.LANGUAGE,
}
SERVICE_FIELDS = (
    "name",
    "summary",
    "description",
    "status",
    "min_age",
    "max_age",
    "is_free",
    "cost_note",
    "is_anonymous",
    "phone",
    "email",
    "website",
    "mpsv_paragraph",
    *Service.PROFESSIONAL_FIELDS,
)
SERVICE_DEFAULTS = {
    "status": ServiceStatus.ACTIVE,
    "min_age": None,
    "max_age": None,
    "is_free": True,
    "is_anonymous": False,
    "caseworker_may_join": "",
}
ORGANIZATION_FIELDS = ("name", "legal_form", "description", "website", "email", "phone", "address")
EVENT_FIELDS = (
    "title",
    "kind",
    "summary",
    "description",
    "report",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "other_participants",
    "attendance",
)
# Every demo service is listed as spoken in Czech: true of each, and the language filter has
# something to find.
DEFAULT_LANGUAGES = ["cs"]


def load_demo() -> Counter:
    """Load places, organizations, services and events; return counts of rows written.

    The counter's keys are "<model> created", "<model> updated" and "<model> deleted".
    A service's "verified on" date is its seed document's (``demo_data``), or none.
    """
    written = Counter()
    # Every record written says where it came from; the timeline shows each service's load
    # as one entry (services.history).
    with transaction.atomic(), history_reason(stored_reason(gettext_noop("Demo data loaded"))):
        _load_places(written)
        loader = _Loader(written)
        loader.organizations(demo_data.ORGANIZATIONS)
        loader.services(demo_data.SERVICES)
        loader.events(demo_data.EVENTS)
    return written


# -- places -----------------------------------------------------------------------------------


def _load_places(written: Counter) -> None:
    """Create the places of the shipped file (the whole country) that are not there yet.

    Bulk writes, a second or two; rows already there are left as they are, so a database
    refreshed by ``import_places`` keeps its newer names.
    """
    data = places_data.read()
    counts = sync_places(
        places=data.places, coordinates=data.coordinates, parts=data.parts, update=False
    )
    for label, count in counts.items():
        if count.created:
            written[f"{label} created"] += count.created


# -- directory content -----------------------------------------------------------------------


def _snapshot(obj) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def _upsert(
    model,
    lookup: dict,
    values: dict,
    written: Counter,
    *,
    initial: dict | None = None,
    skip_history: bool = False,
):
    """Find ``model`` by ``lookup``, set ``values``, validate, and save only if anything changed.
    ``initial``: values set only on a new row (what its keepers change afterwards).
    ``skip_history``: the row is saved without a history record (the caller records it).

    Comparing after ``full_clean`` means normalised values (phones, postal codes) compare
    equal to what is stored. One query to find the row, plus validation and the write.
    """
    obj = model._default_manager.filter(**lookup).first()
    before = None if obj is None else _snapshot(obj)
    if obj is None:
        obj = model(**lookup, **(initial or {}))
    if skip_history:
        obj.skip_history_when_saving = True
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    if before is None:
        obj.save()
        written[f"{model.__name__} created"] += 1
    elif _snapshot(obj) != before:
        obj.save()
        written[f"{model.__name__} updated"] += 1
    return obj


def _delete_others(queryset, keep: list, written: Counter) -> None:
    stale = queryset.exclude(pk__in=[obj.pk for obj in keep])
    for obj in stale:  # one by one, so that history records the deletion
        obj.delete()
        written[f"{type(obj).__name__} deleted"] += 1


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


class _Loader:
    """Resolves the data's codes and slugs to rows, caching them for the run."""

    def __init__(self, written: Counter):
        self.written = written
        self.terms = {(term.vocabulary, term.code): term for term in Term.objects.all()}
        self.organizations_by_slug: dict[str, Organization] = {}
        self.services_by_slug: dict[str, Service] = {}
        self._municipalities: dict[str, Municipality] = {}
        self._orps: dict[str, Orp] = {}

    def municipality(self, code: str | None) -> Municipality | None:
        if code is None:
            return None
        if code not in self._municipalities:
            self._municipalities[code] = Municipality.objects.get(code=code)
        return self._municipalities[code]

    def orp(self, code: str) -> Orp:
        if code not in self._orps:
            self._orps[code] = Orp.objects.get(csu_code=code)
        return self._orps[code]

    def term_list(self, vocabulary: Vocabulary, codes) -> list[Term]:
        try:
            return [self.terms[(vocabulary, code)] for code in codes]
        except KeyError as error:
            raise ValueError(f"demo data uses an unknown {vocabulary} code: {error}") from None

    def organizations(self, rows) -> None:
        for row in rows:
            values = {field: row.get(field, "") for field in ORGANIZATION_FIELDS}
            values["municipality"] = self.municipality(row.get("municipality"))
            values["parent"] = (
                self.organizations_by_slug[row["parent"]] if row.get("parent") else None
            )
            values["publication"] = Publication.PUBLISHED
            self.organizations_by_slug[row["slug"]] = _upsert(
                Organization, {"slug": row["slug"]}, values, self.written
            )

    def services(self, rows) -> None:
        for row in rows:
            values = {
                field: row.get(field, SERVICE_DEFAULTS.get(field, "")) for field in SERVICE_FIELDS
            }
            values["organization"] = self.organizations_by_slug[row["organization"]]
            values["publication"] = Publication.PUBLISHED
            values["last_verified"] = row.get("last_verified")
            service = self._service(row, values)
            self._children(service, row)
            self.services_by_slug[row["slug"]] = service
        # Locations no demo service is offered at any more.
        _delete_others(
            Location.objects.filter(
                organization__in=self.organizations_by_slug.values(), service_links__isnull=True
            ),
            [],
            self.written,
        )

    def _contacts(self, service: Service, row: dict) -> list[ServiceContact]:
        """The row's ``phone`` and ``email`` first (the card's contact), then its
        ``contacts``: (kind, value, purpose) or with a fourth item, professional only."""
        listed = [
            (ContactKind.PHONE, row.get("phone", ""), ""),
            (ContactKind.EMAIL, row.get("email", ""), ""),
        ]
        listed += row.get("contacts", [])
        contacts, seen = [], set()
        for kind, value, purpose, *professional in listed:
            value = normalise_phone(value) if kind == ContactKind.PHONE and value else value
            if not value or (kind, value) in seen:
                continue
            seen.add((kind, value))
            contacts.append(
                _upsert(
                    ServiceContact,
                    {"service": service, "kind": kind, "value": value},
                    {
                        "purpose": purpose,
                        "professional_only": bool(professional and professional[0]),
                        "position": len(contacts),
                    },
                    self.written,
                )
            )
        return contacts

    def _service(self, row: dict, values: dict) -> Service:
        """The service with its terms, recorded in its history once: its fields and each
        many-to-many field set would otherwise be a record each."""
        before = sum(self.written.values())
        service = _upsert(Service, {"slug": row["slug"]}, values, self.written, skip_history=True)
        terms_changed = False
        for field, vocabulary in SERVICE_TERMS.items():
            default = DEFAULT_LANGUAGES if field == "languages" else []
            terms = self.term_list(vocabulary, row.get(field, default))
            related = getattr(service, field)
            if {term.pk for term in terms} != set(related.values_list("pk", flat=True)):
                related.set(terms)
                terms_changed = True
        del service.skip_history_when_saving
        if terms_changed or sum(self.written.values()) != before:
            service.save()  # the one record (and version) of this load
        return service

    def _children(self, service: Service, row: dict) -> None:
        locations, links, schedules, areas = [], [], [], []
        for place in row.get("locations", []):
            location = _upsert(
                Location,
                {"organization": service.organization, "name": place["name"]},
                {
                    "kind": place["kind"],
                    "municipality": self.municipality(place.get("municipality")),
                    "address": place.get("address", ""),
                    # save() strips the space; do it here so reruns compare equal.
                    "postal_code": normalise_postal_code(place.get("postal_code", "")),
                    "channel": place.get("channel", ""),
                    "note": place.get("note", ""),
                },
                self.written,
            )
            locations.append(location)
            links.append(
                _upsert(
                    ServiceAtLocation, {"service": service, "location": location}, {}, self.written
                )
            )
            for session in place.get("schedules", []):
                schedules.append(
                    _upsert(
                        Schedule,
                        {
                            "service": service,
                            "location": location,
                            "days": weekdays.from_codes(session["days"]),
                            "opens_at": _time(session["opens"]),
                        },
                        {"closes_at": _time(session["closes"]), "note": session.get("note", "")},
                        self.written,
                    )
                )
        for level, code in row.get("areas", []):
            if level == AreaLevel.MUNICIPALITY:
                lookup = {"municipality": self.municipality(code), "orp": None, "region": None}
            elif level == AreaLevel.ORP:
                lookup = {"municipality": None, "orp": self.orp(code), "region": None}
            else:
                lookup = {
                    "municipality": None,
                    "orp": None,
                    "region": Region.objects.get(nuts_code=code),
                }
            areas.append(_upsert(ServiceArea, {"service": service, **lookup}, {}, self.written))
        # The free places and the waiting list are the editors' from the first load on.
        capacities = [
            _upsert(
                ServiceCapacity,
                {"service": service, "unit": item["unit"]},
                {"maximum": item["maximum"], "note": item.get("note", "")},
                self.written,
                initial={
                    field: item.get(field)
                    for field in ("available", "waiting_people", "waiting_weeks")
                },
            )
            for item in row.get("capacities", [])
        ]
        # Schedules first: deleting a stale location would cascade to its schedules silently.
        _delete_others(service.schedules.all(), schedules, self.written)
        _delete_others(service.location_links.all(), links, self.written)
        _delete_others(service.areas.all(), areas, self.written)
        _delete_others(service.capacities.all(), capacities, self.written)
        _delete_others(service.contacts.all(), self._contacts(service, row), self.written)

    def events(self, rows) -> None:
        for row in rows:
            values = {field: row.get(field) for field in EVENT_FIELDS}
            for field in (
                "summary",
                "description",
                "report",
                "venue_name",
                "venue_address",
                "other_participants",
            ):
                values[field] = values[field] or ""
            municipality = self.municipality(row["municipality"])
            values["municipality"] = municipality
            values["region_id"] = municipality.region_id
            values["organizer"] = self.organizations_by_slug[row["organizer"]]
            values["publication"] = Publication.PUBLISHED
            event = _upsert(Event, {"slug": row["slug"]}, values, self.written)
            event.participants.set(
                [self.organizations_by_slug[slug] for slug in row["participants"]]
            )
            event.audiences.set(self.term_list(Vocabulary.AUDIENCE, row["audiences"]))
            event.related_services.set(
                [self.services_by_slug[slug] for slug in row.get("related_services", [])]
            )
