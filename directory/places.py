"""Reading the ČSÚ code lists (číselníky) and link files (vazby) that places come from, and
the coordinates and postal codes of municipalities and of their parts.

Plain Python on purpose, with no models: the import command writes the result to the
database, and other code (a synthetic-data generator, checks of a fresh ČSÚ download) can use
the same parsing without one.
"""

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

from directory.validators import normalise_postal_code, validate_latitude, validate_longitude

# ČSÚ code-list numbers (KODCIS). The link files name both sides with these, so they, not
# the column order, tell which side of a link is which.
MUNICIPALITY_LIST = 43  # CISOB, obce
ORP_LIST = 65  # CISORP, obce s rozšířenou působností
REGION_LIST = 100  # KRAJ_NUTS, kraje
DISTRICT_LIST = 101  # OKRES_NUTS, okresy

MUNICIPALITIES_FILE = "CIS0043_CS.csv"
REGIONS_FILE = "CIS0100_CS.csv"
MUNICIPALITY_ORP_FILE = "VAZ0043_0065_CS.csv"
MUNICIPALITY_DISTRICT_FILE = "VAZ0043_0101_CS.csv"
REGION_DISTRICT_FILE = "VAZ0100_0101_CS.csv"

# The NUTS "Extra-Regio" pseudo-region (code 3000) holds nothing on Czech soil.
EXTRA_REGIO_NUTS = "CZZZZ"

CSU_ENCODING = "cp1250"
CSU_DELIMITER = ";"


class PlacesError(Exception):
    """An input file is missing, malformed or inconsistent; the message names the file."""


@dataclass(frozen=True)
class Link:
    """The superior unit a link file assigns to a subordinate one."""

    code: str
    name: str


@dataclass(frozen=True)
class RegionRecord:
    code: str
    nuts_code: str
    name: str


@dataclass(frozen=True)
class OrpRecord:
    code: str
    name: str
    region_code: str


@dataclass(frozen=True)
class MunicipalityRecord:
    code: str
    name: str
    orp_code: str
    region_code: str


@dataclass(frozen=True)
class Places:
    """Regions, ORPs and municipalities keyed by their ČSÚ codes."""

    regions: dict[str, RegionRecord]
    orps: dict[str, OrpRecord]
    municipalities: dict[str, MunicipalityRecord]


@dataclass(frozen=True)
class Coordinates:
    latitude: float | None
    longitude: float | None
    postal_code: str


def read_csv(
    path: Path,
    columns: Iterable[str],
    *,
    encoding: str = CSU_ENCODING,
    delimiter: str = CSU_DELIMITER,
) -> list[dict[str, str]]:
    """Rows of ``path`` as dicts holding ``columns``, keyed by the caller's spelling.

    Headers match ignoring case and surrounding spaces, because ČSÚ's open-data exports
    write the same columns in lower case. Values are stripped.
    """
    path = Path(path)
    columns = list(columns)
    try:
        with path.open(encoding=encoding, newline="") as file:
            reader = csv.reader(file, delimiter=delimiter, quotechar='"')
            header = next(reader, None)
            if header is None:
                raise PlacesError(f"{path}: the file is empty, expected a header row.")
            positions = {name.strip().casefold(): index for index, name in enumerate(header)}
            missing = [column for column in columns if column.casefold() not in positions]
            if missing:
                raise PlacesError(
                    f"{path}: missing column(s) {', '.join(missing)}; "
                    f"the header has {', '.join(header)}."
                )
            picked = [(column, positions[column.casefold()]) for column in columns]
            rows = []
            for row in reader:
                if not any(value.strip() for value in row):
                    continue
                if len(row) < len(header):
                    raise PlacesError(
                        f"{path}, line {reader.line_num}: {len(row)} fields, "
                        f"the header has {len(header)}."
                    )
                rows.append({column: row[index].strip() for column, index in picked})
            return rows
    except FileNotFoundError:
        raise PlacesError(f"{path}: file not found.") from None
    except UnicodeDecodeError as error:
        raise PlacesError(f"{path}: not readable as {encoding} ({error.reason}).") from None
    except csv.Error as error:
        raise PlacesError(f"{path}: not a valid CSV file ({error}).") from None


