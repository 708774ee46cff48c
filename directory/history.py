"""History records (django-simple-history) as people read them.

* A record saved without a reason stores "" rather than NULL, so the history pages show an
  empty reason instead of "None" (their template prints the value as it is).
* A save that changes nothing leaves no record (``ChangedOnlyHistoricalRecords``): a history
  lists changes, not clicks on "Save".
* ``history_reason("…")`` gives every record written inside it that reason (a revert, an
  approved proposal), whichever code path saves the rows.
* ``changes_between(instance, version)`` names what changed since a version, "label: old → new"
  (the admin's conflict message, a listing's history).
"""

import contextlib
import contextvars
import datetime

from django.conf import settings
from django.utils import formats, translation
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

# Columns that change on every save (or are derived from others): never a change by themselves.
BOOKKEEPING_FIELDS = frozenset({"version", "updated_at", "search_text", "search_name"})
# A list of changes (a conflict's, a history page's) names neither them nor these.
UNLISTED_FIELDS = [*BOOKKEEPING_FIELDS, "created_at", "slug"]

_reason: contextvars.ContextVar[str | None] = contextvars.ContextVar("history_reason", default=None)


@contextlib.contextmanager
def history_reason(reason: str):
    """Records written inside get ``reason`` unless the object carries its own."""
    token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(token)


def stored_reason(message: str, **values) -> str:
    """``message`` translated into the site's language: a reason is stored once and read by
    every coordinator, whatever language the one who caused it used."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(message) % values if values else translation.gettext(message)


def _blank_reason(sender, history_instance, **kwargs):
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = _reason.get() or ""


def connect_signals() -> None:
    pre_create_historical_record.connect(_blank_reason, dispatch_uid="directory.history.blank")


class ChangedOnlyHistoricalRecords(HistoricalRecords):
    """``HistoricalRecords`` that writes no "changed" record when nothing tracked changed.

    Costs one query per save (the latest record), plus one per tracked many-to-many field of
    a model that has them. Additions and deletions are always recorded.
    """

    def create_historical_record(self, instance, history_type, using=None):
        if history_type == "~" and not self._differs_from_latest(instance):
            return
        super().create_historical_record(instance, history_type, using=using)

    def _differs_from_latest(self, instance) -> bool:
        manager = getattr(instance, self.manager_name)
        latest = manager.order_by("-history_date", "-history_id").first()
        if latest is None or latest.history_type == "-":
            return True
        for field in self.fields_included(instance):
            if field.name in BOOKKEEPING_FIELDS or field.attname in BOOKKEEPING_FIELDS:
                continue
            if getattr(latest, field.attname) != getattr(instance, field.attname):
                return True
        for field in latest._history_m2m_fields:
            through = getattr(instance, field.name).through
            own = _m2m_own_column(through, instance)
            target = _m2m_target_column(through, instance)
            now = set(through.objects.filter(**{own: instance.pk}).values_list(target, flat=True))
            then = set(getattr(latest, field.name).values_list(target, flat=True))
            if now != then:
                return True
        return False


def _m2m_own_column(through, instance) -> str:
    """The through model's column pointing at ``instance``'s model (``service_id``)."""
    for field in through._meta.fields:
        if field.is_relation and field.related_model is type(instance):
            return field.attname
    raise LookupError(through)


def _m2m_target_column(through, instance) -> str:
    """The through model's column pointing at the other side (``term_id``)."""
    for field in through._meta.fields:
        if field.is_relation and field.related_model is not type(instance):
            return field.attname
    raise LookupError(through)


def shown_value(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.date | datetime.time):
        return formats.localize(value)  # 17:00, not 17:00:00
    return Truncator(str(value)).chars(60)


def history_of(instance):
    """The history records of ``instance``, newest first."""
    model = type(instance)
    return model.history.filter(**{model._meta.pk.attname: instance.pk}).order_by(
        "-history_date", "-history_id"
    )


def changes_between(instance, loaded) -> list[str]:
    """The fields of ``instance`` changed since its version ``loaded``, "label: old → new"."""
    model = type(instance)
    history = history_of(instance)
    latest = history.first()
    # Versions also count changes of parts, which leave no record of the object itself: the
    # state loaded is that of the last record at or before the version loaded.
    then = history.filter(version__lte=loaded).first() if loaded is not None else None
    if latest is None or then is None:
        return []
    delta = latest.diff_against(then, excluded_fields=UNLISTED_FIELDS, foreign_keys_are_objs=True)
    changes = []
    for change in delta.changes:
        label = model._meta.get_field(change.field).verbose_name
        if isinstance(change.new, list):  # many-to-many: the values are through rows
            changes.append(str(label))
        else:
            changes.append(f"{label}: {shown_value(change.old)} → {shown_value(change.new)}")
    return changes
