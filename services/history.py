"""What changed in a service and its parts (SERVICE_PARTS: locations, opening hours, areas,
closures, …), and when.

``service_timeline`` is the service's history page: one timeline of the whole listing.
``part_changes_since`` feeds the conflict messages of the optimistic lock: a service's version
counts the changes of its parts (services.versioning), so a refused save says which part
somebody changed meanwhile.
"""

import collections
import dataclasses
import datetime

from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext

from directory.history import BOOKKEEPING_FIELDS, changes_between, shown_value
from services import weekdays
from services.models import SERVICE_PARTS, Location, Schedule, Service, ServiceAtLocation, Term


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


# -- the whole listing's timeline ---------------------------------------------------------------

# Records of one save (the service form and its inlines, a revert, an approval) are written
# within moments of each other by one user with one reason: read as one entry of the timeline.
SAME_SAVE = datetime.timedelta(seconds=5)
# Fields shown in a part's label: a change of them reads "Čt 13:00–18:00 → 14:00–19:00".
LABEL_FIELDS = {Schedule: ("days", "opens_at", "closes_at")}
# Never a change by themselves (bookkeeping, derived, or the link to the service itself).
UNSHOWN_FIELDS = {
    *BOOKKEEPING_FIELDS,
    "id",
    "service",
    "slug",
    "created_at",
    "derived_hsds_id",
    # A service's phone and e-mail columns copy its first contacts (ServiceContact, a part with
    # its own lines in the timeline); the copy reaches the service's history only at its next
    # save, where it would read as a change made then.
    "phone",
    "email",
}


@dataclasses.dataclass
class Entry:
    """One change of a listing: who, when, why, and what changed, as lines of text."""

    date: datetime.datetime
    user: object
    reason: str
    records: list = dataclasses.field(default_factory=list)
    lines: list[str] = dataclasses.field(default_factory=list)
    # (part, URL of its own history page: field by field, with simple_history's revert)
    parts: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    @property
    def stamp(self) -> int:
        """The entry's moment in microseconds since the epoch: the revert URL's key."""
        return stamp_of(self.date)


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def stamp_of(moment: datetime.datetime) -> int:
    # Integer arithmetic: a float would lose the microseconds the records are compared by.
    return (moment - _EPOCH) // _MICROSECOND


def moment_of(stamp: int) -> datetime.datetime:
    return _EPOCH + stamp * _MICROSECOND


def _history_models():
    """The service first, then its parts in the order of SERVICE_PARTS, then the locations it
    is or was linked to (shared with other services, so not parts, but its addresses)."""
    return (Service, *SERVICE_PARTS, Location)


