from django.conf import settings
from django.core.management.base import BaseCommand

from directory.demo import load_demo
from directory.demo_accounts import ACCOUNTS, PASSWORD, create_demo_accounts
from directory.models import Municipality, Organization, Orp, PlacePart, Region
from events.models import Event
from services.models import Location, Schedule, Service, ServiceArea

SUMMARY = (
    ("regions", Region),
    ("ORPs", Orp),
    ("municipalities", Municipality),
    ("districts and parts", PlacePart),
    ("organizations", Organization),
    ("services", Service),
    ("locations", Location),
    ("schedules", Schedule),
    ("service areas", ServiceArea),
    ("events", Event),
)


class Command(BaseCommand):
    help = (
        "Load the demo organizations, services, schedules and events of the seed documents, "
        "with the places they need. Safe to run again: it changes only what differs."
    )

    def handle(self, *args, **options):
        written = load_demo()
        changes = ", ".join(f"{count} {what}" for what, count in sorted(written.items()))
        self.stdout.write(f"Written: {changes}." if changes else "Nothing to change.")
        totals = ", ".join(f"{model.objects.count()} {label}" for label, model in SUMMARY)
        self.stdout.write(self.style.SUCCESS(f"In the database: {totals}."))
        # Development only (DEBUG): one account per role, the password shown when created.
        created = create_demo_accounts()
        if created:
            names = ", ".join(f"{demo.username} ({demo.role.label})" for demo in created)
            self.stdout.write(f"Demo accounts created: {names}; password: {PASSWORD}")
        elif settings.DEBUG:
            names = ", ".join(demo.username for demo in ACCOUNTS)
            self.stdout.write(f"Demo accounts (already there): {names}.")
