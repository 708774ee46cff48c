"""Load regions, ORPs and municipalities from the official ČSÚ code lists.

Keyed by ČSÚ codes, so it can be re-run on a fresh download: it creates what is new and
updates names that changed. It never deletes: services and organizations point at places
with PROTECT, and a municipality that merged away should be handled by hand.
"""

from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from directory.cache import bump_content_version
from directory.db import analyze
from directory.models import Municipality, Orp, Region
from directory.places import (
    MUNICIPALITIES_FILE,
    MUNICIPALITY_DISTRICT_FILE,
    MUNICIPALITY_ORP_FILE,
    REGION_DISTRICT_FILE,
    REGIONS_FILE,
    Coordinates,
    Places,
    PlacesError,
    read_coordinates,
    read_places,
)
from directory.text import fold


@dataclass(frozen=True)
class Counts:
    created: int
    updated: int
    unchanged: int
    stale: int  # in the database but no longer in the code list


class Command(BaseCommand):
    help = (
        "Import regions (kraje), ORPs and municipalities (obce) from a folder of ČSÚ code "
        "lists, optionally with coordinates and postal codes. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            type=Path,
            help=(
                f"Folder holding {MUNICIPALITIES_FILE}, {REGIONS_FILE}, {MUNICIPALITY_ORP_FILE}, "
                f"{MUNICIPALITY_DISTRICT_FILE} and {REGION_DISTRICT_FILE} "
                "(windows-1250, semicolon-separated, as ČSÚ exports them)."
            ),
        )
        parser.add_argument(
            "--coordinates",
            type=Path,
            metavar="CSV",
            help=(
                "UTF-8 CSV with the columns 'Kód obce', 'PSČ', 'Latitude' and 'Longitude'; "
                "fills each municipality's position and postal code."
            ),
        )

    def handle(self, *args, directory, coordinates, verbosity, **options):
        # Everything is read and checked before the first write, so bad input leaves the
        # database as it was.
        try:
            places = read_places(directory)
            positions = read_coordinates(coordinates) if coordinates else None
        except PlacesError as error:
            raise CommandError(str(error)) from None

        with transaction.atomic():
            regions = _sync_regions(places)
            orps = _sync_orps(places)
            municipalities = _sync_municipalities(places, positions)
        analyze(Region, Orp, Municipality)
        # Bulk writes send no signals: retire cached pages and tables that name places.
        bump_content_version()

        if verbosity < 1:
            return
        for label, counts in (
            ("Regions", regions),
            ("ORPs", orps),
            ("Municipalities", municipalities),
        ):
            line = (
                f"{label}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged."
            )
            if counts.stale:
                line += f" {counts.stale} no longer in the code list were kept."
            self.stdout.write(line)
        if positions is not None:
            matched = sum(1 for code in places.municipalities if code in positions)
            ignored = sum(1 for code in positions if code not in places.municipalities)
            missing = len(places.municipalities) - matched
            self.stdout.write(
                f"Coordinates: {matched} matched, {ignored} not in the code list (ignored), "
                f"{missing} municipalities without coordinates."
            )
        self.stdout.write(self.style.SUCCESS("Places imported."))


def _sync_regions(places: Places) -> Counts:
    wanted = {
        code: {"name": record.name, "nuts_code": record.nuts_code}
        for code, record in places.regions.items()
    }
    return _sync(Region, "csu_code", wanted, new_slug=_name_slug)


def _sync_orps(places: Places) -> Counts:
    region_ids = dict(Region.objects.values_list("csu_code", "id"))
    wanted = {
        code: {
            "name": record.name,
            # bulk_create and bulk_update skip Orp.save(), which would set this.
            "search_name": fold(record.name),
            "region_id": region_ids[record.region_code],
        }
        for code, record in places.orps.items()
    }
    return _sync(Orp, "csu_code", wanted, new_slug=_name_slug)


def _sync_municipalities(places: Places, positions: dict[str, Coordinates] | None) -> Counts:
    region_ids = dict(Region.objects.values_list("csu_code", "id"))
    orp_ids = dict(Orp.objects.values_list("csu_code", "id"))
    wanted = {}
    for code, record in places.municipalities.items():
        # The same values Municipality.save() would derive, as bulk operations skip it.
        values = {
            "name": record.name,
            "search_name": fold(record.name),
            "orp_id": orp_ids[record.orp_code],
            "region_id": region_ids[record.region_code],
        }
        # Without a coordinates file (or a row in it) existing positions are kept, so an
        # import of fresh code lists alone does not wipe them.
        position = positions.get(code) if positions is not None else None
        if position is not None:
            values["latitude"] = position.latitude
            values["longitude"] = position.longitude
            values["postal_code"] = position.postal_code
        wanted[code] = values
    return _sync(
        Municipality,
        "code",
        wanted,
        new_slug=lambda code, name, taken: f"{slugify(name)}-{code}",
    )


def _name_slug(code: str, name: str, taken: set[str]) -> str:
    slug = slugify(name)
    return f"{slug}-{code}" if slug in taken else slug


def _sync(model, key: str, wanted: dict[str, dict], *, new_slug) -> Counts:
    """Create the rows of ``wanted`` (code → field values) missing from ``model`` and update
    those whose values differ: three queries plus one per batch written.

    Slugs of existing rows are never changed, even when the name changes, so that links
    to a place keep working.
    """
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    taken = {obj.slug for obj in existing.values()}
    to_create, to_update, changed_fields = [], [], set()
    # Sorted so that, when two new names share a slug, the lower code gets the plain one
    # on every database.
    for code, values in sorted(wanted.items()):
        obj = existing.get(code)
        if obj is None:
            obj = model(**{key: code}, **values)
            obj.slug = new_slug(code, values["name"], taken)
            taken.add(obj.slug)
            to_create.append(obj)
            continue
        changed = [field for field, value in values.items() if getattr(obj, field) != value]
        if changed:
            for field in changed:
                setattr(obj, field, values[field])
            changed_fields.update(changed)
            to_update.append(obj)
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields))
    return Counts(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(wanted) - len(to_create) - len(to_update),
        stale=len(existing.keys() - wanted.keys()),
    )
