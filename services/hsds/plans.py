"""What a record's fields, contacts, locations, schedules, service areas and capacities (and an
organization record's fields) become, before anything is written: checked and placed
(``problems`` reject the record; ``warnings`` and ``skipped`` are reported)."""

import dataclasses
import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.models import LegalForm, Publication
from directory.text import fold
from directory.validators import normalise_postal_code
from services.hsds import ids, parsing, places, serializers, taxonomy
from services.models import (
    CapacityUnit,
    ContactKind,
    LocationKind,
    RemoteChannel,
    ServiceStatus,
    Vocabulary,
)

STATUS = {value: key for key, value in serializers.STATUS.items()}

_GEOMETRY_TYPES = {"geojson", "topojson", "kml", "wkt", "shapefile"}


@dataclasses.dataclass
class LocationPlan:
    sal_id: str
    fields: dict
    schedules: list
    # The HSDS location's id: service_at_locations of one organization with the same one share
    # one location of ours. None when the file gives none.
    location_id: str | None = None


@dataclasses.dataclass
class AreaPlan:
    field: str  # municipality, orp or region
    place: object
    note: str


@dataclasses.dataclass
class CapacityPlan:
    unit: str
    maximum: int
    available: int
    note: str
    updated_at: datetime.datetime


def organization_fields(data: dict, warnings) -> dict:
    """What an organization record's description, addresses, legal form, phone and seat
    become (its name and IČO are read first: they find ours)."""
    legal_status = data.get("legal_status")
    fields = {
        "description": parsing.text(data.get("description"), 10_000, "description", warnings),
        "email": parsing.text(data.get("email"), 254, "email", warnings),
        "website": parsing.text(data.get("website"), 200, "website", warnings),
        "legal_form": legal_status if legal_status in LegalForm.values else LegalForm.OTHER,
    }
    phones = parsing.array(data, "phones")
    if phones is not None:
        fields["phone"] = parsing.first_phone(parsing.phone_numbers(phones), "phone", warnings)
    seats = parsing.array(data, "locations")
    if seats is not None:
        fields["municipality"], fields["address"] = None, ""
        for seat in seats:
            municipality, street, reason = places.place_of(seat)
            if municipality is not None:
                fields["municipality"], fields["address"] = municipality, street[:200]
                break
            if reason:
                warnings.append(
                    _("seat %(name)s not placed: %(reason)s")
                    % {"name": repr(parsing.name(seat)), "reason": reason}
                )
    return fields


