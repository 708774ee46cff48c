"""What a record's locations, schedules and service areas become, before anything is written:
checked and placed (``problems`` reject the record; ``warnings`` and ``skipped`` are reported)."""

import dataclasses
import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.text import fold
from directory.validators import normalise_postal_code
from services.hsds import ids, parsing, places, serializers
from services.models import CapacityUnit, LocationKind, RemoteChannel

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
