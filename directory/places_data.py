"""The places the project ships: every region, ORP and municipality, with the city districts
and parts of municipalities, in one derived file (``directory/data/places.json.gz``).

``manage.py build_places`` writes it from the official files (read by ``directory.places``);
``manage.py load_places`` and ``load_demo`` read it. It is never edited by hand. The output
is deterministic – rows sorted by code, JSON without spaces, gzip without a time stamp or a
file name – so that a test rebuilds it from the sources and compares the bytes.

The document is one JSON object: a header (format, attribution, the input files and their
SHA-256) and a table per level, each a list of rows in the order of ``COLUMNS``, one row a line.
"""

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from directory.places import (
    MUNICIPALITIES_FILE,
    MUNICIPALITY_DISTRICT_FILE,
    MUNICIPALITY_ORP_FILE,
    REGION_DISTRICT_FILE,
    REGIONS_FILE,
    CityDistrictRecord,
    Coordinates,
    MunicipalityRecord,
    OrpRecord,
    PartRecord,
    Parts,
    Places,
    PlacesError,
    RegionRecord,
    read_coordinates,
    read_parts,
    read_places,
)

PLACES_DATA = Path(__file__).resolve().parent / "data" / "places.json.gz"
FORMAT = 1
ATTRIBUTION = "Zdroj: Český statistický úřad"
TERMS_URL = "https://csu.gov.cz/conditions_for_use_and_further_dissemination"
CODE_LIST_FILES = (
    MUNICIPALITIES_FILE,
    REGIONS_FILE,
    MUNICIPALITY_ORP_FILE,
    MUNICIPALITY_DISTRICT_FILE,
    REGION_DISTRICT_FILE,
)
# The layout of shared/data/czech-places (its SOURCE.md), the defaults of build_places.
CODE_LISTS_FOLDER = "csu-ciselniky-2020"
COORDINATES_FILE = "souradnice-obci.csv"
PARTS_FILE = "psc-casti-obci.csv"

COLUMNS = {
    "regions": ["code", "nuts_code", "name"],
    "orps": ["code", "name", "region_code"],
    "municipalities": [
        "code",
        "name",
        "orp_code",
        "region_code",
        "postal_code",
        "latitude",
        "longitude",
    ],
    "districts": ["code", "name", "municipality_code", "postal_codes"],
    "parts": ["code", "name", "municipality_code", "postal_codes", "district_codes"],
}
# A longer list would not fit PlacePart.postal_codes; the largest district has 13 codes.
MAX_POSTAL_CODES = 30


@dataclass(frozen=True)
class PlacesData:
    places: Places
    coordinates: dict[str, Coordinates]
    parts: Parts


def read_sources(code_lists: Path, coordinates: Path, parts: Path) -> PlacesData:
    """Everything the file holds, from the official files; PlacesError names a bad one."""
    places = read_places(code_lists)
    return PlacesData(
        places=places,
        coordinates=read_coordinates(coordinates),
        parts=read_parts(parts, places.municipalities),
    )


def build(data: PlacesData, inputs: list[Path]) -> bytes:
    """The gzipped file for ``data``; ``inputs`` (the files read) are named in its header."""
    places, parts = data.places, data.parts
    tables = {
        "regions": [[r.code, r.nuts_code, r.name] for r in _by_code(places.regions)],
        "orps": [[o.code, o.name, o.region_code] for o in _by_code(places.orps)],
        "municipalities": [
            [m.code, m.name, m.orp_code, m.region_code, *_position(data.coordinates.get(m.code))]
            for m in _by_code(places.municipalities)
        ],
        "districts": [
            [d.code, d.name, d.municipality_code, _postal_codes(d)]
            for d in _by_code(parts.districts)
        ],
        "parts": [
            [p.code, p.name, p.municipality_code, _postal_codes(p), list(p.district_codes)]
            for p in _by_code(parts.parts)
        ],
    }
    header = {
        "format": FORMAT,
        "attribution": ATTRIBUTION,
        "terms": TERMS_URL,
        "note": (
            "Derived by `manage.py build_places` from the ČSÚ code lists (obce, kraje, ORP, "
            "okresy), the coordinates and main postal code of each obec (souradnice-obci.csv) "
            "and the postal codes of části obcí (psc-casti-obci.csv). Do not edit by hand."
        ),
        "inputs": [
            {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
            for path in inputs
        ],
        "columns": COLUMNS,
    }
    lines = ["{"]
    lines.extend(f"{_json(key)}:{_json(value)}," for key, value in header.items())
    for number, (name, rows) in enumerate(tables.items()):
        lines.append(f"{_json(name)}:[")
        lines.append(",\n".join(_json(row) for row in rows))
        lines.append("]" + ("," if number < len(tables) - 1 else ""))
    lines.append("}")
    text = "\n".join(lines) + "\n"
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def read(path: Path = PLACES_DATA) -> PlacesData:
    """The places of a file written by ``build``; PlacesError when it is not one."""
    try:
        document = json.loads(gzip.decompress(Path(path).read_bytes()))
    except FileNotFoundError:
        raise PlacesError(f"{path}: file not found.") from None
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as error:
        raise PlacesError(f"{path}: not a gzipped JSON places file ({error}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise PlacesError(f"{path}: not a places file of format {FORMAT}.")
    if document.get("columns") != COLUMNS:
        raise PlacesError(f"{path}: unexpected columns; rebuild it with build_places.")
    try:
        return _records(
            {
                name: [dict(zip(columns, row, strict=True)) for row in document[name]]
                for name, columns in COLUMNS.items()
            }
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PlacesError(f"{path}: malformed table ({error!r}).") from None


def _records(rows: dict[str, list[dict]]) -> PlacesData:
    places = Places(
        regions={row["code"]: RegionRecord(**row) for row in rows["regions"]},
        orps={row["code"]: OrpRecord(**row) for row in rows["orps"]},
        municipalities={
            row["code"]: MunicipalityRecord(
                code=row["code"],
                name=row["name"],
                orp_code=row["orp_code"],
                region_code=row["region_code"],
            )
            for row in rows["municipalities"]
        },
    )
    coordinates = {
        row["code"]: Coordinates(row["latitude"], row["longitude"], row["postal_code"])
        for row in rows["municipalities"]
    }
    parts = Parts(
        districts={
            row["code"]: CityDistrictRecord(**{**row, "postal_codes": tuple(row["postal_codes"])})
            for row in rows["districts"]
        },
        parts={
            row["code"]: PartRecord(
                **{
                    **row,
                    "postal_codes": tuple(row["postal_codes"]),
                    "district_codes": tuple(row["district_codes"]),
                }
            )
            for row in rows["parts"]
        },
    )
    return PlacesData(places=places, coordinates=coordinates, parts=parts)


def _by_code(records: dict) -> list:
    return [records[code] for code in sorted(records)]


def _position(coordinates: Coordinates | None) -> list:
    if coordinates is None:
        return ["", None, None]
    return [coordinates.postal_code, coordinates.latitude, coordinates.longitude]


def _postal_codes(record: CityDistrictRecord | PartRecord) -> list[str]:
    if len(record.postal_codes) > MAX_POSTAL_CODES:
        raise PlacesError(
            f"{record.name} ({record.code}) has {len(record.postal_codes)} postal codes, "
            f"more than the {MAX_POSTAL_CODES} a place part can hold."
        )
    return list(record.postal_codes)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
