"""Writes that touch a service and its parts together (inside ``transaction.atomic``)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_noop

from directory.history import BOOKKEEPING_FIELDS, history_reason, stored_reason
from services.models import SERVICE_PARTS, Service

# Kept as they are on a revert: who published it first, and when the row was created.
_KEPT_ON_REVERT = {*BOOKKEEPING_FIELDS, "id", "created_at", "slug", "hsds_id", "derived_hsds_id"}


class StaleVersion(Exception):
    """The listing changed after the page asking for the write was shown."""

    def __init__(self, service, loaded):
        super().__init__(service, loaded)
        self.service = service
        self.loaded = loaded


def revert_reason(moment: datetime.datetime) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        when = date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return stored_reason(gettext_noop("Reverted to the state of %(when)s"), when=when)


def _latest_records(model, owner: dict, moment) -> dict:
    """{pk: the last history record at or before ``moment``} of ``model`` rows matching
    ``owner``, those deleted by then left out. One query."""
    records = (
        model.history.filter(**owner, history_date__lte=moment)
        .order_by("history_date", "history_id")
        .iterator()
    )
    latest = {record.id: record for record in records}
    return {pk: record for pk, record in latest.items() if record.history_type != "-"}


def _differs(obj, record) -> bool:
    return any(
        getattr(obj, field.attname) != getattr(record, field.attname)
        for field in type(obj)._meta.concrete_fields
        if hasattr(record, field.attname) and field.attname not in _KEPT_ON_REVERT
    )


def revert_service(*, service_id, moment, user, loaded_version) -> Service:
    """Restore the service and its parts to their state at ``moment``: parts added since are
    deleted, parts deleted since re-created (with their old keys), changed ones restored.

    ``loaded_version``: the service's version when the revert was offered; StaleVersion if it
    changed since (the same check as the change form's). Every record written says "Reverted
    to the state of …". The caller checks scope within the same transaction.
    """
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service_id)
        if service.version != loaded_version:
            raise StaleVersion(service, loaded_version)
        then = _latest_records(Service, {"id": service.pk}, moment).get(service.pk)
        if then is None:
            raise ValueError("the service did not exist then")
        with history_reason(revert_reason(moment)):
            service._history_user = user
            if _differs(service, then):
                for field in Service._meta.concrete_fields:
                    if hasattr(then, field.attname) and field.attname not in _KEPT_ON_REVERT:
                        setattr(service, field.attname, getattr(then, field.attname))
                service.save()
            for field in Service.history.model._history_m2m_fields:
                old_ids = set(getattr(then, field.name).values_list("term_id", flat=True))
                if set(getattr(service, field.name).values_list("pk", flat=True)) != old_ids:
                    getattr(service, field.name).set(old_ids)
            states = {
                model: _latest_records(model, {"service_id": service.pk}, moment)
                for model in SERVICE_PARTS
            }
            # Deletions first, the last parts first (hours before the locations they are at).
            for model in reversed(SERVICE_PARTS):
                for part in model.objects.filter(service=service).exclude(pk__in=states[model]):
                    part._history_user = user
                    part.delete()
            for model in SERVICE_PARTS:
                live = model.objects.in_bulk(list(states[model]))
                for pk, record in states[model].items():
                    part = live.get(pk)
                    if part is not None and not _differs(part, record):
                        continue
                    restored = record.instance
                    restored._history_user = user
                    restored.save(force_insert=part is None)
        service.refresh_from_db()
    return service
