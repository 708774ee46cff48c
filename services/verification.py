"""Keeping listings true: which services are stale, and marking them verified."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone


def stale_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Listings last verified before this date are stale (settings.STALE_AFTER_DAYS)."""
    return (today or timezone.localdate()) - datetime.timedelta(days=settings.STALE_AFTER_DAYS)


def stale_q(today: datetime.date | None = None) -> Q:
    """Services never verified, or not within STALE_AFTER_DAYS."""
    return Q(last_verified__isnull=True) | Q(last_verified__lt=stale_cutoff(today))


@transaction.atomic
def mark_verified(services, *, user, today: datetime.date | None = None) -> int:
    """Set ``last_verified`` to today; one save per service (new version, history with user)."""
    today = today or timezone.localdate()
    count = 0
    for service in services:
        service.last_verified = today
        service._history_user = user
        service.save()
        count += 1
    return count
