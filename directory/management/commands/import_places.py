"""Load regions, ORPs and municipalities from the official ČSÚ code lists, and optionally
their coordinates and the city districts and parts of municipalities.

For refreshing from newer official files; ``load_places`` loads the copy the project ships.

Keyed by ČSÚ codes, so it can be re-run on a fresh download: it creates what is new and
updates names that changed. It never deletes: services and organizations point at places
with PROTECT, and a municipality that merged away should be handled by hand.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.places import (
    MUNICIPALITIES_FILE,
    MUNICIPALITY_DISTRICT_FILE,
    MUNICIPALITY_ORP_FILE,
    REGION_DISTRICT_FILE,
    REGIONS_FILE,
    PlacesError,
    read_coordinates,
    read_parts,
    read_places,
)
from directory.services import sync_places


class Command(BaseCommand):
    help = (
        "Import regions (kraje), ORPs and municipalities (obce) from a folder of ČSÚ code "
        "lists, optionally with coordinates, postal codes, city districts and parts of "
        "municipalities. Safe to run again."
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
        parser.add_argument(
            "--parts",
            type=Path,
            metavar="CSV",
            help=(
                "UTF-8 CSV of parts of municipalities with their postal codes and city "
                "districts (the columns of psc-casti-obci.csv: kodcobce, nazcobce, psc, kodobce, "
                "kodmomc, nazmomc); loads the districts and parts a town search finds."
            ),
        )

    def handle(self, *args, directory, coordinates, parts, verbosity, **options):
        # Everything is read and checked before the first write, so bad input leaves the
        # database as it was.
        try:
            places = read_places(directory)
            positions = read_coordinates(coordinates) if coordinates else None
            town_parts = read_parts(parts, places.municipalities) if parts else None
        except PlacesError as error:
            raise CommandError(str(error)) from None

        counts = sync_places(places=places, coordinates=positions, parts=town_parts)

        if verbosity < 1:
            return
        for label, count in counts.items():
            self.stdout.write(count.line(label))
        if positions is not None:
            matched = sum(1 for code in places.municipalities if code in positions)
            ignored = sum(1 for code in positions if code not in places.municipalities)
            missing = len(places.municipalities) - matched
            self.stdout.write(
                f"Coordinates: {matched} matched, {ignored} not in the code list (ignored), "
                f"{missing} municipalities without coordinates."
            )
        self.stdout.write(self.style.SUCCESS("Places imported."))
