"""HSDS ids: the stored ``hsds_id`` when there is one, else a uuid5 derived from our key.

Derived ids are deterministic, so the same row always gets the same id in every export and API
response. Objects without a key of their own (schedules, phones, addresses …) derive their id
from their parent's id, so an export → import → export round trip reproduces every id.
"""

import uuid

from directory.models import Organization
from services.models import Location, Service

# Never change this: every id we have ever published is derived from it.
NAMESPACE = uuid.UUID("8b0f6a52-4c1d-4e0a-9a57-2f3b6c1d7e90")

# Location rows are per service, so a Location is an HSDS service_at_location; the HSDS
# location id is derived from it (see ``location_id``).
_KINDS = {Service: "service", Organization: "organization", Location: "service_at_location"}


def derive(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def derived_id(model, pk) -> str:
    return derive(_KINDS[model], pk)


def of(obj) -> str:
    """The HSDS id of a service, organization or location (= service_at_location)."""
    return obj.hsds_id or derived_id(type(obj), obj.pk)


def location_id(service_at_location_id: str) -> str:
    return derive(service_at_location_id, "location")


def canonical(value) -> str | None:
    """``value`` as a lower-case hyphenated UUID, or None if it is not a UUID."""
    if not isinstance(value, str):
        return None
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return None


def find(queryset, hsds_id: str):
    """The row of ``queryset`` whose HSDS id is ``hsds_id`` (stored or derived), or None.

    One query for a stored id. A derived uuid5 cannot be reversed, so otherwise one more query
    fetches the keys of the rows without a stored id and hashes them (a directory holds
    hundreds of services, not millions); a third query loads the match.
    """
    hsds_id = canonical(hsds_id) or (hsds_id if isinstance(hsds_id, str) else "")
    if not hsds_id:
        return None
    found = queryset.filter(hsds_id=hsds_id).first()
    if found is not None:
        return found
    pk = find_pk(queryset, hsds_id)
    return None if pk is None else queryset.filter(pk=pk).first()


def find_pk(queryset, hsds_id: str):
    """The key of the row whose *derived* id is ``hsds_id`` (one query), or None."""
    if canonical(hsds_id) is None:
        return None
    model = queryset.model
    keys = (
        queryset.filter(hsds_id__isnull=True)
        .prefetch_related(None)
        .order_by()
        .values_list("pk", flat=True)
    )
    return next((pk for pk in keys.iterator() if derived_id(model, pk) == hsds_id), None)


def pks_for(queryset, hsds_id: str) -> list:
    """Keys of rows with HSDS id ``hsds_id``, for filters (``organization_id=``): 1–2 queries."""
    hsds_id = canonical(hsds_id) or hsds_id
    stored = list(queryset.filter(hsds_id=hsds_id).values_list("pk", flat=True)[:1])
    if stored:
        return stored
    pk = find_pk(queryset, hsds_id)
    return [] if pk is None else [pk]