def service_fields(record: dict, problems, warnings, *, publish: bool) -> dict:
    """What a service record's own fields become. Absent scalars are cleared, but the fields
    for professionals, ``is_free``, the summary and anonymity only change when their source is
    there, and the publication only to published (``publish``, or the profile attribute)."""
    fields = {
        "name": parsing.text(record.get("name"), 200, "name", warnings),
        "description": parsing.text(record.get("description"), 20_000, "description", warnings),
        "website": parsing.text(record.get("url"), 200, "url", warnings),
    }
    contacts = [c for c in parsing.array(record, "contacts") or [] if isinstance(c, dict)]
    email = record.get("email") or next((c["email"] for c in contacts if c.get("email")), "")
    fields["email"] = parsing.text(email, 254, "email", warnings)
    status = record.get("status")
    if status is None:
        warnings.append(_("status missing: imported as active"))
        fields["status"] = ServiceStatus.ACTIVE
    elif isinstance(status, str) and status in STATUS:
        fields["status"] = STATUS[status]
    else:
        problems.append(
            _("status %(value)s is not one of %(choices)s")
            % {"value": repr(status), "choices": ", ".join(STATUS)}
        )
    fields["cost_note"] = parsing.text(
        record.get("fees_description"), 200, "fees_description", warnings
    )
    fields["mpsv_id"], fields["mpsv_paragraph"] = parsing.mpsv_registration(record.get("licenses"))
    fields["rvkpp_certified_until"] = parsing.rvkpp_until(record.get("accreditations"))
    fields["min_age"] = parsing.whole_number(
        record.get("minimum_age"), "minimum_age", problems, maximum=120
    )
    maximum = parsing.whole_number(record.get("maximum_age"), "maximum_age", problems)
    if maximum is not None and maximum > 120:
        warnings.append(_("maximum_age %(value)d read as no upper limit") % {"value": maximum})
        maximum = None
    fields["max_age"] = maximum
    fields["last_verified"] = parsing.date(record.get("assured_date"), "assured_date", warnings)
    for source, field, limit in (
        ("application_process", "referral_process", 5_000),
        ("wait_time", "response_time", 200),
    ):
        if isinstance(record.get(source), str) and record[source].strip():
            fields[field] = parsing.text(record[source], limit, source, warnings)
    costs = parsing.array(record, "cost_options")
    if costs is not None:
        fields["is_free"] = any(
            isinstance(cost, dict)
            and isinstance(cost.get("amount"), int | float)
            and not isinstance(cost.get("amount"), bool)
            and cost["amount"] == 0
            for cost in costs
        )
    if parsing.array(record, "attributes") is not None:
        fields["summary"] = parsing.text(
            parsing.profile_value(record, "summary") or "", 300, "summary", warnings
        )
        fields["is_anonymous"] = (
            parsing.profile_value(record, "anonymous") or ""
        ).lower() == "true"
    if publish or parsing.profile_value(record, "publication") == "published":
        fields["publication"] = Publication.PUBLISHED
    return fields


def terms(record: dict, known: taxonomy.Terms, warnings) -> dict:
    """{m2m field: [Term]} for the arrays present in the record (``attributes``, ``languages``);
    terms that are not ours are left out with a warning."""
    result = {}
    if parsing.array(record, "attributes") is not None:
        chosen = {field: [] for field in taxonomy.SERVICE_VOCABULARIES.values()}
        for item in parsing.attributes(record):
            term = item["taxonomy_term"]
            vocabulary = taxonomy.vocabulary_of(term)
            if vocabulary == taxonomy.PROFILE:
                continue
            key = known.key(term, vocabulary)
            if key is None or key[0] not in taxonomy.SERVICE_VOCABULARIES:
                values = {"code": repr(term.get("code")), "taxonomy": term.get("taxonomy")}
                if values["taxonomy"]:
                    message = _(
                        "taxonomy term %(code)s (%(taxonomy)s) is not one of ours, left out"
                    )
                else:
                    message = _("taxonomy term %(code)s (no taxonomy) is not one of ours, left out")
                warnings.append(message % values)
                continue
            chosen[taxonomy.SERVICE_VOCABULARIES[key[0]]].append(known.by_key[key])
        result.update(chosen)
    languages = parsing.array(record, "languages")
    if languages is not None:
        result["languages"] = []
        for item in languages:
            code = str(item.get("code") or "").strip().lower() if isinstance(item, dict) else ""
            term = known.by_key.get((Vocabulary.LANGUAGE, code))
            if term is None:
                name = item.get("name") if isinstance(item, dict) else item
                warnings.append(
                    _("language %(code)s is not in our list, left out")
                    % {"code": repr(code or name)}
                )
            else:
                result["languages"].append(term)
    return result


