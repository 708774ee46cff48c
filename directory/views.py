import sys

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import bad_request as django_bad_request
from django.views.defaults import server_error as django_server_error
from django.views.generic import DetailView, ListView

from directory import cache, structured_data
from directory.models import Organization, Publication, Region
from directory.paging import ForgivingPagination
from directory.text import fold
from events.models import Event
from services import weekdays
from services.models import (
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Term,
    Vocabulary,
)
from services.profile import map_points
from services.querysets import PUBLIC

# Services the public pages count and list: published and active or planned.
LISTED = PUBLIC & Q(status__in=[ServiceStatus.ACTIVE, ServiceStatus.PLANNED])


def listed_service_counts() -> dict[str, dict[int, int]]:
    """Listed services per region id and per service type id. Counting them reads the whole
    directory (about 0.1 s at national scale) and the home page shows them on every visit, so
    they come from the cache: two queries on a miss, none on a hit."""
    return cache.computed(
        "home-counts", lambda: {"regions": region_counts(), "types": type_counts()}
    )


def region_counts() -> dict[int, int]:
    """Listed services reaching each region, by region id, in one query.

    A service counts in a region when it has a location (premises or outreach stop) in one of
    the region's municipalities, or when its service area is the region or lies in it (an ORP
    or a municipality of the region). Each service counts once per region: the (region,
    service) pairs of the four ways are counted distinct per region in a single pass, instead
    of a subquery per region and service.
    """
    listed = Service.objects.filter(LISTED).values("pk")

    def pairs(queryset, region):
        return queryset.order_by().values(reached_region=F(region), reached_service=F("service"))

    areas = ServiceArea.objects.filter(service__in=listed)
    reach = pairs(
        ServiceAtLocation.objects.filter(service__in=listed, location__municipality__isnull=False),
        "location__municipality__region",
    ).union(
        pairs(areas.filter(region__isnull=False), "region"),
        pairs(areas.filter(orp__isnull=False), "orp__region"),
        pairs(areas.filter(municipality__isnull=False), "municipality__region"),
        all=True,
    )
    sql, params = reach.query.sql_with_params()
    # The ORM cannot aggregate over a UNION: wrap its SQL.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reached_region, COUNT(DISTINCT reached_service) "
            f"FROM ({sql}) AS reach GROUP BY reached_region",
            params,
        )
        return dict(cursor.fetchall())


def type_counts() -> dict[int, int]:
    """Listed services of each service type, by term id, in one query."""
    return dict(
        Term.objects.of(Vocabulary.SERVICE_TYPE)
        .filter(services_of_type__in=Service.objects.filter(LISTED))
        .annotate(service_count=Count("services_of_type"))
        .values_list("pk", "service_count")
    )


@require_safe
def home(request):
    """Quick search first, then regions and types with counts, then upcoming events.

    Four queries (regions, types, events and their audiences), two more when the counts are
    not cached.
    """
    counts = listed_service_counts()
    regions = list(Region.objects.all())
    for region in regions:
        region.service_count = counts["regions"].get(region.pk, 0)
    types = list(Term.objects.of(Vocabulary.SERVICE_TYPE))
    for term in types:
        term.service_count = counts["types"].get(term.pk, 0)
    return render(
        request,
        "directory/home.html",
        {
            # Sorted here: database collations put "Ústecký" after "Zlínský".
            "regions": sorted(regions, key=lambda region: fold(region.name)),
            "types": [term for term in types if term.service_count],
            "days": list(zip(weekdays.CODES, weekdays.NAMES, strict=True)),
            "events": Event.objects.published().upcoming().for_listing()[:5],
            "meta_title": _("Directory of addiction services"),
        },
    )


def server_error(request):
    """handler500: the 503 page when the error was the database being unreachable (raised
    outside any view, so the page cache's ``process_exception`` never saw it), else Django's
    static 500 page."""
    return cache.outage_response(request, sys.exception()) or django_server_error(request)


def bad_request(request, exception):
    """handler400: a form over DATA_UPLOAD_MAX_MEMORY_SIZE gets a page saying so (413); other
    bad requests get Django's page. Neither renders with the request, which may be what is
    broken (its query string, its host): the active language is enough."""
    if isinstance(exception, RequestDataTooBig):
        context = {"max_size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
        return HttpResponse(render_to_string("request_too_large.html", context), status=413)
    return django_bad_request(request, exception)


@never_cache
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 when it does not. The body
    also says whether Redis answers: a node without its cache still serves every page (only
    slower), so taking it out of the pool would not help (README)."""
    lines = []
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        lines.append("database unavailable")
        status = 503
    else:
        lines.append("ok")
    reachable = getattr(django_cache, "reachable", None)
    if reachable is not None:
        lines.append("redis ok" if reachable() else "redis unavailable")
    return HttpResponse(
        "".join(f"{line}\n" for line in lines), status=status, content_type="text/plain"
    )


@require_safe
def favicon(request):
    """Clients that ask for /favicon.ico without reading the page's icon link get the SVG."""
    return redirect(static("favicon.svg"), permanent=True)


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


class OrganizationList(ForgivingPagination, ListView):
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
