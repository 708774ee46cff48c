"""Keeping listings true: which services need a coordinator's attention, and marking them
verified."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from services.contact import contact_for
from services.models import ServiceQuerySet, open_report_exists


def no_contact_q() -> Q:
    """Services nobody can reach: no phone, e-mail or website of their own or their
    organization's. The SQL twin of ``services.contact.contact_for(...).is_missing``."""
    return Q(
        phone="",
        email="",
        website="",
        organization__phone="",
        organization__email="",
        organization__website="",
    )


def stale_q(today: datetime.date | None = None) -> Q:
    """The verification queue: stale services (``ServiceQuerySet.stale``: never verified, or
    not within STALE_AFTER_DAYS), services with no contact at all (a listing a client cannot
    act on, however recently it was checked), and those with an open error report."""
    return ServiceQuerySet.stale_q(today) | no_contact_q() | Q(open_report_exists())


def queue_reasons(service, today: datetime.date | None = None) -> list[str]:
    """Why ``service`` is in the queue, in words; empty when it is not. The Python twin of
    ``stale_q``: no query when the organization was fetched with the service and the row
    annotated ``has_open_report`` (``ServiceQuerySet.with_open_reports``)."""
    reasons = []
    if getattr(service, "has_open_report", False):
        reasons.append(_("an error report is open"))
    if service.last_verified is None:
        reasons.append(_("never verified"))
    elif service.is_stale(today):
        date = formats.date_format(service.last_verified, "j. n. Y")
        reasons.append(_("last verified %(date)s") % {"date": date})
    if contact_for(service).is_missing:
        reasons.append(_("no phone, e-mail or website, not even the organization's"))
    return reasons


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
