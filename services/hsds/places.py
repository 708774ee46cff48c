"""Resolving HSDS places to ours: municipalities (obec), ORPs and regions (kraj).

Every function returns ``(place, None)`` or ``(None, reason)``; the reason is a sentence for the
import report. A few queries per call; imports are not hot paths.
"""

import re

from directory.models import Municipality, Orp, Region
from directory.text import fold
from directory.validators import normalise_postal_code

_CZECH = {"cz", "cze", "czech republic", "czechia", "cesko", "ceska republika"}
_EXTENT = re.compile(r"^\s*(obec|orp|kraj)\s*:\s*(\S+)\s*$", re.IGNORECASE)
_CITY_DISTRICT = re.compile(r"^(.*?)(?:\s+\d+|\s+-\s+.*|\s*,.*)$")  # "Praha 4", "Ostrava - Jih"


def _describe(municipalities) -> str:
    return "; ".join(
        f"{m.name} (kód {m.code}, ORP {m.orp.name}, {m.region.name}"
        + (f", PSČ {m.postal_code})" if m.postal_code else ")")
        for m in municipalities
    )


def municipality_by_code(code) -> tuple[Municipality | None, str | None]:
    code = str(code or "").strip()
    if not re.fullmatch(r"\d{6}", code):
        return None, f"cz_obec identifier {code!r} is not a 6-digit ČSÚ municipality code"
    found = Municipality.objects.with_orp().filter(code=code).first()
    if found is None:
        return None, f"no municipality has the ČSÚ code {code}"
    return found, None


def municipality_by_name(city, postal_code="") -> tuple[Municipality | None, str | None]:
    """By name ignoring case and diacritics; the postal code tells apart names that repeat."""
    if not isinstance(city, str) or not city.strip():
        return None, "the address has no city"
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
        return None, (
            f"municipality {city!r} is ambiguous"
            + (f" (postal code {postal_code} does not decide)" if postal_code else "")
            + f": {_describe(candidates[:10])}; give external_identifier_type cz_obec with the "
            "code, or the postal code"
        )
    return None, f"no Czech municipality is called {city!r}"


def is_extent(extent) -> bool:
    return isinstance(extent, str) and bool(_EXTENT.match(extent))


def area_by_extent(extent: str):
    """``obec:<code>``, ``orp:<code>`` or ``kraj:<NUTS 3>`` → (kind, place) or (None, reason)."""
    match = _EXTENT.match(extent or "")
    if not match:
        return None, (
            f"extent {extent!r} is not obec:<ČSÚ code>, orp:<ČSÚ code> or kraj:<NUTS 3 code>"
        )
    level, code = match.group(1).lower(), match.group(2)
    if level == "obec":
        municipality, reason = municipality_by_code(code)
        return ((level, municipality), None) if municipality else (None, reason)
    if level == "orp":
        orp = Orp.objects.filter(csu_code=code).first()
        return ((level, orp), None) if orp else (None, f"no ORP has the ČSÚ code {code}")
    region = Region.objects.filter(nuts_code__iexact=code).first() or (
        Region.objects.filter(csu_code=code).first()
    )
    return ((level, region), None) if region else (None, f"no region has the code {code}")


def area_by_name(name: str):
    """A service area's name: "Humpolec", "ORP Humpolec", "Kraj Vysočina", "Vysočina"."""
    if not isinstance(name, str) or not name.strip():
        return None, "the service area has neither a Czech extent nor a name"
    folded = fold(name)
    if folded.startswith("orp "):
        orp = Orp.objects.filter(search_name=folded.removeprefix("orp ").strip()).first()
        return (("orp", orp), None) if orp else (None, f"no ORP is called {name!r}")
    for region in Region.objects.all():
        if folded in {fold(region.name), fold(region.name.removeprefix("Kraj "))}:
            return ("kraj", region), None
    municipality, reason = municipality_by_name(name)
    if municipality is not None:
        return ("obec", municipality), None
    orp = Orp.objects.filter(search_name=folded).first()
    if orp is not None:
        return ("orp", orp), None
    return None, reason


def place_of(location: dict):
    """(municipality, street, None) | (None, "", reason) | (None, "", None) if abroad."""
    if not isinstance(location, dict):
        return None, "", "not an object"
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
