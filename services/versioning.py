"""A service's version covers its parts: locations, opening hours, service areas, closures.

The admin's optimistic lock (``directory.admin_mixins.VersionLockForm``) compares versions of
the service. Parts are changed on several paths (the service's own form and its inlines, each
part's change and revert pages, imports, the shell), so every save or delete of a part counts
as a new version of its service, whoever makes it: a service form or part page opened before
is then stale and refuses to save over the change.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone


def _part_changed(sender, instance, **kwargs):
    from services.models import Service

    Service.objects.filter(pk=instance.service_id).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if sender.service.is_cached(instance):
        # The service form's own instance (inlines are saved after it): keep it in step, so a
        # later save of it in the same request counts on from the new version.
        instance.service.version += 1


def connect_signals() -> None:
    from services.models import SERVICE_PARTS

    for model in SERVICE_PARTS:
        uid = f"service-version-{model._meta.label_lower}"
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-delete")
