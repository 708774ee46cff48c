"""Load the places the project ships: every region, ORP and municipality with coordinates and
postal codes, and the city districts and parts of municipalities that a town search finds.

Idempotent and quick (bulk writes): a second run writes nothing. It creates what is missing
and updates what differs from the file, and never deletes (see ``sync_places``).
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory import places_data
from directory.places import PlacesError
from directory.services import sync_places


class Command(BaseCommand):
    help = (
        "Load regions, ORPs, municipalities, city districts and parts of municipalities from "
        "the places file the project ships (built by build_places). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            type=Path,
            nargs="?",
            default=places_data.PLACES_DATA,
            help="A places file written by build_places (default: the shipped one).",
        )

    def handle(self, *args, file, verbosity, **options):
        started = time.monotonic()
        try:
            data = places_data.read(file)
        except PlacesError as error:
            raise CommandError(str(error)) from None
        counts = sync_places(places=data.places, coordinates=data.coordinates, parts=data.parts)
        if verbosity < 1:
            return
        for label, count in counts.items():
            self.stdout.write(count.line(label))
        self.stdout.write(
            self.style.SUCCESS(f"Places loaded in {time.monotonic() - started:.1f} s.")
        )
