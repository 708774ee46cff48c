"""A service's version covers its parts: locations, opening hours, service areas, closures,
contacts.

The admin's optimistic lock (``directory.admin.mixins.VersionLockForm``) compares versions of
the service. Parts are changed on several paths (the service's own form and its inlines, each
part's change and revert pages, imports, the shell), so every save or delete of a part counts
as a new version of its service, whoever makes it: a service form or part page opened before
is then stale and refuses to save over the change.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from services.models import (
    SERVICE_PARTS,
    Closure,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceContact,
    sync_primary_contact,
)


def _part_changed(sender, instance, **kwargs):
    Service.objects.filter(pk=instance.service_id).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if sender.service.is_cached(instance):
        # The service form's own instance (inlines are saved after it): keep it in step, so a
        # later save of it in the same request counts on from the new version.
        instance.service.version += 1


def _location_changed(sender, instance, **kwargs):
    """A shared location is a part of each of its services: each gets a new version."""
    linked = ServiceAtLocation.objects.filter(location_id=instance.pk).values("service_id")
    Service.objects.filter(pk__in=linked).update(
        version=F("version") + 1, updated_at=timezone.now()
    )


def _link_removed(sender, instance, **kwargs):
    """A service no longer offered at a location has no opening hours or closures there."""
    pair = {"service_id": instance.service_id, "location_id": instance.location_id}
    Schedule.objects.filter(**pair).delete()
    Closure.objects.filter(**pair).delete()


def _contact_changed(sender, instance, **kwargs):
    sync_primary_contact(instance.service_id)


def connect_signals() -> None:
    for model in SERVICE_PARTS:
        uid = f"service-version-{model._meta.label_lower}"
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-delete")
    post_save.connect(_location_changed, sender=Location, dispatch_uid="service-version-location")
    post_delete.connect(
        _link_removed, sender=ServiceAtLocation, dispatch_uid="service-location-link-removed"
    )
    # The service's phone and e-mail columns follow its first public contacts.
    for signal in (post_save, post_delete):
        signal.connect(
            _contact_changed,
            sender=ServiceContact,
            dispatch_uid=f"service-primary-contact-{signal is post_save}",
        )
