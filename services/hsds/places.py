"""Resolving HSDS places to ours: municipalities (obec), ORPs and regions (kraj).

Every function returns ``(place, None)`` or ``(None, reason)``; the reason is a sentence for the
import report. A few queries per call; imports are not hot paths.
"""

import re

from django.utils.translation import gettext as _

from directory.models import Municipality, Orp, Region
from directory.text import fold
from directory.validators import normalise_postal_code
from services.models import AreaLevel

_CZECH = {"cz", "cze", "czech republic", "czechia", "cesko", "ceska republika"}
_EXTENT = re.compile(r"^\s*(obec|orp|kraj)\s*:\s*(\S+)\s*$", re.IGNORECASE)
_CITY_DISTRICT = re.compile(r"^(.*?)(?:\s+\d+|\s+-\s+.*|\s*,.*)$")  # "Praha 4", "Ostrava - Jih"


def _describe(municipality) -> str:
    values = {
        "name": municipality.name,
        "code": municipality.code,
        "orp": municipality.orp.name,
        "region": municipality.region.name,
        "postal_code": municipality.postal_code,
    }
    if municipality.postal_code:
        return (
            _("%(name)s (code %(code)s, ORP %(orp)s, %(region)s, postal code %(postal_code)s)")
            % values
        )
    return _("%(name)s (code %(code)s, ORP %(orp)s, %(region)s)") % values


def municipality_by_code(code) -> tuple[Municipality | None, str | None]:
    code = str(code or "").strip()
    if not re.fullmatch(r"\d{6}", code):
        return None, _("cz_obec identifier %(code)s is not a 6-digit ČSÚ municipality code") % {
            "code": repr(code)
        }
    found = Municipality.objects.with_orp().filter(code=code).first()
    if found is None:
        return None, _("no municipality has the ČSÚ code %(code)s") % {"code": code}
    return found, None


def municipality_by_name(city, postal_code="") -> tuple[Municipality | None, str | None]:
    """By name ignoring case and diacritics; the postal code tells apart names that repeat."""
    if not isinstance(city, str) or not city.strip():
        return None, _("the address has no city")
    names = [city]
    shorter = _CITY_DISTRICT.match(city.strip())
    if shorter and shorter.group(1).strip():
        names.append(shorter.group(1))
    for name in names:
        candidates = list(Municipality.objects.with_orp().named(name)[:50])
        if not candidates:
            continue
        if len(candidates) == 1:
            return candidates[0], None
        postal_code = normalise_postal_code(postal_code if isinstance(postal_code, str) else "")
        matching = [m for m in candidates if postal_code and m.postal_code == postal_code]
        if len(matching) == 1:
            return matching[0], None
        values = {
            "city": repr(city),
            "postal_code": postal_code,
            "candidates": "; ".join(_describe(m) for m in candidates[:10]),
        }
        if postal_code:
            return None, _(
                "municipality %(city)s is ambiguous (postal code %(postal_code)s does not "
                "decide): %(candidates)s; give external_identifier_type cz_obec with the code"
            ) % values
        return None, _(
            "municipality %(city)s is ambiguous: %(candidates)s; give external_identifier_type "
            "cz_obec with the code, or the postal code"
        ) % values
    return None, _("no Czech municipality is called %(city)s") % {"city": repr(city)}


def is_extent(extent) -> bool:
    return isinstance(extent, str) and bool(_EXTENT.match(extent))


def area_by_extent(extent: str):
    """``obec:<code>``, ``orp:<code>`` or ``kraj:<NUTS 3>`` → (level, place) or (None, reason)."""
    match = _EXTENT.match(extent or "")
    if not match:
        return None, _(
            "extent %(extent)s is not obec:<ČSÚ code>, orp:<ČSÚ code> or kraj:<NUTS 3 code>"
        ) % {"extent": repr(extent)}
    level, code = AreaLevel(match.group(1).lower()), match.group(2)
    if level == AreaLevel.MUNICIPALITY:
        municipality, reason = municipality_by_code(code)
        return ((level, municipality), None) if municipality else (None, reason)
    if level == AreaLevel.ORP:
        orp = Orp.objects.filter(csu_code=code).first()
        if orp is None:
            return None, _("no ORP has the ČSÚ code %(code)s") % {"code": code}
        return (level, orp), None
    region = Region.objects.filter(nuts_code__iexact=code).first() or (
        Region.objects.filter(csu_code=code).first()
    )
    if region is None:
        return None, _("no region has the code %(code)s") % {"code": code}
    return (level, region), None


def area_by_name(name: str):
    """A service area's name: "Humpolec", "ORP Humpolec", "Kraj Vysočina", "Vysočina"."""
    if not isinstance(name, str) or not name.strip():
        return None, _("the service area has neither a Czech extent nor a name")
    folded = fold(name)
    if folded.startswith("orp "):
        orp = Orp.objects.filter(search_name=folded.removeprefix("orp ").strip()).first()
        if orp is None:
            return None, _("no ORP is called %(name)s") % {"name": repr(name)}
        return (AreaLevel.ORP, orp), None
    for region in Region.objects.all():
        if folded in {fold(region.name), fold(region.name.removeprefix("Kraj "))}:
            return (AreaLevel.REGION, region), None
    municipality, reason = municipality_by_name(name)
    if municipality is not None:
        return (AreaLevel.MUNICIPALITY, municipality), None
    orp = Orp.objects.filter(search_name=folded).first()
    if orp is not None:
        return (AreaLevel.ORP, orp), None
    return None, reason


def place_of(location: dict):
    """(municipality, street, None) | (None, "", reason) | (None, "", None) if abroad."""
    if not isinstance(location, dict):
        return None, "", _("not an object")
    addresses = location.get("addresses")
    addresses = [a for a in addresses if isinstance(a, dict)] if isinstance(addresses, list) else []
    address = next(
        (a for a in addresses if a.get("address_type") == "physical"),
        addresses[0] if addresses else {},
    )
    street = ", ".join(
        str(address[key]).strip()
        for key in ("address_1", "address_2")
        if isinstance(address.get(key), str) and address[key].strip()
    )
    if str(location.get("external_identifier_type") or "").strip().lower() == "cz_obec":
        municipality, reason = municipality_by_code(location.get("external_identifier"))
        return municipality, street, reason
    country = fold(str(address.get("country") or ""))
    if country and country not in _CZECH:
        return None, "", None
    municipality, reason = municipality_by_name(
        address.get("city"), address.get("postal_code") or ""
    )
    return municipality, street, reason
