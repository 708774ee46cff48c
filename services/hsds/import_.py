"""HSDS 3.0 files → organizations and services (Czech profile).

Accepted: a JSON array of service objects, a ``service_list`` page (``contents``) or a single
service object. Rules (PRODUCT.md, "HSDS 3.0 interop, Czech profile"):

- **All or nothing per file.** Every record is checked and written inside one transaction;
  if any record is rejected, or on ``dry_run``, the transaction is rolled back and nothing is
  written. The report lists what was (or would be) created, updated and left unchanged, what
  was rejected and why, what was skipped as out of scope, and warnings.
- **Idempotent by HSDS id.** Services, organizations and service_at_locations are matched by
  their stored ``hsds_id`` or by the id our own export derives from the key; an organization
  also by its IČO. Re-importing updates in place; a record whose import would change nothing
  is reported "unchanged" and not written at all (no history entry, same ``last_modified``).
- **What a record replaces.** Scalar fields absent from a record are cleared. Arrays
  (``service_at_locations``, ``service_areas``, ``attributes``, ``languages``, ``phones``,
  ``cost_options``) replace ours when present and leave ours alone when absent, so a
  ``service_list`` page (one-to-one fields only) updates names and texts without dropping
  locations. Professional-only fields are written only from ``application_process`` and
  ``wait_time`` when present, and never cleared (our export never contains them).
- **Publication.** A service is published when ``publish=True`` (``--publish``) or when the
  record carries the profile attribute ``publication = published`` (our export writes it for
  every published service, so moving data between two directories keeps it public). Otherwise a
  new service is a draft and an existing one keeps its state: an import never unpublishes.
  An organization is published together with its first published service.
- **Places.** A location's municipality comes from ``external_identifier_type = cz_obec``, else
  from the address's city (+ postal code for names that repeat), ignoring case and diacritics;
  a Czech location that cannot be placed rejects its service. A location whose address is in
  another country is outside this directory: it is skipped and reported, and the service is
  imported without it (this is how the official ``examples/service_full.json``, a US service,
  imports). Service areas: ``extent`` ``obec:``/``orp:``/``kraj:`` codes, else the ``name``;
  an area given only as a geometry we cannot read and a name that is no Czech place is skipped.
- **Capacities** (HSDS 3.1 ``service_capacity``, the profile's extension): matched to ours by
  unit and rank (as their ids are derived), each keeping the file's ``updated``, so an old
  figure stays old; our waiting lists, which HSDS cannot carry, are kept.
- **Shared locations.** Service_at_locations of one organization's services whose location
  has the same HSDS id share one location of ours (written once, from the first of them); each
  keeps its own schedules there. A location none of the organization's services is offered at
  any more is removed.
- **Contacts.** ``phones`` (and the phones of ``contacts``) and the e-mails of ``email`` and
  ``contacts`` replace the service's public contacts in order, a phone's ``description`` and a
  contact's ``name`` as what it is for; contacts for professionals only are kept.
- **Taxonomy** terms are matched by code within our vocabularies; unknown codes are warnings.

What a record's values become is read by ``plans`` (and ``parsing``, ``places``); ``_Importer``
matches records to our rows and writes them, a ``write_…`` method per table.
"""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import Organization, Publication
from services.hsds import ids, parsing, plans, serializers, taxonomy
from services.hsds.export import full_queryset
from services.hsds.report import Entry, Report
from services.models import (
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCapacity,
    ServiceContact,
    sync_primary_contact,
)


class ImportFileError(Exception):
    """The file as a whole cannot be read (not JSON, not HSDS services)."""


class Rejected(Exception):
    def __init__(self, reasons):
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)


class _Unchanged(Exception):
    """Raised inside a savepoint to undo an update that changed nothing."""