def read_links(path: Path, *, child: int, parent: int) -> dict[str, Link]:
    """Map each ``child`` code of a ČSÚ link file to its ``parent`` unit.

    ``child`` and ``parent`` are code-list numbers (KODCIS). Each row says which list each
    side belongs to, and the side is chosen per row from that: the 2020 files put the
    subordinate unit on side 1, newer open-data exports put the superior one there.
    """
    sides = ("1", "2")
    columns = [f"{name}{side}" for side in sides for name in ("KODCIS", "CHODNOTA", "TEXT")]
    links: dict[str, Link] = {}
    for number, row in enumerate(read_csv(path, columns), start=1):
        lists = (_list_number(row["KODCIS1"]), _list_number(row["KODCIS2"]))
        if lists == (child, parent):
            child_side, parent_side = sides
        elif lists == (parent, child):
            parent_side, child_side = sides
        else:
            raise PlacesError(
                f"{path}, data row {number}: links code lists (KODCIS) "
                f"{row['KODCIS1']!r} and {row['KODCIS2']!r}, expected {child} and {parent}. "
                "Is this the right file?"
            )
        code = row[f"CHODNOTA{child_side}"]
        link = Link(code=row[f"CHODNOTA{parent_side}"], name=row[f"TEXT{parent_side}"])
        if links.setdefault(code, link).code != link.code:
            raise PlacesError(
                f"{path}: {code} is linked to both {links[code].code} and {link.code}."
            )
    return links


