"""HSDS ids: the stored ``hsds_id`` when there is one, else a uuid5 derived from our key
(``directory.hsds_ids``).

Derived ids are deterministic, so the same row always gets the same id in every export and API
response. Objects without a key of their own (schedules, phones, addresses …) derive their id
from their parent's id, so an export → import → export round trip reproduces every id.

A uuid5 cannot be reversed, so services, organizations and locations also store their derived
id (``derived_hsds_id``, set on save and bulk_create: ``directory.models.HsdsIdentified``) and
an id is looked up through an index.
"""

import uuid

from django.db.models import Q

from directory.hsds_ids import derive, derived_id


def of(obj) -> str:
    """The HSDS id of a service, organization, service_at_location or location (the id its
    HSDS location is derived from, ``location_id``)."""
    return obj.hsds_id or derived_id(type(obj), obj.pk)


def location_id(service_at_location_id: str) -> str:
    return derive(service_at_location_id, "location")


def location_of(location) -> str:
    """The HSDS id of a Location's HSDS location: the one an import gave it, else derived from
    the service_at_location id it was first published under (so the ids published before
    locations could be shared still hold)."""
    return location.hsds_location_id or location_id(of(location))


def canonical(value) -> str | None:
    """``value`` as a lower-case hyphenated UUID, or None if it is not a UUID."""
    if not isinstance(value, str):
        return None
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return None


def _matching(queryset, hsds_id: str):
    """Rows whose stored id is ``hsds_id``, or whose derived one is while they store none (a
    stored id replaces the derived one, as in ``of``). Both columns are indexed."""
    condition = Q(hsds_id=hsds_id)
    if canonical(hsds_id) is not None:  # derived ids are canonical UUIDs
        condition |= Q(hsds_id__isnull=True, derived_hsds_id=hsds_id)
    return queryset.filter(condition)


def find(queryset, hsds_id: str):
    """The row of ``queryset`` whose HSDS id is ``hsds_id`` (stored or derived), or None.

    One query, plus the queryset's prefetches. Two rows match when one row stores the id
    another derives (an import from a copy of this directory); the stored id wins.
    """
    hsds_id = canonical(hsds_id) or (hsds_id if isinstance(hsds_id, str) else "")
    if not hsds_id:
        return None
    rows = list(_matching(queryset, hsds_id)[:2])
    return next((row for row in rows if row.hsds_id == hsds_id), rows[0] if rows else None)


def pks_for(queryset, hsds_id: str) -> list:
    """Keys of rows with HSDS id ``hsds_id``, for filters (``organization_id=``): one query."""
    hsds_id = canonical(hsds_id) or hsds_id
    rows = list(_matching(queryset, hsds_id).order_by().values_list("pk", "hsds_id")[:2])
    chosen = next((row for row in rows if row[1] == hsds_id), rows[0] if rows else None)
    return [] if chosen is None else [chosen[0]]