def records_of(data) -> list:
    """The service records of a parsed file: an array, a ``service_list`` page, or one service."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, dict) and "id" in data and "name" in data:
        return [data]
    raise ImportFileError(
        _(
            "expected a JSON array of HSDS services, a service_list page with `contents`, or "
            "one service object"
        )
    )


# The official examples nest at most 12 levels deep. Reading the records recurses once or twice
# per level (NUL check, repr in messages …): a file nested a few hundred levels deep would
# exhaust Python's recursion limit there, and json itself does at a thousand or so.
MAX_DEPTH = 64


def loads(text: str | bytes) -> list:
    too_deep = ImportFileError(_("not valid JSON (nested too deeply)"))
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFileError(_("not valid JSON: %(error)s") % {"error": error}) from None
    except RecursionError:
        raise too_deep from None
    if _deeper_than(data, MAX_DEPTH):
        raise too_deep
    return records_of(data)


def _deeper_than(data, limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels, found without recursion."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        if depth > limit:
            return True
        pending.extend((item, depth + 1) for item in value)
    return False


def import_records(records, *, publish: bool = False, dry_run: bool = False) -> Report:
    report = Report(dry_run=dry_run)
    with transaction.atomic():
        _Importer(publish=publish, report=report).run(records)
        if dry_run or not report.ok:
            transaction.set_rollback(True)
    return report


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{field}: {message}" if field != "__all__" else str(message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [str(message) for message in error.messages]


def _full_clean(obj, exclude, problems, warnings, optional=("email", "website")):
    """Model validation; a bad e-mail or web address is left out with a warning rather than
    rejecting the whole file, anything else is a problem."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {}
        dropped = [field for field in optional if field in fields]
        if not dropped:
            problems.extend(_messages(error))
            return
        for field in dropped:
            warnings.append(
                _("%(field)s %(value)s is not valid, left out")
                % {"field": field, "value": repr(getattr(obj, field))}
            )
            setattr(obj, field, "")
        _full_clean(obj, exclude, problems, warnings, optional=())


def _save(obj):
    obj._change_reason = "HSDS import"  # shown in the admin history
    obj.save()


