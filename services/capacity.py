"""Capacities ("Volná místa", issue 20): who may update them, and the one-step update.

The rule of what a figure means (free, stale) is ``services.rules.CapacityRules``; the words
are ``services_extras.capacity_text``.
"""

from django.contrib import admin
from django.db import transaction
from django.utils import timezone

from services.models import Service


def may_update(request, service: Service) -> bool:
    """Whether the request's user may update ``service``'s capacities: exactly whoever may
    change the service in the admin (its capacities are an inline of it), so the scope rules
    of ``directory.admin.scope`` decide. No query for visitors and non-staff users."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return admin.site.get_model_admin(Service).has_change_permission(request, service)


def stamp(capacity, *, user, now=None) -> None:
    """Mark ``capacity`` as updated now by ``user`` (saved by the caller). Also names the user
    in its history record (simple_history reads ``_history_user``)."""
    capacity.updated_at = now or timezone.now()
    capacity.updated_by = user
    capacity._history_user = user


def update_available(*, forms, user) -> list:
    """Save the figures of the capacity ``forms`` (validated ``CapacityUpdateForm``s) as
    updated now by ``user``, every one of them: sending the form unchanged confirms that the
    figures still hold, and that is what makes them fresh again.

    One transaction; each save is a new version of the service (``services.versioning``).
    """
    now = timezone.now()
    saved = []
    with transaction.atomic():
        for form in forms:
            capacity = form.save(commit=False)
            stamp(capacity, user=user, now=now)
            capacity.save()
            saved.append(capacity)
    return saved