def contacts(record: dict, email: str, warnings) -> list[tuple[str, str, str]] | None:
    """(kind, value, purpose) of the record's phones (``phones``, then those of its
    ``contacts``) and e-mails (``email``, then its contacts'), in order, without repeats;
    None when the record has neither array (keep ours)."""
    phones, holders = parsing.array(record, "phones"), parsing.array(record, "contacts")
    if phones is None and holders is None:
        return None
    holders = [c for c in holders or [] if isinstance(c, dict)]
    planned, seen = [], set()

    def add(kind, value, purpose):
        if value and (kind, value) not in seen:
            seen.add((kind, value))
            planned.append((kind, value, parsing.text(purpose, 100, "purpose", warnings)))

    for holder in (phones, *[contact.get("phones") for contact in holders]):
        for phone in parsing.items(holder):
            if not isinstance(phone, dict) or not phone.get("number"):
                continue
            number = parsing.first_phone([str(phone["number"])], "phones", warnings)
            add(ContactKind.PHONE, number, phone.get("description"))
    emails = [
        (parsing.text(contact.get("email"), 254, "email", warnings), contact.get("name"))
        for contact in holders
    ]
    if email and email not in (value for value, _purpose in emails):
        emails.insert(0, (email, ""))
    for value, purpose in emails:
        add(ContactKind.EMAIL, value, purpose)
    return planned


def primary_contact(planned) -> tuple[str, str]:
    """The phone and the e-mail ``sync_primary_contact`` makes of ``planned`` contacts."""
    phone = next((value for kind, value, _p in planned if kind == ContactKind.PHONE), "")
    email = next((value for kind, value, _p in planned if kind == ContactKind.EMAIL), "")
    return phone, email


def locations(record, problems, warnings, skipped) -> list[LocationPlan] | None:
    """What the record's service_at_locations become; None when it has none (keep ours)."""
    items = parsing.array(record, "service_at_locations")
    if items is None:
        return None
    plans, seen = [], set()
    for index, item in enumerate(items):
        what = f"service_at_locations[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("location"), dict):
            problems.append(_("%(field)s: has no location object") % {"field": what})
            continue
        sal_id = ids.canonical(item.get("id"))
        if sal_id is None or sal_id in seen:
            problems.append(_("%(field)s: id is missing, not a UUID or repeated") % {"field": what})
            continue
        seen.add(sal_id)
        location = item["location"]
        what = _("%(field)s location %(name)s") % {
            "field": what,
            "name": repr(parsing.name(location)),
        }
        fields = location_fields(location, what, problems, warnings, skipped)
        if fields is None:
            continue
        schedules = [
            row
            for n, schedule in enumerate(
                parsing.items(item.get("schedules")) or parsing.items(location.get("schedules"))
            )
            for row in parsing.schedules(schedule, f"{what}: schedules[{n}]", problems, warnings)
        ]
        location_id = ids.canonical(location.get("id")) or ids.canonical(item.get("location_id"))
        plans.append(LocationPlan(sal_id, fields, schedules, location_id))
    service_level = parsing.items(record.get("schedules"))
    if service_level:
        unscheduled = [plan for plan in plans if not plan.schedules]
        if len(plans) == 1 and unscheduled:
            for n, schedule in enumerate(service_level):
                plans[0].schedules.extend(
                    parsing.schedules(schedule, f"schedules[{n}]", problems, warnings)
                )
        else:
            skipped.append(
                ngettext(
                    "schedules: %(count)d service-level schedule not tied to one location",
                    "schedules: %(count)d service-level schedules not tied to one location",
                    len(service_level),
                )
                % {"count": len(service_level)}
            )
    return plans


def location_fields(location, what, problems, warnings, skipped) -> dict | None:
    """Our Location fields for an HSDS location; None if it is rejected or skipped."""
    fields = _described(location, what, warnings)
    location_type = location.get("location_type")
    if location_type == "virtual":
        return fields | _remote(location)
    if location_type == "postal":
        skipped.append(
            _("%(field)s: a postal address, not a place where the service is given")
            % {"field": what}
        )
        return None
    if location_type != "physical":
        problems.append(
            _("%(field)s: location_type %(value)s is not physical or virtual")
            % {"field": what, "value": repr(location_type)}
        )
        return None
    placed = _placed(location, what, problems, skipped)
    if placed is None:
        return None
    return (
        fields
        | placed
        | {"postal_code": _postal_code(location, what, warnings)}
        | _coordinates(location, what, warnings)
    )