def _list_number(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def read_places(directory: Path) -> Places:
    """Regions, ORPs and municipalities from a folder of ČSÚ code lists.

    An ORP's region is derived from its municipalities (obec → okres → kraj), since ČSÚ
    publishes no ORP → kraj link; an ORP spanning two regions is reported as an error.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise PlacesError(f"{directory}: not a directory.")

    regions = {}
    for row in read_csv(directory / REGIONS_FILE, ["CHODNOTA", "TEXT", "CZNUTS"]):
        if row["CZNUTS"] == EXTRA_REGIO_NUTS:
            continue
        regions[row["CHODNOTA"]] = RegionRecord(
            code=row["CHODNOTA"], nuts_code=row["CZNUTS"], name=row["TEXT"]
        )

    municipality_names = {
        row["CHODNOTA"]: row["TEXT"]
        for row in read_csv(directory / MUNICIPALITIES_FILE, ["CHODNOTA", "TEXT"])
    }
    orp_of = read_links(directory / MUNICIPALITY_ORP_FILE, child=MUNICIPALITY_LIST, parent=ORP_LIST)
    district_of = read_links(
        directory / MUNICIPALITY_DISTRICT_FILE, child=MUNICIPALITY_LIST, parent=DISTRICT_LIST
    )
    region_of_district = {
        district: link.code
        for district, link in read_links(
            directory / REGION_DISTRICT_FILE, child=DISTRICT_LIST, parent=REGION_LIST
        ).items()
        if link.code in regions
    }

    problems = []
    orp_names: dict[str, str] = {}
    orp_regions: dict[str, set[str]] = defaultdict(set)
    region_of_municipality = {}
    for code in municipality_names:
        if code not in orp_of:
            problems.append(f"municipality {code} has no ORP in {MUNICIPALITY_ORP_FILE}")
            continue
        if code not in district_of:
            problems.append(f"municipality {code} has no okres in {MUNICIPALITY_DISTRICT_FILE}")
            continue
        district = district_of[code].code
        region = region_of_district.get(district)
        if region is None:
            problems.append(f"okres {district} has no region in {REGION_DISTRICT_FILE}")
            continue
        orp = orp_of[code]
        orp_names.setdefault(orp.code, orp.name)
        orp_regions[orp.code].add(region)
        region_of_municipality[code] = region
    for orp_code, region_codes in sorted(orp_regions.items()):
        if len(region_codes) > 1:
            problems.append(
                f"ORP {orp_code} {orp_names[orp_code]} lies in regions "
                f"{', '.join(sorted(region_codes))}; an ORP must lie in exactly one"
            )
    if problems:
        # Every problem at once: fixing a ČSÚ download one error per run is tedious.
        shown = "; ".join(sorted(set(problems))[:20])
        more = len(set(problems)) - 20
        raise PlacesError(f"{directory}: {shown}" + (f" (and {more} more)" if more > 0 else ""))

    orps = {
        code: OrpRecord(code=code, name=orp_names[code], region_code=next(iter(region_codes)))
        for code, region_codes in orp_regions.items()
    }
    municipalities = {
        code: MunicipalityRecord(
            code=code,
            name=name,
            orp_code=orp_of[code].code,
            region_code=region_of_municipality[code],
        )
        for code, name in municipality_names.items()
    }
    return Places(regions=regions, orps=orps, municipalities=municipalities)


def read_coordinates(path: Path) -> dict[str, Coordinates]:
    """Latitude, longitude and postal code by municipality code.

    The format is that of ``souradnice-obci.csv`` (UTF-8, comma-separated). Out-of-range
    coordinates are an error rather than skipped, as they usually mean swapped columns.
    """
    columns = ["Kód obce", "PSČ", "Latitude", "Longitude"]
    coordinates = {}
    rows = read_csv(path, columns, encoding="utf-8-sig", delimiter=",")
    for number, row in enumerate(rows, start=1):
        try:
            latitude = float(row["Latitude"]) if row["Latitude"] else None
            longitude = float(row["Longitude"]) if row["Longitude"] else None
            validate_latitude(latitude)
            validate_longitude(longitude)
        except (ValueError, ValidationError):
            raise PlacesError(
                f"{path}, data row {number}: bad coordinates {row['Latitude']!r}, {row['Longitude']!r}."
            ) from None
        postal_code = normalise_postal_code(row["PSČ"])
        if postal_code and not (len(postal_code) == 5 and postal_code.isdigit()):
            raise PlacesError(f"{path}, data row {number}: bad postal code {row['PSČ']!r}.")
        coordinates[row["Kód obce"]] = Coordinates(latitude, longitude, postal_code)
    return coordinates


# The columns of ``psc-casti-obci.csv`` (RÚIAN codes; one row per část obce and PSČ).
PART_COLUMNS = ["kodcobce", "nazcobce", "psc", "kodobce", "kodmomc", "nazmomc"]


@dataclass(frozen=True)
class CityDistrictRecord:
    """A městská část or městský obvod (MOMC) of a statutory city, or of Prague."""

    code: str
    name: str
    municipality_code: str
    postal_codes: tuple[str, ...]


@dataclass(frozen=True)
class PartRecord:
    """A část obce, with the city districts it lies in (a few straddle two)."""

    code: str
    name: str
    municipality_code: str
    postal_codes: tuple[str, ...]
    district_codes: tuple[str, ...]


@dataclass(frozen=True)
class Parts:
    districts: dict[str, CityDistrictRecord]
    parts: dict[str, PartRecord]


def read_parts(path: Path, municipality_codes: Iterable[str]) -> Parts:
    """City districts and parts of municipalities, with their postal codes, by RÚIAN code.

    The format is that of ``psc-casti-obci.csv`` (UTF-8, comma-separated, one row per část
    obce and PSČ). A district's postal codes are those of its rows, not of its parts' whole
    areas, since a part straddling two districts has rows in each. A municipality missing from
    ``municipality_codes``, or a code named or placed differently on two rows, is an error.
    """
    known = set(municipality_codes)
    names: dict[tuple[str, str], str] = {}
    towns: dict[tuple[str, str], str] = {}
    postal_codes: dict[tuple[str, str], set[str]] = defaultdict(set)
    districts_of: dict[str, set[str]] = defaultdict(set)
    problems = []
    rows = read_csv(path, PART_COLUMNS, encoding="utf-8-sig", delimiter=",")
    for number, row in enumerate(rows, start=1):
        municipality = row["kodobce"]
        if municipality not in known:
            problems.append(
                f"data row {number}: municipality {municipality} is not in the code list"
            )
            continue
        postal_code = normalise_postal_code(row["psc"])
        if not (len(postal_code) == 5 and postal_code.isdigit()):
            problems.append(f"data row {number}: bad postal code {row['psc']!r}")
            continue
        units = [("part", row["kodcobce"], row["nazcobce"])]
        if row["kodmomc"]:
            units.append(("district", row["kodmomc"], row["nazmomc"]))
            districts_of[row["kodcobce"]].add(row["kodmomc"])
        for kind, code, name in units:
            key = (kind, code)
            if names.setdefault(key, name) != name:
                problems.append(f"{kind} {code} is called both {names[key]!r} and {name!r}")
            if towns.setdefault(key, municipality) != municipality:
                problems.append(
                    f"{kind} {code} lies in municipalities {towns[key]} and {municipality}"
                )
            postal_codes[key].add(postal_code)
    if problems:
        shown = "; ".join(sorted(set(problems))[:20])
        more = len(set(problems)) - 20
        raise PlacesError(f"{path}: {shown}" + (f" (and {more} more)" if more > 0 else ""))

    def records(kind):
        return sorted((code, name) for (k, code), name in names.items() if k == kind)

    return Parts(
        districts={
            code: CityDistrictRecord(
                code=code,
                name=name,
                municipality_code=towns[("district", code)],
                postal_codes=tuple(sorted(postal_codes[("district", code)])),
            )
            for code, name in records("district")
        },
        parts={
            code: PartRecord(
                code=code,
                name=name,
                municipality_code=towns[("part", code)],
                postal_codes=tuple(sorted(postal_codes[("part", code)])),
                district_codes=tuple(sorted(districts_of[code])),
            )
            for code, name in records("part")
        },
    )
