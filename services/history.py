"""What changed in a service's parts (locations, opening hours, areas, closures), and when.

Read by the service's history page and by the conflict messages of the optimistic lock: a
service's version counts the changes of its parts (services.versioning), so a refused save
says which part somebody changed meanwhile.
"""

from django.urls import reverse
from django.utils.translation import gettext

from directory.admin_mixins import changes_between, shown_value
from services.models import SERVICE_PARTS, Location, ServiceAtLocation


def parts_history(service_id, limit=50, since=None):
    """The latest changes to a service's parts (after ``since``), newest first, each with
    what changed.

    One query per part model, plus one per record for its previous version (at most ``limit``).
    """
    records = []
    # The service's locations too: shared ones, so found through the service's links.
    linked = ServiceAtLocation.objects.filter(service_id=service_id).values("location_id")
    for model in (*SERVICE_PARTS, Location):
        if model is Location:
            history = Location.history.filter(id__in=linked)
        else:
            history = model.history.filter(service_id=service_id)
        if since is not None:
            history = history.filter(history_date__gt=since)
        records.extend(
            history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
        )
    records.sort(key=lambda record: (record.history_date, record.history_id), reverse=True)
    rows = []
    for record in records[:limit]:
        model = record.instance_type
        previous = record.prev_record
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=True)
            changes = [
                (model._meta.get_field(change.field).verbose_name, change.old, change.new)
                for change in delta.changes
            ]
        rows.append(
            {
                "record": record,
                "kind": model._meta.verbose_name,
                "changes": changes,
                "history_url": reverse(
                    f"admin:services_{model._meta.model_name}_history", args=[record.id]
                ),
            }
        )
    return rows


def part_changes_since(service, since) -> list:
    """(history record, description) of each change to ``service``'s parts after ``since``."""
    described = []
    for row in parts_history(service.pk, since=since):
        record = row["record"]
        part = gettext("%(kind)s “%(name)s”") % {"kind": row["kind"], "name": record.instance}
        if record.history_type == "+":
            text = gettext("%(part)s added") % {"part": part}
        elif record.history_type == "-":
            text = gettext("%(part)s removed") % {"part": part}
        else:
            fields = ", ".join(
                f"{label}: {shown_value(old)} → {shown_value(new)}"
                for label, old, new in row["changes"]
            )
            text = f"{part}: {fields}" if fields else part
        described.append((record, text))
    return described


def changes_since_version(service, version) -> list[str]:
    """What changed in ``service`` and its parts since its version ``version``: for refusals
    outside a form (imports), where only the version is known.

    Parts leave no version of their own: their changes are those after the last record of the
    service at or before ``version``, so a few changed just before it may be listed too.
    """
    history = service.history.filter(version__lte=version).order_by("-history_date", "-history_id")
    then = history.values_list("history_date", flat=True).first()
    parts = part_changes_since(service, then) if then is not None else []
    return [*changes_between(service, version), *(text for _record, text in parts)]