def _described(location, what, warnings) -> dict:
    """What every kind of location has (name, note, accessibility), the rest left empty."""
    note = parsing.text(location.get("description"), 300, f"{what}: description", warnings)
    accessibility = " ".join(
        str(item.get(key)).strip()
        for item in parsing.items(location.get("accessibility"))
        if isinstance(item, dict)
        for key in ("description", "details")
        if item.get(key)
    )
    return {
        "name": parsing.text(location.get("name"), 200, f"{what}: name", warnings),
        "note": note,
        "accessibility": parsing.text(accessibility, 300, f"{what}: accessibility", warnings),
        "municipality": None,
        "address": "",
        "postal_code": "",
        "latitude": None,
        "longitude": None,
        "channel": "",
    }


def _remote(location) -> dict:
    """A virtual location is a remote channel: by phone when it has phones and no URL."""
    channel = parsing.profile_value(location, "remote_channel")
    if channel not in RemoteChannel.values:
        channel = (
            RemoteChannel.PHONE
            if location.get("phones") and not location.get("url")
            else RemoteChannel.ONLINE
        )
    return {"kind": LocationKind.REMOTE, "channel": channel}


def _placed(location, what, problems, skipped) -> dict | None:
    """The municipality, street and kind of a physical location; None (reported) when it is
    outside the Czech Republic or its place is not found."""
    municipality, street, reason = places.place_of(location)
    if municipality is None:
        if reason is None:
            countries = {
                str(a.get("country"))
                for a in parsing.items(location.get("addresses"))
                if isinstance(a, dict)
            }
            skipped.append(
                _("%(field)s: outside the Czech Republic (country %(countries)s)")
                % {"field": what, "countries": ", ".join(sorted(countries))}
            )
        else:
            problems.append(f"{what}: {reason}")
        return None
    kind = parsing.profile_value(location, "location_kind")
    if kind not in (LocationKind.PREMISES, LocationKind.OUTREACH):
        kind = LocationKind.PREMISES if street else LocationKind.OUTREACH
    return {"kind": kind, "municipality": municipality, "address": street[:200]}


def _postal_code(location, what, warnings) -> str:
    """The first address's postal code when it is Czech, else "" (with a warning)."""
    addresses = [a for a in parsing.items(location.get("addresses")) if isinstance(a, dict)]
    postal_code = (
        normalise_postal_code(str(addresses[0].get("postal_code") or "")) if addresses else ""
    )
    if postal_code and not (len(postal_code) == 5 and postal_code.isdigit()):
        warnings.append(
            _("%(field)s: postal code %(value)s is not Czech, left out")
            % {"field": what, "value": repr(postal_code)}
        )
        return ""
    return postal_code


def _coordinates(location, what, warnings) -> dict:
    """The position when it lies in Czechia, else none (with a warning if one was given)."""
    latitude, longitude = location.get("latitude"), location.get("longitude")
    if latitude is None and longitude is None:
        return {}
    numbers = isinstance(latitude, int | float) and isinstance(longitude, int | float)
    if numbers and 48.5 <= latitude <= 51.1 and 12.0 <= longitude <= 18.9:
        return {"latitude": float(latitude), "longitude": float(longitude)}
    warnings.append(
        _("%(field)s: coordinates %(latitude)s, %(longitude)s are not in Czechia, left out")
        % {"field": what, "latitude": latitude, "longitude": longitude}
    )
    return {}


