import time

from django.core.management.base import BaseCommand, CommandError

from directory import synthetic
from directory.models import Municipality


class Command(BaseCommand):
    help = (
        "Generate synthetic organizations, services, locations, schedules, service areas, "
        "closures and events over the imported municipalities, for benchmarks. "
        "Deterministic for a seed; every row is marked with the slug prefix 'syn-'."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--services",
            type=int,
            default=synthetic.DEFAULT_SERVICES,
            metavar="N",
            help=f"How many services (default {synthetic.DEFAULT_SERVICES:,}; organizations "
            "are N/8, events N/40).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--clear", action="store_true", help="Remove the synthetic data and stop."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Remove existing synthetic data first."
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when synthetic data is already there (for scripts).",
        )

    def handle(self, *args, services, seed, clear, replace, if_missing, verbosity, **options):
        if services < 1:
            raise CommandError("--services must be at least 1.")
        started = time.monotonic()
        if clear or replace:
            removed = synthetic.clear()
            if verbosity:
                self.stdout.write(f"Removed {sum(removed.values()):,} synthetic rows.")
            if clear:
                return
        existing = synthetic.synthetic_count()
        if existing and if_missing:
            if verbosity:
                self.stdout.write(f"{existing:,} synthetic services already there; nothing to do.")
            return
        places = Municipality.objects.count()
        if 0 < places < synthetic.NATIONAL_MINIMUM:
            self.stderr.write(
                f"Only {places} municipalities: the data will not be spread nationally. "
                "Run import_places with the ČSÚ code lists first."
            )
        try:
            counts = synthetic.generate(services=services, seed=seed)
        except (synthetic.NoPlaces, synthetic.AlreadyGenerated) as error:
            raise CommandError(str(error)) from None
        if verbosity:
            summary = ", ".join(f"{count:,} {label}" for label, count in counts.items())
            self.stdout.write(f"Created {summary}.")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Synthetic data generated in {time.monotonic() - started:.1f} s."
                )
            )
