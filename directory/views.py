from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from directory import structured_data
from directory.models import Municipality, Organization, Publication, Region
from directory.text import fold
from events.models import Event
from services import weekdays
from services.models import Location, Service, ServiceArea, ServiceStatus, Term, Vocabulary
from services.profile import map_points

# Services the public pages count and list: published and active or planned.
LISTED = Q(
    publication=Publication.PUBLISHED, status__in=[ServiceStatus.ACTIVE, ServiceStatus.PLANNED]
)


def _count(queryset):
    """``SELECT COUNT(*)`` of ``queryset`` as a subquery expression (no GROUP BY)."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def regions_with_counts():
    """Regions with the number of listed services that reach them, in one query.

    A service counts in a region when it has a location (premises or outreach stop) in one of
    the region's municipalities, or when its service area is the region or lies in it (an ORP
    or a municipality of the region). Each service counts once per region.
    """
    region = OuterRef(OuterRef("pk"))
    located = Location.objects.filter(service=OuterRef("pk"), municipality__region=region)
    covered = ServiceArea.objects.filter(service=OuterRef("pk")).filter(
        Q(region=region) | Q(orp__region=region) | Q(municipality__region=region)
    )
    reaching = Service.objects.filter(LISTED).filter(Exists(located) | Exists(covered))
    return Region.objects.annotate(service_count=_count(reaching))


def types_with_counts():
    """Service types with the number of listed services of each type, in one query."""
    return Term.objects.of(Vocabulary.SERVICE_TYPE).annotate(
        service_count=Count(
            "services_of_type",
            filter=Q(
                services_of_type__publication=Publication.PUBLISHED,
                services_of_type__status__in=[ServiceStatus.ACTIVE, ServiceStatus.PLANNED],
            ),
        )
    )


@require_safe
def home(request):
    """Quick search first, then regions and types with counts, then upcoming events (5 queries)."""
    listed_services = Service.objects.filter(LISTED)
    towns = (
        Municipality.objects.filter(locations__service__in=listed_services)
        .values_list("name", flat=True)
        .order_by("name")
        .distinct()
    )
    return render(
        request,
        "directory/home.html",
        {
            # Sorted here: database collations put "Ústecký" after "Zlínský".
            "regions": sorted(regions_with_counts(), key=lambda region: fold(region.name)),
            "types": [term for term in types_with_counts() if term.service_count],
            "towns": towns,
            "days": list(zip(weekdays.CODES, weekdays.NAMES, strict=True)),
            "events": Event.objects.published().upcoming().for_listing()[:5],
            "meta_title": _("Directory of addiction services"),
        },
    )


@never_cache
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /i18n/",
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class OrganizationList(ListView):
    """Published organizations with their seat and number of published services (2 queries)."""

    template_name = "directory/organization_list.html"
    paginate_by = 50
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return (
            Organization.objects.published()
            .select_related("municipality", "parent")
            .annotate(
                service_count=Count(
                    "services", filter=Q(services__publication=Publication.PUBLISHED)
                )
            )
            .order_by("name", "id")  # aggregation drops Meta.ordering
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "meta_title": _("Organizations"),
            "meta_description": _(
                "Organizations that run addiction services in the Czech Republic, with their "
                "services, places and events."
            ),
        }


class OrganizationDetail(DetailView):
    """An organization with its services, places and events (fixed number of queries).

    Staff may preview an unpublished organization; everybody else gets 404.
    """

    template_name = "directory/organization_detail.html"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        organizations = Organization.objects.select_related(
            "municipality__region", "parent", "municipality"
        )
        return organizations if self.request.user.is_staff else organizations.published()

    def get_context_data(self, **kwargs):
        organization = self.object
        # The information for professionals is not shown here: never load it.
        services = list(
            Service.objects.published()
            .filter(organization=organization)
            .defer(*Service.PROFESSIONAL_FIELDS)
            .for_listing()
        )
        branches = list(organization.branches.published())
        events = (
            Event.objects.published()
            .filter(Q(organizer=organization) | Q(participants=organization))
            .distinct()
            .for_listing()
        )
        locations = [location for service in services for location in service.locations.all()]
        parent = organization.parent
        return super().get_context_data(**kwargs) | {
            "services": services,
            "branches": branches,
            "parent": parent if parent and parent.is_published else None,
            "upcoming_events": list(events.upcoming()),
            "past_events": list(events.past()[:20]),
            "map_points": map_points(locations),
            "jsonld": structured_data.organization_jsonld(
                organization, branches=branches, services=services
            ),
            "meta_title": organization.name,
            "meta_description": _organization_description(organization, services),
            "ServiceStatus": ServiceStatus,
        }


def _organization_description(organization, services) -> str:
    text = " ".join((organization.description or "").split())
    if not text:
        text = _("%(name)s: %(services)s") % {
            "name": organization.name,
            "services": ", ".join(service.name for service in services),
        }
    return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "…"
