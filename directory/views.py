import dataclasses
import sys
from collections import Counter

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import get_language
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


def listed_service_counts() -> dict[str, dict[int, int]]:
    """Listed services per region id and per service type id. Counting them reads the whole
    directory (about 0.1 s at national scale) and the home page shows them on every visit, so
    they come from the cache: two queries on a miss, none on a hit."""
    return cache.cached_until_change(
        "home-counts", lambda: {"regions": region_counts(), "types": type_counts()}
    )


def region_counts() -> dict[int, int]:
    """Listed services reaching each region, by region id, in one query.

    A service counts in a region when it has a location (premises or outreach stop) in one of
    the region's municipalities, or a service area covering the region
    (``ServiceAreaQuerySet.covering``: the region itself, or an ORP or a municipality of it,
    turned round by ``with_covered_region``). The database returns the distinct (region,
    service) pairs of both ways in one UNION and Python counts them: a filtered count per
    region made PostgreSQL scan each region's list of services once per service (~1 s).
    """
    listed = Service.objects.listed().values("pk")
    located = (
        ServiceAtLocation.objects.filter(service__in=listed, location__municipality__isnull=False)
        .order_by()
        .values_list("location__municipality__region_id", "service_id")
    )
    covered = (
        ServiceArea.objects.filter(service__in=listed)
        .with_covered_region()
        .order_by()
        .values_list("covered_region", "service_id")
    )
    return dict(Counter(region for region, _service in located.union(covered)))


def type_counts() -> dict[int, int]:
    """Listed services of each service type, by term id, in one query."""
    return dict(
        Term.objects.of(Vocabulary.SERVICE_TYPE)
        .filter(services_of_type__in=Service.objects.listed())
        .annotate(service_count=Count("services_of_type"))
        .values_list("pk", "service_count")
    )


@dataclasses.dataclass(frozen=True)
class UpcomingEvents:
    """The home page's events section, and its events as far as ``Event.has_ended`` reads
    them, to tell when the section is out of date."""

    html: str
    events: list[Event]


def home_directory() -> str:
    """The quick search, the types and the regions with their counts (HTML). Two queries
    (regions, types), two more when the counts are not cached."""
    counts = listed_service_counts()
    regions = list(Region.objects.only("name", "slug"))
    for region in regions:
        region.service_count = counts["regions"].get(region.pk, 0)
    types = list(Term.objects.of(Vocabulary.SERVICE_TYPE).only("code", "name_cs", "name_en"))
    for term in types:
        term.service_count = counts["types"].get(term.pk, 0)
    context = {
        # Sorted here: database collations put "Ústecký" after "Zlínský".
        "regions": sorted(regions, key=lambda region: fold(region.name)),
        "types": [term for term in types if term.service_count],
        "days": list(zip(weekdays.CODES, weekdays.NAMES, strict=True)),
    }
    return render_to_string("directory/_home_directory.html", context)


def upcoming_events(now) -> UpcomingEvents:
    """The five soonest events not over at ``now`` (two queries: events, audiences)."""
    events = list(Event.objects.published().upcoming(now).for_listing()[:5])
    return UpcomingEvents(
        html=render_to_string("directory/_home_events.html", {"events": events}),
        events=[
            Event(
                pk=event.pk, all_day=event.all_day, starts_at=event.starts_at, ends_at=event.ends_at
            )
            for event in events
        ],
    )


@require_safe
def home(request):
    """Quick search first, then regions and types with counts, then upcoming events.

    The same for everybody but the header: both parts are rendered once per language and
    content version and kept in the fragment cache (no query on a hit, one ``get_many``;
    four queries on a miss, two more when the counts are not cached either). The events
    part is followed to a newer one as soon as one of its events is over.
    """
    now = timezone.now()
    language = get_language()
    events_key = f"home-events:{language}"
    parts = cache.fragments(
        {"directory": f"home:{language}", "events": events_key},
        lambda missing: {
            name: home_directory() if name == "directory" else upcoming_events(now)
            for name in missing
        },
    )
    events = parts["events"]
    while ended := [event.pk for event in events.events if event.has_ended(now)]:
        # The next list, computed once after the first of them ended. Each step lengthens
        # the key, so the chain cannot loop, and a list computed now has nothing over.
        events_key = f"{events_key}>{ended[0]}"
        events = cache.fragment(events_key, lambda: upcoming_events(now))
    return render(
        request,
        "directory/home.html",
        {
            "directory": parts["directory"],
            "events": events.html,
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
        return organizations.visible_to(self.request.user)

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
            "map_points": [point for location in locations if (point := location.map_point())],
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
