"""Who may see and change what in the admin: the one scope resolver.

``scope_for(request)`` answers, for the signed-in user, which rows of a model are theirs
(``filter``), whether one object is (``allows``), what they may do with a model (``can``) and
which rows a foreign-key or many-to-many field may offer them (``choices``). The admin uses it
through ``directory.admin.mixins``; nothing else decides admin access.

The rules, by role (``Account.role``):

* Superusers: everything.
* Regional coordinator, with regions R:
  - a **service** is in R when it has a location in a municipality of R or a service area in
    R (a municipality, ORP or region of R); a service with neither (a fresh draft) belongs to
    the region of its organization's seat;
  - an **organization** is in R when its seat is in R or any of its services is;
  - an **event** is in R by its region; an event without a region by its organizer;
  - opening hours, service areas, closures and contacts follow their service; a location
    (shared by services of one organization) is theirs when one of its services is, or,
    offered by none yet, when its organization is;
  - **accounts**: editors and professionals attached to a region of R or to an organization
    in R (never coordinators or superusers). They grant only their own regions and the
    organizations wholly in R (no service or event outside it); saving an account keeps the
    grants they cannot offer. Nobody but a superuser changes an existing account's sign-in
    address or username (the password is chosen by its owner through the link sent there).
* Organization editor, with organizations O: the organizations O themselves (no adding),
  their services (with locations, opening hours, areas, closures) and the events they organize.
* Error reports (``services.models.Report``) follow their service, or the organization when
  they are about the organization itself; coordinators and editors view and resolve them.
* Proposed changes (``services.models.ProposedChange``) follow their service: coordinators
  approve or reject them, editors see them. The review switch of a region
  (``RegionReview``): that region's coordinators.
* Professionals and everybody else: nothing in the admin (they read the public site).

Places and the taxonomy are shared reference data: coordinators and editors read all of it.
Nobody but a superuser hard-deletes organizations, services or events (they are archived).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Q

from directory.models import (
    Account,
    Municipality,
    Organization,
    Orp,
    PlacePart,
    Publication,
    Region,
    Role,
)
from events.models import Event
from services.models import (
    SERVICE_PARTS,
    Location,
    ProposedChange,
    RegionReview,
    Report,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Term,
    lies_in,
)

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"

REFERENCE_DATA = (Region, Orp, Municipality, PlacePart, Term)

_READ = frozenset({VIEW})
_PARTS = frozenset({VIEW, ADD, CHANGE, DELETE})  # inline rows of a service they may change
# Error reports come from the public; keepers only work through them (and never delete one).
_REPORTS = frozenset({VIEW, CHANGE})

CAPABILITIES = {
    Role.COORDINATOR: {
        Organization: frozenset({VIEW, ADD, CHANGE}),
        Service: frozenset({VIEW, ADD, CHANGE}),
        Event: frozenset({VIEW, ADD, CHANGE}),
        Account: frozenset({VIEW, ADD, CHANGE}),
        Report: _REPORTS,
        # Approving or rejecting is a change; proposals come only from editors' saves.
        ProposedChange: frozenset({VIEW, CHANGE}),
        RegionReview: frozenset({VIEW, ADD, CHANGE}),
        **dict.fromkeys((*SERVICE_PARTS, Location), _PARTS),
        **dict.fromkeys(REFERENCE_DATA, _READ),
    },
    Role.EDITOR: {
        Organization: frozenset({VIEW, CHANGE}),
        Service: frozenset({VIEW, ADD, CHANGE}),
        Event: frozenset({VIEW, ADD, CHANGE}),
        Report: _REPORTS,
        ProposedChange: _READ,  # their organizations' proposals and what became of them
        **dict.fromkeys((*SERVICE_PARTS, Location), _PARTS),
        **dict.fromkeys(REFERENCE_DATA, _READ),
    },
}

# Fields that point at somebody else's data without editing it: besides their own rows they
# may offer anything already public (a participating organization from another region, the
# diocesan parent of a local branch). Ownership fields (a service's organization, an event's
# organizer) offer only rows in scope.
REFERENCE_FIELDS = {
    (Event, "participants"),
    (Event, "related_services"),
    (Organization, "parent"),
}

# Account fields whose choices are the coordinator's own regions, not all reference regions.
OWN_REGION_FIELDS = {(Account, "regions"), (RegionReview, "region")}
# Organizations a coordinator may make somebody an editor of: only those wholly theirs.
GRANTED_ORGANIZATION_FIELDS = {(Account, "organizations")}


class Scope:
    """The reach of one user; cheap to build (two queries), cached per request."""

    def __init__(self, user):
        self.user = user
        self.is_superuser = bool(user.is_active and user.is_superuser)
        self.role = None
        self.region_ids: list[int] = []
        self.organization_ids: list[int] = []
        self._allowed: dict[tuple[type, object], bool] = {}
        if self.is_superuser or not (user.is_active and user.is_staff):
            return
        try:
            account = user.account
        except (ObjectDoesNotExist, AttributeError):
            return
        self.role = account.role
        if self.role == Role.COORDINATOR:
            self.region_ids = sorted(account.regions.values_list("pk", flat=True))
        elif self.role == Role.EDITOR:
            self.organization_ids = sorted(account.organizations.values_list("pk", flat=True))

    def __repr__(self):
        return f"<Scope {self.user} {self.role or ('superuser' if self.is_superuser else '-')}>"

    # What they may do with a model.

    def can(self, action: str, model) -> bool:
        if self.is_superuser:
            return True
        return action in CAPABILITIES.get(self.role, {}).get(model, frozenset())

    def grantable_roles(self) -> set[str]:
        """Roles they may give an account: coordinators create editors and professionals."""
        if self.is_superuser:
            return set(Role.values)
        if self.can(ADD, Account):
            return {Role.EDITOR, Role.PROFESSIONAL}
        return set()

    # Which rows are theirs.

    def q(self, model) -> Q:
        """The condition on ``model`` rows in scope (superusers: use ``filter`` instead)."""
        if model in REFERENCE_DATA:
            return Q()
        if model is Service:
            return self._services()
        if model in SERVICE_PARTS or model is ProposedChange:
            return Q(service__in=Service.objects.filter(self._services()).values("pk"))
        if model is RegionReview:
            return Q(region__in=self.region_ids)
        if model is Location:
            return self._locations()
        if model is Organization:
            return self._organizations()
        if model is Event:
            return self._events()
        if model is Account:
            return self._accounts()
        if model is Report:
            return self._reports()
        return Q(pk__in=[])

    def filter(self, queryset):
        if self.is_superuser:
            return queryset
        if not self.can(VIEW, queryset.model):
            return queryset.none()
        return queryset.filter(self.q(queryset.model))

    def allows(self, obj, *, fresh: bool = False) -> bool:
        """Whether ``obj`` (a saved row) is in scope; one query per object unless cached."""
        if self.is_superuser:
            return True
        model = type(obj)
        key = (model, obj.pk)
        if fresh or key not in self._allowed:
            self._allowed[key] = self.filter(model._default_manager.filter(pk=obj.pk)).exists()
        return self._allowed[key]

    def choices(self, queryset, field):
        """The rows a form field (``field`` is the model field) may offer."""
        if self.is_superuser:
            return queryset
        owner = (field.model, field.name)
        if owner in OWN_REGION_FIELDS:
            return queryset.filter(pk__in=self.region_ids)
        if owner in GRANTED_ORGANIZATION_FIELDS:
            return queryset.filter(self._wholly_own_organizations())
        model = queryset.model
        if model in REFERENCE_DATA:
            return queryset
        if owner in REFERENCE_FIELDS:
            return queryset.filter(self.q(model) | Q(publication=Publication.PUBLISHED))
        return self.filter(queryset)

    # The rules (see the module docstring).

    def _services(self) -> Q:
        if self.role == Role.EDITOR:
            return Q(organization__in=self.organization_ids)
        if self.role != Role.COORDINATOR:
            return Q(pk__in=[])
        regions = self.region_ids
        mine = Region.objects.filter(pk__in=regions)
        located = ServiceAtLocation.objects.filter(lies_in(mine, "location__municipality"))
        covered = ServiceArea.objects.covering(mine)
        placed = ServiceAtLocation.objects.filter(
            service=OuterRef("pk"), location__municipality__isnull=False
        )
        areas = ServiceArea.objects.filter(service=OuterRef("pk"))
        return (
            Q(pk__in=located.values("service_id"))
            | Q(pk__in=covered.values("service_id"))
            | (Q(organization__municipality__region__in=regions) & ~Exists(placed) & ~Exists(areas))
        )

    def _locations(self) -> Q:
        """A location of a service in scope; one offered by no service yet (just added), by
        its organization."""
        services = Service.objects.filter(self._services()).values("pk")
        linked = ServiceAtLocation.objects.filter(service__in=services).values("location_id")
        organizations = Organization.objects.filter(self._organizations()).values("pk")
        unused = ~Exists(ServiceAtLocation.objects.filter(location=OuterRef("pk")))
        return Q(pk__in=linked) | (Q(organization__in=organizations) & unused)

    def _organizations(self) -> Q:
        if self.role == Role.EDITOR:
            return Q(pk__in=self.organization_ids)
        if self.role != Role.COORDINATOR:
            return Q(pk__in=[])
        with_services = Service.objects.filter(self._services()).values("organization_id")
        return Q(municipality__region__in=self.region_ids) | Q(pk__in=with_services)

    def _reports(self) -> Q:
        """A report follows its service; an organization's own report, the organization."""
        services = Service.objects.filter(self._services()).values("pk")
        organizations = Organization.objects.filter(self._organizations()).values("pk")
        return Q(service__in=services) | Q(service__isnull=True, organization__in=organizations)

    def _wholly_own_organizations(self) -> Q:
        """Organizations in scope none of whose services or events is outside it.

        An editor reaches every service and event of their organizations; granting an
        organization that is in scope only through some of its services would give the new
        editor, and so whoever holds their sign-in, more than the coordinator has.
        """
        if self.role != Role.COORDINATOR:
            return Q(pk__in=[])
        foreign_services = Service.objects.filter(organization=OuterRef("pk")).exclude(
            self._services()
        )
        foreign_events = Event.objects.filter(organizer=OuterRef("pk")).exclude(self._events())
        return self._organizations() & ~Exists(foreign_services) & ~Exists(foreign_events)

    def _events(self) -> Q:
        if self.role == Role.EDITOR:
            return Q(organizer__in=self.organization_ids)
        if self.role != Role.COORDINATOR:
            return Q(pk__in=[])
        organizers = Organization.objects.filter(self._organizations()).values("pk")
        return Q(region__in=self.region_ids) | Q(region__isnull=True, organizer__in=organizers)

    def _accounts(self) -> Q:
        if self.role != Role.COORDINATOR:
            return Q(pk__in=[])
        organizations = Organization.objects.filter(self._organizations()).values("pk")
        attached = Account.objects.filter(
            Q(regions__in=self.region_ids) | Q(organizations__in=organizations)
        ).values("pk")
        return Q(
            pk__in=attached,
            role__in=[Role.EDITOR, Role.PROFESSIONAL],
            user__is_superuser=False,
        )


def scope_for(request) -> Scope:
    """The scope of the request's user, built once per request."""
    scope = getattr(request, "_directory_scope", None)
    if scope is None or scope.user is not request.user:
        scope = Scope(request.user)
        request._directory_scope = scope
    return scope