def _clean_or_reject(obj, describe, exclude=None) -> None:
    """``obj.full_clean()``; on errors, Rejected with each message as ``describe(message)``
    words it (which part of the record it is about)."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        raise Rejected([describe(message) for message in _messages(error)]) from None


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


class _Importer:
    def __init__(self, *, publish: bool, report: Report):
        self.publish = publish
        self.report = report
        # Locations written or read by this import, by (organization, HSDS location id).
        self.locations: dict[tuple[int, str], Location] = {}
        self.organizations_read: set[int] = set()
        self.organizations: dict[str, Organization | None] = {}
        self.organization_entries: dict[str, Entry] = {}
        self.parents: dict[str, str | None] = {}
        self.services_seen: set[str] = set()
        self.published_organizations: set[int] = set()
        self.terms = taxonomy.Terms()

    def run(self, records):
        for index, record in enumerate(records):
            self.record(index, record)
        self.link_parents()
        self.publish_organizations()

    # --- records --------------------------------------------------------------------------

    def record(self, index: int, record):
        if not isinstance(record, dict):
            self.report.rejected.append(
                Entry(
                    "service",
                    "",
                    _("record %(number)d") % {"number": index + 1},
                    [_("not a JSON object")],
                )
            )
            return
        name = parsing.name(record)
        service_id = ids.canonical(record.get("id"))
        entry = Entry("service", service_id or str(record.get("id") or ""), name)
        problems = []
        if service_id is None:
            problems.append(_("id is missing or not a UUID"))
        if not name.strip():
            problems.append(_("name is missing"))
        if service_id in self.services_seen:
            problems.append(_("the same service id appears twice in the file"))
        if _has_nul(record):
            problems.append(_("contains NUL characters (\\u0000), which cannot be stored"))
        if problems:
            self.reject(entry, problems)
            return
        self.services_seen.add(service_id)
        try:
            organization = self.organization_for(record)
            with transaction.atomic():
                created = self.service(record, service_id, organization, entry)
        except Rejected as error:
            self.reject(entry, error.reasons)
        except _Unchanged:
            self.report.unchanged.append(entry)
        else:
            (self.report.created if created else self.report.updated).append(entry)

    def reject(self, entry: Entry, reasons):
        entry.reasons = list(reasons)
        self.report.rejected.append(entry)

    def warn(self, entry: Entry, messages):
        for message in messages:
            self.report.warnings.append(Entry(entry.kind, entry.hsds_id, entry.name, [message]))

    # --- organizations --------------------------------------------------------------------

    def organization_for(self, record: dict) -> Organization:
        data = record.get("organization")
        if isinstance(data, dict):
            org_id = ids.canonical(data.get("id"))
            if org_id is None:
                raise Rejected([_("organization: id is missing or not a UUID")])
            if org_id not in self.organizations:
                self.organizations[org_id] = self.organization(org_id, data)
            if self.organizations[org_id] is None:
                raise Rejected([_("its organization %(id)s was rejected") % {"id": org_id}])
            return self.organizations[org_id]
        org_id = ids.canonical(record.get("organization_id"))
        if org_id is None:
            raise Rejected([_("the service has no organization (organization or organization_id)")])
        found = self.organizations.get(org_id) or ids.find(Organization.objects.all(), org_id)
        if found is None:
            raise Rejected(
                [
                    _("organization %(id)s is neither in the file nor in the directory")
                    % {"id": org_id}
                ]
            )
        return found

    def organization(self, org_id: str, data: dict) -> Organization | None:
        """Create or update the organization of ``data``, unless nothing changes; None when
        it is rejected."""
        entry = Entry("organization", org_id, parsing.name(data))
        problems, warnings = [], []
        name = parsing.text(data.get("name"), 200, "name", warnings)
        if not name:
            problems.append(_("name is missing"))
        ico = parsing.ico(data, warnings)
        existing = self.matching_organization(org_id, ico, warnings)
        if existing is not None:
            self.report.saw(existing)
        organization = existing or Organization(publication=Publication.DRAFT)
        # Store the file's id from now on; only a real change if it differs from the id our
        # export derived for this row so far.
        adopts_other_id = (
            existing is not None
            and not existing.hsds_id
            and org_id != ids.derived_id(Organization, existing.pk)
        )
        if not organization.hsds_id:
            organization.hsds_id = org_id
        values = {"name": name, **plans.organization_fields(data, warnings)}
        if ico is not None:
            values["ico"] = ico
        parent = data.get("parent_organization_id")
        self.parents[org_id] = ids.canonical(parent) if parent else None
        changed = (
            existing is None
            or adopts_other_id
            or any(getattr(organization, field) != value for field, value in values.items())
        )
        for field, value in values.items():
            setattr(organization, field, value)
        if not problems:
            _full_clean(organization, ["slug", "parent"], problems, warnings)
        self.warn(entry, warnings)
        if problems:
            self.reject(entry, problems)
            return None
        if changed:
            _save(organization)
            (self.report.created if existing is None else self.report.updated).append(entry)
        else:
            self.report.unchanged.append(entry)
        self.organization_entries[org_id] = entry
        return organization

    def matching_organization(self, org_id: str, ico: str | None, warnings) -> Organization | None:
        """Ours with the HSDS id ``org_id``, else the one with the IČO (saying so when it has
        another HSDS id)."""
        existing = ids.find(Organization.objects.all(), org_id)
        if existing is None and ico:
            existing = Organization.objects.filter(ico=ico).first()
            if existing is not None and existing.hsds_id and existing.hsds_id != org_id:
                warnings.append(
                    _("matched by IČO %(ico)s to the organization with HSDS id %(id)s")
                    % {"ico": ico, "id": existing.hsds_id}
                )
        return existing

    def link_parents(self):
        for org_id, parent_id in self.parents.items():
            organization = self.organizations.get(org_id)
            if organization is None:
                continue
            parent = None
            if parent_id:
                parent = self.organizations.get(parent_id) or ids.find(
                    Organization.objects.all(), parent_id
                )
                if parent is None or parent.pk == organization.pk:
                    self.warn(
                        self.organization_entries[org_id],
                        [_("parent organization %(id)s not found, left empty") % {"id": parent_id}],
                    )
                    parent = None
            if organization.parent_id != (parent.pk if parent else None):
                organization.parent = parent
                _save(organization)
                self.promote(self.organization_entries[org_id])

    def promote(self, entry: Entry):
        """Move an organization reported unchanged to updated (parent or publication set)."""
        if any(item is entry for item in self.report.unchanged):
            self.report.unchanged = [item for item in self.report.unchanged if item is not entry]
            self.report.updated.append(entry)

    def publish_organizations(self):
        for org_id, organization in self.organizations.items():
            if (
                organization is not None
                and organization.pk in self.published_organizations
                and organization.publication == Publication.DRAFT
            ):
                organization.publication = Publication.PUBLISHED
                _save(organization)
                self.promote(self.organization_entries[org_id])

    # --- services -------------------------------------------------------------------------

    def service(self, record: dict, service_id: str, organization, entry: Entry) -> bool:
        """Create or update one service inside the caller's savepoint; True if created."""
        problems, warnings = [], []
        existing = ids.find(Service.objects.all(), service_id)
        if existing is not None:
            self.report.saw(existing)
        before = self.snapshot(existing) if existing else None
        service = existing or Service(publication=Publication.DRAFT)
        service.hsds_id = service_id
        service.organization = organization
        fields = plans.service_fields(record, problems, warnings, publish=self.publish)
        for field, value in fields.items():
            setattr(service, field, value)
        contacts = plans.contacts(record, service.email, warnings)
        if contacts is not None:
            # What sync_primary_contact makes of them (the contacts are written later).
            service.phone, service.email = plans.primary_contact(contacts)
        terms = plans.terms(record, self.terms, warnings)
        skipped = []
        locations = plans.locations(record, problems, warnings, skipped)
        areas = plans.areas(record, problems, warnings, skipped)
        capacities = plans.capacities(record, problems, warnings)
        for reason in skipped:
            self.report.skipped.append(Entry(entry.kind, entry.hsds_id, entry.name, [reason]))
        if not problems:
            _full_clean(service, ["slug"], problems, warnings)
        self.warn(entry, warnings)
        if problems:
            raise Rejected(problems)
        _save(service)
        if service.is_published:
            self.published_organizations.add(organization.pk)
        for field, chosen in terms.items():
            getattr(service, field).set(chosen)
        if locations is not None:
            self.write_locations(service, locations)
        if areas is not None:
            self.write_areas(service, areas)
        if capacities is not None:
            self.write_capacities(service, capacities)
        if contacts is not None:
            self.write_contacts(service, contacts)
        if before is not None and self.snapshot(service) == before:
            raise _Unchanged
        return existing is None

    def write_areas(self, service: Service, planned: list[plans.AreaPlan]):
        """The file's service areas replace the service's."""
        service.areas.all().delete()
        for plan in planned:
            area = ServiceArea(service=service, note=plan.note, **{plan.field: plan.place})
            _clean_or_reject(
                area,
                lambda message, place=plan.place: (
                    _("service area %(place)s: %(message)s") % {"place": place, "message": message}
                ),
            )
            _save(area)

    def write_capacities(self, service: Service, planned: list[plans.CapacityPlan]):
        """The n-th capacity of a unit in the file updates our n-th of that unit (their ids
        are derived so); the rest are added or removed. Unchanged rows are not saved."""
        current: dict[str, list[ServiceCapacity]] = {}
        for item in service.capacities.order_by("unit", "id"):
            current.setdefault(item.unit, []).append(item)
        kept = []
        for plan in planned:
            matches = current.get(plan.unit)
            item = matches.pop(0) if matches else ServiceCapacity(service=service)
            # The export writes milliseconds: the same figure read back is no change.
            stored = item.updated_at.replace(microsecond=item.updated_at.microsecond // 1000 * 1000)
            values = {
                "unit": plan.unit,
                "maximum": plan.maximum,
                "available": plan.available,
                "note": plan.note,
                "updated_at": item.updated_at if stored == plan.updated_at else plan.updated_at,
            }
            changed = item.pk is None or any(
                getattr(item, field) != value for field, value in values.items()
            )
            for field, value in values.items():
                setattr(item, field, value)
            if changed:
                item.updated_by = None  # the file's figures, not a user's
                _clean_or_reject(
                    item,
                    lambda message, item=item: (
                        _("capacity %(capacity)s: %(message)s")
                        % {"capacity": item, "message": message}
                    ),
                    exclude=["service"],
                )
                _save(item)
            kept.append(item.pk)
        service.capacities.exclude(pk__in=kept).delete()

    @staticmethod
    def snapshot(service: Service) -> dict:
        """What the service exports as, minus the time it last changed: 10 queries."""
        data = serializers.service_full(
            full_queryset(Service.objects.filter(pk=service.pk)).get(), organization=False
        )
        data.pop("last_modified", None)
        return data

    def write_contacts(self, service: Service, planned: list[tuple[str, str, str]]):
        """The file's phones and e-mails replace the service's public contacts, in order;
        professional-only ones (never exported) are kept, after them."""
        public = list(service.contacts.filter(professional_only=False).order_by("position", "id"))
        current = [(c.kind, c.value, c.purpose) for c in public]
        if current == planned:
            return
        service.contacts.filter(professional_only=False).delete()
        for position, (kind, value, purpose) in enumerate(planned):
            _save(
                ServiceContact(
                    service=service, kind=kind, value=value, purpose=purpose, position=position
                )
            )
        for position, contact in enumerate(
            service.contacts.filter(professional_only=True).order_by("position", "id"),
            start=len(planned),
        ):
            if contact.position != position:
                contact.position = position
                _save(contact)
        sync_primary_contact(service.pk)

    def shared_location(self, service: Service, plan: plans.LocationPlan):
        """The location of ours that the file's location ``plan.location_id`` is: one already
        written by this import for the same organization, else one of the organization's whose
        exported location id it is (one query per organization). None: a new one."""
        if plan.location_id is None:
            return None
        key = (service.organization_id, plan.location_id)
        if key in self.locations:
            return self.locations[key]
        if service.organization_id not in self.organizations_read:
            self.organizations_read.add(service.organization_id)
            for location in Location.objects.filter(organization_id=service.organization_id):
                exported = ids.location_of(location)
                self.locations.setdefault((service.organization_id, exported), location)
        return self.locations.get(key)

    def write_locations(self, service: Service, located: list[plans.LocationPlan]):
        current = {ids.of(link): link for link in service.location_links.select_related("location")}
        kept = []
        for plan in located:
            link = current.get(plan.sal_id)
            location = (
                link.location
                if link is not None
                else self.shared_location(service, plan)
                or Location(organization=service.organization)
            )
            if location.pk is None:
                location.hsds_id = plan.sal_id
                # The file's location id, so exporting it again gives the same one.
                location.hsds_location_id = plan.location_id or ""
            if plan.location_id is not None:
                self.locations[(service.organization_id, plan.location_id)] = location
            changed = location.pk is None or any(
                getattr(location, field) != value for field, value in plan.fields.items()
            )
            for field, value in plan.fields.items():
                setattr(location, field, value)
            name = plan.fields["name"] or plan.sal_id
            _clean_or_reject(
                location,
                lambda message, name=name: (
                    _("location %(name)s: %(message)s") % {"name": name, "message": message}
                ),
                exclude=["organization"],
            )
            if changed:
                _save(location)
            if link is None or link.location_id != location.pk:
                link = ServiceAtLocation(service=service, location=location, hsds_id=plan.sal_id)
                _save(link)
            kept.append(link.pk)
            Schedule.objects.filter(service=service, location=location).delete()
            for row in plan.schedules:
                schedule = Schedule(service=service, location=location, **row.as_fields())
                _clean_or_reject(
                    schedule,
                    lambda message, location=location: (
                        _("a schedule at %(location)s: %(message)s")
                        % {"location": location, "message": message}
                    ),
                )
                _save(schedule)
        gone = service.location_links.exclude(pk__in=kept)
        left = [link.location_id for link in gone]
        gone.delete()
        # A location none of the organization's services is offered at any more goes too.
        Location.objects.filter(pk__in=left, service_links__isnull=True).delete()
