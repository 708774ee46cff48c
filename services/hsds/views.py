"""The HSDS 3.0 read API at ``/api/`` (schema/openapi.json of HSDS 3.0, plus our filters).

Every response is JSON (errors too: ``{"status": 404, "message": …}``), readable from any
origin (CORS ``*``; GET, HEAD and OPTIONS only), with Django's ETag on a GET (a hash of the
body, so it is always exact) and, where the content depends on stored rows only,
Last-Modified; conditional GETs get 304. Only published services and organizations are shown,
never the professional-only fields. List pages cost a fixed number of queries, whatever their
size.
"""

import datetime
import functools
import hashlib
import json
import math
import re

from django.core.paginator import Paginator
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import conditional_page

from directory.cache import cached_until_change
from directory.models import Municipality, Organization
from directory.text import fold
from directory.validators import normalise_postal_code
from services.hsds import HSDS_VERSION, filtering, ids, openapi, serializers, taxonomy
from services.hsds.export import full_queryset
from services.models import Schedule, Service, ServiceArea, ServiceAtLocation, Term, alerts_prefetch

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_PARAMETER_LENGTH = 500
METRES_PER_DEGREE = 111_320.0


class ApiError(Exception):
    def __init__(self, status: int, message: str, errors: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors


def _json_response(payload, status=200) -> HttpResponse:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json")


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def _error(status, message, errors=None):
    payload = {"status": status, "message": message}
    if errors:
        payload["errors"] = errors
    response = _json_response(payload, status=status)
    patch_vary_headers(response, ["Accept-Language"])
    return response


def api(view):
    """JSON, CORS, conditional GET and JSON errors around a view returning
    ``(payload, last_modified or None)``.

    Error messages are Czech, as the pages, unless the client asks for English: by the language
    cookie, as on the pages, or (a program has none) by Accept-Language.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(translation.get_language_from_request(request)):
            return _cors(conditional_answer(request, *args, **kwargs))

    def answer(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        if request.method not in ("GET", "HEAD"):
            response = _error(
                405,
                _("%(method)s is not allowed: this API is read-only.")
                % {"method": request.method[:20]},
            )
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        if any("\x00" in str(value) or len(str(value)) > 200 for value in kwargs.values()):
            return _error(404, _("No such object: the id is not valid."))
        try:
            for name, values in request.GET.lists():
                for value in values:
                    if "\x00" in value or len(value) > MAX_PARAMETER_LENGTH:
                        raise ApiError(
                            400,
                            _("Parameter “%(name)s” is too long or not text.")
                            % {"name": name[:50]},
                        )
            payload, last_modified = view(request, *args, **kwargs)
        except ApiError as error:
            return _error(error.status, error.message, error.errors)
        response = _json_response(payload)
        if last_modified:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        patch_cache_control(response, public=True, max_age=60)
        return response

    # Django's ETag (a hash of the body) and 304 for a GET, as ConditionalGetMiddleware gives
    # every page, but inside _cors: a 304 needs the CORS headers too, and the middleware's own
    # would come after them.
    conditional_answer = conditional_page(answer)

    # The API is read-only and answers every unsafe method with its JSON 405 above; without
    # the exemption CsrfViewMiddleware would answer a POST first, with its HTML 403.
    return csrf_exempt(wrapper)


# --- parameters ---------------------------------------------------------------------------


def _integer(request, name, default, *, minimum=1):
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", value) or int(value) < minimum:
        raise ApiError(
            400,
            _("%(name)s must be a whole number of at least %(minimum)s.")
            % {"name": name, "minimum": minimum},
        )
    return int(value)


def _flag(request, name) -> bool:
    value = request.GET.get(name, "").strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise ApiError(400, _("%(name)s must be true or false.") % {"name": name})


def _stored_count(request, queryset) -> int:
    """``queryset.count()``, cached under the content version and the list's parameters.

    Only for lists that depend on stored rows alone (not on the time of day): any saved
    change bumps the version. Saves a COUNT over the whole table on every page of a list.
    """
    parameters = sorted(
        (name, values)
        for name, values in request.GET.lists()
        if name not in ("page", "per_page", "full")
    )
    digest = hashlib.sha256(repr((request.path, parameters)).encode()).hexdigest()
    return cached_until_change(f"hsds-count:{digest}", queryset.count)


def _paginate(request, items, *, count: int | None = None) -> tuple[list, dict]:
    """One page of ``items`` (a queryset costs a COUNT, unless ``count`` is given, and the
    page query) and the HSDS ``Page`` fields."""
    number = _integer(request, "page", 1)
    per_page = min(_integer(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: this spares its query
    if number > paginator.num_pages:
        raise ApiError(
            404,
            _("There is no page %(number)s: there are %(pages)s.")
            % {"number": number, "pages": paginator.num_pages},
        )
    page = paginator.page(number)
    objects = list(page.object_list)
    return objects, {
        "total_items": paginator.count,
        "total_pages": paginator.num_pages,
        "page_number": number,
        "size": len(objects),
        "first_page": number == 1,
        "last_page": number == paginator.num_pages,
        "empty": paginator.count == 0,
    }


def _check_format(request):
    if request.GET.get("format", "json").lower() != "json":
        raise ApiError(400, _("format: only json is available."))


def _latest_change():
    """The last time any service or organization was saved (2 queries), for Last-Modified of
    lists that depend on stored rows only."""
    latest = [
        Service.objects.aggregate(at=Max("updated_at"))["at"],
        Organization.objects.aggregate(at=Max("updated_at"))["at"],
    ]
    return max((at for at in latest if at), default=None)


def _services_matching(request, queryset, service_ref="pk"):
    """The HSDS filters shared by /services and /service_at_locations."""
    prefix = "" if service_ref == "pk" else "service__"
    term_id = request.GET.get("taxonomy_term_id", "").strip().lower()
    if term_id:
        key = {
            taxonomy.term_id(vocabulary, code): (vocabulary, code)
            for vocabulary, code in Term.objects.values_list("vocabulary", "code")
        }.get(term_id)
        field = taxonomy.SERVICE_VOCABULARIES.get(key[0]) if key else None
        if field is None:
            return queryset.none()
        through = getattr(Service, field).through
        queryset = queryset.filter(
            Exists(
                through.objects.filter(
                    service_id=OuterRef(service_ref), term__vocabulary=key[0], term__code=key[1]
                )
            )
        )
    taxonomy_id = request.GET.get("taxonomy_id", "").strip().lower()
    if taxonomy_id:
        vocabularies = {taxonomy.taxonomy_id(v): v for v in taxonomy.TAXONOMY_DESCRIPTIONS}
        vocabulary = vocabularies.get(taxonomy_id)
        if vocabulary is None:
            return queryset.none()
        if vocabulary != taxonomy.PROFILE:  # profile attributes are on every service
            through = getattr(Service, taxonomy.SERVICE_VOCABULARIES[vocabulary]).through
            queryset = queryset.filter(
                Exists(through.objects.filter(service_id=OuterRef(service_ref)))
            )
    organization_id = request.GET.get("organization_id", "").strip()
    if organization_id:
        pks = ids.pks_for(Organization.objects.all(), organization_id)
        queryset = queryset.filter(**{f"{prefix}organization_id__in": pks})
    modified_after = request.GET.get("modified_after", "").strip()
    if modified_after:
        queryset = queryset.filter(**{f"{prefix}updated_at__gte": _moment(modified_after)})
    for word in fold(request.GET.get("search", "")).split():
        condition = Q(**{f"{prefix}search_text__contains": word})
        if prefix:
            condition |= Q(location__municipality__search_name__contains=word)
        queryset = queryset.filter(condition)
    return queryset


def _moment(text):
    try:
        moment = parse_datetime(text.replace(" ", "+"))  # "+" arrives as a space if unencoded
        if moment is None and (day := parse_date(text)) is not None:
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        moment = None
    if moment is None:
        raise ApiError(400, _("modified_after must be a date or date-time (ISO 8601)."))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _published_services():
    return Service.objects.published().select_related("organization__parent")


# --- endpoints ----------------------------------------------------------------------------


@api
def index(request):
    return {
        "version": HSDS_VERSION,
        "profile": request.build_absolute_uri(reverse("hsds:profile")),
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
    }, None


@api
def profile(request):
    return openapi.profile(), None


@api
def openapi_document(request):
    return openapi.document(request.build_absolute_uri(reverse("hsds:index")).rstrip("/")), None


@api
def services(request):
    _check_format(request)
    full = _flag(request, "full")
    queryset = _services_matching(request, _published_services())
    try:
        queryset = filtering.apply(queryset, request.GET)
    except filtering.FilterError as error:
        raise ApiError(400, _("Invalid search filters."), error.errors) from None
    # The directory's filters (day, time, open_now …) depend on the clock, the rest on rows.
    by_rows_only = not filtering.is_filtering(request.GET)
    count = _stored_count(request, queryset) if by_rows_only else None
    if full:
        queryset = full_queryset(queryset)
    page, meta = _paginate(request, queryset, count=count)
    render = serializers.service_full if full else serializers.service_summary
    last_modified = _latest_change() if by_rows_only else None
    return meta | {"contents": [render(service) for service in page]}, last_modified


def _one(queryset, hsds_id, missing: str):
    """The object ``hsds_id`` of ``queryset``; else a 404 with ``missing`` (a message with
    ``%(id)s``)."""
    found = ids.find(queryset, hsds_id)
    if found is None:
        raise ApiError(404, missing % {"id": str(hsds_id)[:100]})
    return found


@api
def service(request, hsds_id):
    found = _one(
        full_queryset(_published_services()),
        hsds_id,
        _("No published service has the id “%(id)s”."),
    )
    return serializers.service_full(found), max(found.updated_at, found.organization.updated_at)


@api
def organizations(request):
    _check_format(request)
    full = _flag(request, "full")
    queryset = Organization.objects.published().select_related("parent")
    if full:
        queryset = queryset.select_related("municipality__region")
    # As the services' search: each word anywhere in the name, ignoring case and diacritics.
    for word in fold(request.GET.get("search", "")).split():
        queryset = queryset.filter(search_name__contains=word)
    page, meta = _paginate(request, queryset)
    render = serializers.organization_full if full else serializers.organization_summary
    return meta | {"contents": [render(item) for item in page]}, _latest_change()


@api
def organization(request, hsds_id):
    full_service = _flag(request, "full_service")
    services = (full_queryset if full_service else lambda qs: qs)(Service.objects.published())
    queryset = (
        Organization.objects.published()
        .select_related("parent", "municipality__region")
        .prefetch_related(Prefetch("services", queryset=services))
    )
    found = _one(queryset, hsds_id, _("No published organization has the id “%(id)s”."))
    render = (
        functools.partial(serializers.service_full, organization=False)
        if full_service
        else functools.partial(serializers.service_summary, organization=False)
    )
    data = serializers.organization_full(found)
    data["services"] = [render(item) for item in found.services.all()]
    changes = [found.updated_at, *(item.updated_at for item in found.services.all())]
    return data, max(changes)


def _locations():
    """Service_at_locations: one per (published service, location) pair."""
    return ServiceAtLocation.objects.filter(service__in=Service.objects.published()).select_related(
        "location__municipality__region", "service__organization__parent"
    )


@api
def service_at_locations(request):
    _check_format(request)
    full = _flag(request, "full")
    queryset = _services_matching(request, _locations(), service_ref="service_id")
    postcode = request.GET.get("postcode", "").strip()
    proximity = request.GET.get("proximity", "").strip()
    if proximity and not postcode:
        raise ApiError(400, _("proximity needs a postcode to measure from."))
    if postcode:
        queryset = _near_postcode(queryset, normalise_postal_code(postcode), proximity)
    if full:
        queryset = _full_locations(queryset)
    page, meta = _paginate(request, queryset)
    if full:
        contents = [_full_service_at_location(link) for link in page]
    else:
        contents = [
            serializers.service_at_location_summary(link, serializers.service_summary(link.service))
            for link in page
        ]
    last_modified = None if postcode else _latest_change()
    return meta | {"contents": contents}, last_modified


def _full_locations(queryset):
    return queryset.select_related("service__organization__municipality__region").prefetch_related(
        # The pair's schedules are the service's at the location (the serializer picks them).
        Prefetch("service__schedules", queryset=Schedule.objects.order_by("opens_at", "id")),
        "service__types",
        "service__activities",
        "service__target_groups",
        "service__substances",
        "service__languages",
        alerts_prefetch(timezone.localdate(), "service__alerts"),
        "service__capacities",
        "service__contacts",
        Prefetch(
            "service__areas",
            queryset=ServiceArea.objects.select_related(
                "municipality__region", "orp", "region"
            ).order_by("id"),
        ),
    )


def _full_service_at_location(link):
    service = serializers.service_full(link.service, locations=False)
    return serializers.service_at_location(link, with_service=service)


def _near_postcode(queryset, postcode, proximity):
    """Locations whose service covers a municipality with ``postcode`` (HSDS: "within the
    service_area"), or, with ``proximity`` in metres, whose point lies that close to the
    centroid of those municipalities. Distances use an equirectangular approximation (plain
    arithmetic, the same on SQLite and PostgreSQL; well under 1 % off across Czechia)."""
    if not (len(postcode) == 5 and postcode.isdigit()):
        raise ApiError(400, _("postcode must be a Czech postal code: 5 digits, e.g. 396 01."))
    towns = Municipality.objects.filter(postal_code=postcode)
    if not proximity:
        covering = ServiceArea.objects.covering(towns).filter(service=OuterRef("service_id"))
        return queryset.filter(
            Q(location__municipality__in=towns)
            | Q(location__postal_code=postcode)
            | Exists(covering)
        )
    try:
        metres = float(proximity)
    except ValueError:
        metres = -1.0
    if not 0 <= metres <= 1_000_000:
        raise ApiError(400, _("proximity must be a distance in metres between 0 and 1000000."))
    points = list(towns.exclude(latitude=None).values_list("latitude", "longitude"))
    if not points:
        return queryset.none()
    latitude = sum(point[0] for point in points) / len(points)
    longitude = sum(point[1] for point in points) / len(points)
    x_scale = METRES_PER_DEGREE * math.cos(math.radians(latitude))
    return (
        queryset.alias(
            dy=(Coalesce("location__latitude", "location__municipality__latitude") - latitude)
            * METRES_PER_DEGREE,
            dx=(Coalesce("location__longitude", "location__municipality__longitude") - longitude)
            * x_scale,
        )
        .alias(distance2=F("dx") * F("dx") + F("dy") * F("dy"))
        .filter(distance2__lte=metres * metres)
        .order_by("distance2", "id")
    )


@api
def service_at_location(request, hsds_id):
    found = _one(
        _full_locations(_locations()),
        hsds_id,
        _("No published service_at_location has the id “%(id)s”."),
    )
    return _full_service_at_location(found), max(
        found.service.updated_at, found.service.organization.updated_at
    )


def _filtered_terms(request, items, fields):
    for word in fold(request.GET.get("search", "")).split():
        items = [item for item in items if any(word in fold(item.get(f, "")) for f in fields)]
    return items


@api
def taxonomies(request):
    _check_format(request)
    items = _filtered_terms(request, taxonomy.taxonomies(), ("name", "description"))
    page, meta = _paginate(request, items)
    return meta | {"contents": page}, None


@api
def taxonomy_detail(request, hsds_id):
    for item in taxonomy.taxonomies():
        if item["id"] == str(hsds_id).lower():
            return item, None
    raise ApiError(404, _("No taxonomy has the id “%(id)s”.") % {"id": str(hsds_id)[:100]})


@api
def taxonomy_terms(request):
    _check_format(request)
    _flag(request, "top_only")  # all our terms are top-level: validated, changes nothing
    items = taxonomy.all_terms()
    taxonomy_id = request.GET.get("taxonomy_id", "").strip().lower()
    if taxonomy_id:
        items = [item for item in items if item["taxonomy_id"] == taxonomy_id]
    if request.GET.get("parent_id", "").strip():
        items = []  # our vocabularies are flat: no term has a parent
    items = _filtered_terms(request, items, ("code", "name", "description"))
    page, meta = _paginate(request, items)
    return meta | {"contents": page}, None


@api
def taxonomy_term(request, hsds_id):
    for item in taxonomy.all_terms():
        if item["id"] == str(hsds_id).lower():
            return item, None
    raise ApiError(404, _("No taxonomy term has the id “%(id)s”.") % {"id": str(hsds_id)[:100]})


@api
def not_found(request, path=""):
    raise ApiError(404, _("No such API endpoint: see /api/openapi.json."))