def areas(record, problems, warnings, skipped) -> list[AreaPlan] | None:
    """What the record's service_areas become; None when it has none (keep ours)."""
    items = parsing.array(record, "service_areas")
    if items is None:
        return None
    plans = []
    for index, item in enumerate(items):
        name = parsing.name(item)
        what = f"service_areas[{index}] {name if len(name) <= 60 else name[:59] + '…'!r}"
        if not isinstance(item, dict):
            problems.append(_("service_areas[%(index)d] is not an object") % {"index": index})
            continue
        extent = item.get("extent") if isinstance(item.get("extent"), str) else ""
        extent_type = str(item.get("extent_type") or "").strip().lower()
        if places.is_extent(extent):
            found, reason = places.area_by_extent(extent)
        else:
            found, reason = places.area_by_name(item.get("name"))
        if found is None:
            if extent_type in _GEOMETRY_TYPES or (extent and extent_type not in ("", "text")):
                if extent_type:
                    message = _("%(field)s: a %(type)s extent we cannot read, and %(reason)s")
                else:
                    message = _("%(field)s: a geometry extent we cannot read, and %(reason)s")
                skipped.append(message % {"field": what, "type": extent_type, "reason": reason})
            else:
                problems.append(f"{what}: {reason}")
            continue
        level, place = found
        note = parsing.text(item.get("description"), 200, f"{what}: description", warnings)
        plans.append(AreaPlan(level.field, place, note))
    return plans


# A unit's name read back (case and diacritics ignored), Czech or English, one or many.
_UNIT_WORDS = {
    **dict.fromkeys(("misto", "mista", "mist", "place", "places"), CapacityUnit.PLACES),
    **dict.fromkeys(("luzko", "luzka", "luzek", "bed", "beds"), CapacityUnit.BEDS),
    **dict.fromkeys(("klient", "klienti", "klientu", "client", "clients"), CapacityUnit.CLIENTS),
}
# Our column's limit (PositiveSmallIntegerField).
_MOST = 32767


def _unit(data, what: str, warnings: list) -> str:
    unit = data if isinstance(data, dict) else {}
    identifier = unit.get("identifier")
    if unit.get("scheme") == serializers.UNIT_SCHEME and identifier in CapacityUnit.values:
        return identifier
    name = unit.get("name")
    found = _UNIT_WORDS.get(fold(name).strip()) if isinstance(name, str) else None
    if found is None:
        warnings.append(
            _("%(field)s: unit %(name)s is not one of ours, read as places")
            % {"field": what, "name": repr(name)}
        )
        return CapacityUnit.PLACES
    return found


def capacities(record, problems, warnings) -> list[CapacityPlan] | None:
    """What the record's ``capacities`` (HSDS 3.1 service_capacity) become; None when it has
    none (keep ours)."""
    items = parsing.array(record, "capacities")
    if items is None:
        return None
    plans = []
    for index, item in enumerate(items):
        what = f"capacities[{index}]"
        if not isinstance(item, dict):
            problems.append(_("%(field)s is not an object") % {"field": what})
            continue
        before = len(problems)
        unit = _unit(item.get("unit"), what, warnings)
        available = parsing.whole_number(
            item.get("available"), f"{what}.available", problems, maximum=_MOST
        )
        if available is None and len(problems) == before:
            problems.append(_("%(field)s: available is missing") % {"field": what})
        maximum = parsing.whole_number(
            item.get("maximum"), f"{what}.maximum", problems, minimum=1, maximum=_MOST
        )
        updated = parsing.moment(item.get("updated"), f"{what}.updated", problems)
        if len(problems) > before:
            continue
        if maximum is None:
            # HSDS leaves the maximum optional; ours is the number the free ones are out of.
            maximum = max(available, 1)
            warnings.append(
                _("%(field)s: no maximum, read as %(maximum)d (the available places)")
                % {"field": what, "maximum": maximum}
            )
        if available > maximum:
            problems.append(
                _("%(field)s: %(available)d available of a maximum of %(maximum)d")
                % {"field": what, "available": available, "maximum": maximum}
            )
            continue
        note = parsing.text(item.get("description"), 200, f"{what}.description", warnings)
        plans.append(CapacityPlan(unit, maximum, available, note, updated))
    return plans
