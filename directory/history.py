"""History records (django-simple-history) as people read them.

* A record saved without a reason stores "" rather than NULL, so the history pages show an
  empty reason instead of "None" (their template prints the value as it is).
* A save that changes nothing leaves no record (``ChangedOnlyHistoricalRecords``): a history
  lists changes, not clicks on "Save".
* ``history_reason("…")`` gives every record written inside it that reason (a revert, an
  approved proposal), whichever code path saves the rows.
"""

import contextlib
import contextvars

from django.conf import settings
from django.utils import translation
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

# Columns that change on every save (or are derived from others): never a change by themselves.
BOOKKEEPING_FIELDS = frozenset({"version", "updated_at", "search_text", "search_name"})

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
