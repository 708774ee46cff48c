"""Delete the counts of vain searches older than settings.VAIN_SEARCH_RETENTION_DAYS.

Run it from cron, e.g. every night at 3:00:
    0 3 * * *  cd /srv/adresar && .venv/bin/python manage.py purge_vain_searches
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from directory import demand
from directory.text import counted


class Command(BaseCommand):
    help = "Delete vain-search counts older than VAIN_SEARCH_RETENTION_DAYS (default 730)."

    def handle(self, *args, **options):
        deleted = demand.purge(timezone.localdate())
        days = settings.VAIN_SEARCH_RETENTION_DAYS
        self.stdout.write(f"deleted {counted(deleted, 'row')} older than {days} days")