def _records(service_id) -> list:
    """Every history record of the service and of its parts, oldest first.

    One query per model (the user joined).
    """
    records = []
    linked = ServiceAtLocation.history.filter(service_id=service_id).values("location_id")
    for model in _history_models():
        if model is Service:
            own = {"id": service_id}
        elif model is Location:
            own = {"id__in": linked}
        else:
            own = {"service_id": service_id}
        records.extend(
            model.history.filter(**own)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
    order = {model: index for index, model in enumerate(_history_models())}
    records.sort(key=lambda r: (r.history_date, order[r.instance_type], r.history_id))
    return records


def _terms_by_record(records) -> dict:
    """{(history_id, field name): frozenset of term ids} for the service's records.

    One query per many-to-many field, plus one for the names (into ``names``).
    """
    service_records = [record for record in records if record.instance_type is Service]
    if not service_records:
        return {}
    historical = Service.history.model
    ids = [record.history_id for record in service_records]
    terms = {(history_id, field.name): set() for history_id in ids for field in _m2m_fields()}
    for field in _m2m_fields():
        through = _m2m_history_model(historical, field)
        rows = through.objects.filter(history_id__in=ids).values_list("history_id", "term_id")
        for history_id, term_id in rows:
            terms[(history_id, field.name)].add(term_id)
    return {key: frozenset(value) for key, value in terms.items()}


def _m2m_fields():
    return Service.history.model._history_m2m_fields


def _m2m_history_model(historical, field):
    name = f"{historical._meta.model_name}_{field.name}"
    for relation in historical._meta.related_objects:
        if relation.related_model._meta.model_name == name:
            return relation.related_model
    raise LookupError(name)


def _related_objects(records, terms) -> dict:
    """{(model, pk): object} for every foreign key in ``records`` and every term: one query
    per related model. Locations deleted since are taken from their own history."""
    wanted = collections.defaultdict(set)
    for record in records:
        for field in record.instance_type._meta.concrete_fields:
            if field.is_relation and field.name not in UNSHOWN_FIELDS:
                value = getattr(record, field.attname)
                if value is not None:
                    wanted[field.related_model].add(value)
    for ids in terms.values():
        wanted[Term].update(ids)
    found = {}
    for model, ids in wanted.items():
        for pk, obj in model._default_manager.in_bulk(ids).items():
            found[(model, pk)] = obj
    for record in reversed(records):  # the latest known state of rows deleted since
        key = (record.instance_type, record.id)
        if key not in found:
            found[key] = record.instance
    return found


def _instance(record, related):
    """The model instance of ``record`` with its foreign keys filled in (no query for str())."""
    instance = record.instance
    for field in type(instance)._meta.concrete_fields:
        if field.is_relation and field.name not in ("service",):
            value = getattr(instance, field.attname)
            if value is not None and (field.related_model, value) in related:
                field.set_cached_value(instance, related[(field.related_model, value)])
    return instance


def _shown(model, field, value, related) -> str:
    if value in (None, ""):
        return "—"
    if model is Schedule and field.name == "days":
        return weekdays.label(value)
    if field.is_relation:
        obj = related.get((field.related_model, value))
        return str(obj) if obj is not None else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return shown_value(value)


def _field_changes(model, before, after, related, skip=()) -> list[str]:
    changes = []
    for field in model._meta.concrete_fields:
        if field.name in UNSHOWN_FIELDS or field.name in skip or not hasattr(after, field.attname):
            continue
        old, new = getattr(before, field.attname), getattr(after, field.attname)
        if old != new:
            changes.append(
                f"{field.verbose_name}: {_shown(model, field, old, related)} → "
                f"{_shown(model, field, new, related)}"
            )
    return changes


def _schedule_label(schedule) -> str:
    return f"{weekdays.label(schedule.days)} {schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}"


def _describe(model, before, after, related, terms) -> list[str]:
    """What changed from record ``before`` (None: it did not exist) to record ``after``."""
    kind = capfirst(model._meta.verbose_name)
    exists_before = before is not None and before.history_type != "-"
    exists_after = after.history_type != "-"
    if not exists_before and not exists_after:
        return []
    if not exists_before or not exists_after:
        shown = after if exists_after else before
        name = str(_instance(shown, related))
        template = gettext("%(kind)s added: %(name)s") if exists_after else None
        template = template or gettext("%(kind)s removed: %(name)s")
        return [template % {"kind": kind, "name": name}]
    if model is Service:
        lines = _field_changes(model, before, after, related)
        for field in _m2m_fields():
            old = terms.get((before.history_id, field.name), frozenset())
            new = terms.get((after.history_id, field.name), frozenset())
            line = describe_terms(
                field, (related[(Term, pk)] for pk in old), (related[(Term, pk)] for pk in new)
            )
            if line:
                lines.append(line)
        return [capfirst(line) for line in lines]
    label_fields = LABEL_FIELDS.get(model, ())
    others = _field_changes(model, before, after, related, skip=label_fields)
    if model is Schedule:
        old, new = _schedule_label(before), _schedule_label(after)
        if old != new:
            if before.days == after.days:
                new = f"{after.opens_at:%H:%M}–{after.closes_at:%H:%M}"
            line = f"{kind}: {old} → {new}"
            return [f"{line} ({'; '.join(others)})" if others else line]
        return [f"{kind} {old}: {'; '.join(others)}"] if others else []
    if not others:
        return []
    return [f"{kind} {_instance(after, related)}: {'; '.join(others)}"]


def service_timeline(service_id) -> list[Entry]:
    """Every change of the service and of its parts (SERVICE_PARTS), newest first.

    A fixed number of queries whatever the length of the history: one per history model,
    one per many-to-many field, and one per model that foreign keys point to.
    """
    records = _records(service_id)
    terms = _terms_by_record(records)
    related = _related_objects(records, terms)
    entries: list[Entry] = []
    for record in records:
        last = entries[-1] if entries else None
        reason = record.history_change_reason or ""
        if (
            last is None
            or last.user != record.history_user
            or last.reason != reason
            or record.history_date - last.date > SAME_SAVE
        ):
            last = Entry(date=record.history_date, user=record.history_user, reason=reason)
            entries.append(last)
        last.records.append(record)
        last.date = record.history_date
    latest: dict = {}  # (model, id) → the last record before the entry being described
    for entry in entries:
        first_in_entry, last_in_entry = {}, {}
        for record in entry.records:
            key = (record.instance_type, record.id)
            first_in_entry.setdefault(key, latest.get(key))
            last_in_entry[key] = record
        for key, after in last_in_entry.items():
            lines = _describe(key[0], first_in_entry[key], after, related, terms)
            entry.lines.extend(lines)
            latest[key] = after
            model = key[0]
            if lines and model is not Service and after.history_type != "-":
                label = f"{capfirst(model._meta.verbose_name)} {_instance(after, related)}"
                url = reverse(f"admin:services_{model._meta.model_name}_history", args=[key[1]])
                entry.parts.append((label, url))
    return [entry for entry in reversed(entries) if entry.lines]


# -- the same diffs for rows not yet saved (a proposed change against the live listing) -------


class _Live:
    """A model instance read like a history record by ``_describe``."""

    history_id = None

    def __init__(self, obj, history_type="~"):
        self.instance = obj
        self.history_type = history_type

    def __getattr__(self, name):
        return getattr(self.instance, name)


def _related_of(*objs) -> dict:
    """{(model, pk): object} of the foreign keys of ``objs`` (one query per unloaded one)."""
    related = {}
    for obj in objs:
        if obj is None:
            continue
        for field in type(obj)._meta.concrete_fields:
            if field.is_relation and field.name != "service":
                value = getattr(obj, field.attname)
                if value is not None:
                    related[(field.related_model, value)] = getattr(obj, field.name)
    return related


def describe_objects(model, before, after) -> list[str]:
    """What changes from instance ``before`` to instance ``after`` (either None: added or
    removed), in the words of the timeline. Many-to-many fields are not compared here."""
    related = _related_of(before, after)
    if after is None:
        return _describe(model, _Live(before), _Live(before, "-"), related, {})
    return _describe(model, before and _Live(before), _Live(after), related, {})


def describe_terms(field, old, new) -> str | None:
    """ "Typy služby: + Terénní program, − Kontaktní centrum", or None if the same terms."""
    old, new = set(old), set(new)
    if old == new:
        return None
    names = [f"+ {term}" for term in sorted(new - old, key=str)]
    names += [f"− {term}" for term in sorted(old - new, key=str)]
    return f"{capfirst(field.verbose_name)}: {', '.join(names)}"
