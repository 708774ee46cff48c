"""Write the places file the project ships (``directory/data/places.json.gz``) from the
official files: the ČSÚ code lists, the coordinates of municipalities and the postal codes
of their parts. Run it after downloading fresher files, then ``load_places``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory import places_data
from directory.places import PlacesError


class Command(BaseCommand):
    help = (
        "Build the shipped places file (regions, ORPs, municipalities, city districts and parts "
        "of municipalities) from the official files. The same input gives the same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            type=Path,
            help=(
                f"Folder laid out as shared/data/czech-places: {places_data.CODE_LISTS_FOLDER}/ "
                f"(the ČSÚ code lists, windows-1250), {places_data.COORDINATES_FILE} and "
                f"{places_data.PARTS_FILE}."
            ),
        )
        parser.add_argument(
            "output",
            type=Path,
            nargs="?",
            default=places_data.PLACES_DATA,
            help="Where to write the file (default: the one the project ships).",
        )
        parser.add_argument(
            "--code-lists", type=Path, metavar="DIR", help="The ČSÚ code lists elsewhere."
        )
        parser.add_argument(
            "--coordinates", type=Path, metavar="CSV", help="The coordinates file elsewhere."
        )
        parser.add_argument("--parts", type=Path, metavar="CSV", help="The parts file elsewhere.")

    def handle(self, *args, source, output, code_lists, coordinates, parts, verbosity, **options):
        code_lists = code_lists or source / places_data.CODE_LISTS_FOLDER
        coordinates = coordinates or source / places_data.COORDINATES_FILE
        parts = parts or source / places_data.PARTS_FILE
        try:
            data = places_data.read_sources(code_lists, coordinates, parts)
            inputs = [code_lists / name for name in places_data.CODE_LIST_FILES]
            content = places_data.build(data, [*inputs, coordinates, parts])
        except PlacesError as error:
            raise CommandError(str(error)) from None
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(content)
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{output}: {len(data.places.regions)} regions, {len(data.places.orps)} ORPs, "
                    f"{len(data.places.municipalities)} municipalities, "
                    f"{len(data.parts.districts)} city districts, "
                    f"{len(data.parts.parts)} parts of municipalities ({len(content):,} bytes)."
                )
            )
