"""Published services as HSDS 3.0 service objects: for files, the admin and the API."""

import json

from django.db.models import Prefetch
from django.utils import timezone

from services.hsds import serializers
from services.models import Schedule, Service, ServiceArea, ServiceAtLocation, Term


def full_queryset(queryset):
    """What ``serializers.service_full`` reads, in 12 queries whatever the number of services:
    the services with their organization (and its parent and seat), five term lists,
    locations, schedules, service areas, the alerts shown today, the capacities and the
    contacts."""
    terms = Term.objects.order_by("position", "name_cs", "id")
    return (
        queryset.with_alerts(timezone.localdate())
        .select_related("organization__parent", "organization__municipality__region")
        .prefetch_related(
            Prefetch("types", queryset=terms),
            Prefetch("activities", queryset=terms),
            Prefetch("target_groups", queryset=terms),
            Prefetch("substances", queryset=terms),
            Prefetch("languages", queryset=terms),
            Prefetch(
                "location_links",
                queryset=ServiceAtLocation.objects.select_related("location__municipality__region"),
            ),
            # A pair's schedules are the service's at the location (serializers picks them).
            Prefetch("schedules", queryset=Schedule.objects.order_by("opens_at", "id")),
            Prefetch(
                "areas",
                queryset=ServiceArea.objects.select_related(
                    "municipality__region", "orp", "region"
                ).order_by("id"),
            ),
            "capacities",
            "contacts",
        )
    )


def exported_services(queryset=None) -> list[dict]:
    """Full HSDS objects of ``queryset`` (default: every published service), by name."""
    if queryset is None:
        queryset = Service.objects.published()
    return [serializers.service_full(service) for service in full_queryset(queryset)]


def dumps(objects, *, indent: int | None = 2) -> str:
    return json.dumps(objects, ensure_ascii=False, indent=indent)
