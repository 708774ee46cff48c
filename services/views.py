import dataclasses
import datetime
import functools
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from django.views.generic import DetailView

from directory import demand
from directory.paging import page_ids
from directory.ratelimit import ratelimit
from directory.spreadsheets import csv_response
from directory.templatetags.directory_extras import request_absolute_url
from directory.text import postal_code
from services import availability, capacity, listing, profile, towns, weekdays
from services.cards import render_cards, render_covering_cards, render_shortlist_button
from services.contact import Contact, contact_for
from services.filters import NEARBY_EXCLUDED, NEARBY_KM, PARAMS, ServiceFilter, Sort
from services.models import LocationKind, Service, ServiceStatus
from services.search_form import render_search_form
from services.shortlist import Shortlist
from services.templatetags.services_extras import opening_text

PAGE_SIZE = 20
# The "Nearby" section lists at most this many services.
NEARBY_LIMIT = 10
# ... and leaves out the search's own results, fetched with the page's ids up to
# NEARBY_EXCLUDED (beyond it, the search runs again as a subquery of the nearby one).
# sort=next_open is computed in Python (availability.next_opening) over at most this many.
NEXT_OPEN_LIMIT = 500
# A handout longer than this is no longer a handout.
PRINT_LIMIT = 60
OUTPUTS = ("", "html", "csv")
# Filters folded away under "More filters" on the page.
MORE_FILTERS = (
    "type",
    "target",
    "substance",
    "activity",
    "language",
    "age",
    "anonymous",
    "free",
    "orp",
    "region",
    "within",
)


@dataclasses.dataclass
class Result:
    """One search result with everything the page, the handout and the CSV show."""

    service: "Service | listing.ServiceRow"
    reasons: list[availability.Reason]
    # The next session that reaches the searched place (any session when none was searched).
    opening: availability.Opening | None
    distance_km: float | None
    place: object = None  # the searched Municipality, Orp or Region, if any

    @property
    def opening_line(self) -> str:
        """The "next opening" of the card, the CSV and the handout: one wording for all.

        With no place searched it names where ("Thu 13:00–18:00 · Humpolec"); a service that
        reaches the place only by its area says so instead of borrowing another town's hours.
        """
        if self.opening is not None:
            text = opening_text(self.opening)
            if self.place is None:
                text = f"{text} · {availability.location_text(self.opening.location)}"
            return text
        if self.place is not None and any(reason.area for reason in self.reasons):
            return _("no regular hours in %(place)s: call or write to arrange a meeting") % {
                "place": self.place
            }
        return _("no session in the next two months")

    @property
    def session_reasons(self) -> list[availability.Reason]:
        return [reason for reason in self.reasons if reason.schedule is not None]

    @property
    def is_planned(self) -> bool:
        return self.service.status == ServiceStatus.PLANNED

    @property
    def places(self) -> list:
        """Addresses for the handout: the locations that make it match, else all premises."""
        matching = [r.location for r in self.reasons if r.location and not r.location.is_remote]
        # Else where it can be visited; another town's outreach stop is no place to meet when a
        # place was searched.
        fallback = (
            (LocationKind.PREMISES,)
            if self.place
            else (LocationKind.PREMISES, LocationKind.OUTREACH)
        )
        places = matching or [
            location for location in self.service.locations.all() if location.kind in fallback
        ]
        return list(dict.fromkeys(places))

    @property
    def addresses(self) -> list[str]:
        return [_address(location) for location in self.places]

    @functools.cached_property
    def contact(self) -> Contact:
        """How to reach the service (``services.contact``), from the prefetched organization."""
        return contact_for(self.service)


def search_query(data, **changes) -> str:
    """The query string of a search, keeping only the URL contract's parameters.

    ``changes``: ``name=value`` sets a parameter, ``name=None`` drops it.
    """
    pairs = []
    for name in PARAMS:
        if name in changes:
            value = changes[name]
            if value is not None:
                pairs.append((name, value))
        else:
            pairs.extend((name, value) for value in data.getlist(name) if value != "")
    return urlencode(pairs)


def _results(services, filterset) -> list[Result]:
    """Explain each service from prefetched data: no queries."""
    now, when, place = filterset.now, filterset.when, filterset.place
    return [
        Result(
            service=service,
            reasons=availability.reasons(service, town=place, when=when, today=now.date()),
            opening=availability.next_opening(service, now, place),
            distance_km=towns.distance_km(service, filterset.origin),
            place=place,
        )
        for service in services
    ]


def _nearby_results(filterset, found, services: dict) -> list[Result]:
    """The "Nearby" section: ``found`` ((id, distance) from ``ServiceFilter.nearby``), each
    with its own next opening (not the place's), from the loaded ``services``."""
    now = filterset.now
    return [
        Result(
            service=services[pk],
            reasons=[],
            opening=availability.next_opening(services[pk], now),
            distance_km=towns.distance_km(services[pk], filterset.origin),
        )
        for pk, _distance in found
        if pk in services
    ]


def _sorted_by_next_opening(services: list, filterset) -> list:
    """Soonest next session at the searched place first (from prefetched data); services
    with none last. ``services`` come sorted by name: a stable sort keeps that among equals."""
    never = (datetime.date.max, datetime.time.min)
    now, place = filterset.now, filterset.place

    def key(service):
        opening = availability.next_opening(service, now, place)
        return (opening.date, opening.starts) if opening else never

    return sorted(services, key=key)


def _page_number(raw: str) -> tuple[int, str]:
    """A page number of at least 1, and a notice when the requested one had to be changed."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1, _("“%(page)s” is not a page number; showing the first page.") % {"page": raw[:20]}
    if number < 1:
        return 1, _("There is no page %(page)s; showing the first page.") % {"page": number}
    return number, ""


def _summary(filterset) -> list[str]:
    """What was searched for, in words: for the heading, the title and the handout."""
    form, parts = filterset.form, []
    if _by_position(filterset):
        parts.append(_("near your position (%(town)s)") % {"town": filterset.place})
    elif filterset.place is not None:
        # A district or part searched is named with its town: "Lahovice (Praha)".
        parts.append(str(filterset.form.part or filterset.place))
    data = form.cleaned_data
    if data.get("open_now"):
        parts.append(_("open now"))
    if data.get("day"):
        parts.append(weekdays.label(weekdays.from_codes(data["day"])))
    if data.get("date"):
        parts.append(formats.date_format(data["date"], "j. n. Y"))
    if data.get("time"):
        parts.append(f"{data['time']:%H:%M}")
    for name in ("type", "target", "substance", "activity", "language"):
        labels = dict(form.fields[name].choices)
        parts.extend(str(labels[code]) for code in data.get(name) or [])
    if data.get("age") is not None:
        parts.append(_("age %(age)s") % {"age": int(data["age"])})
    if data.get("anonymous"):
        parts.append(_("anonymous"))
    if data.get("free"):
        parts.append(_("free of charge"))
    if data.get("capacity"):
        parts.append(_("with a free place"))
    if data.get("q"):
        parts.append(f"„{data['q']}“")
    return parts


def _by_position(filterset) -> bool:
    return filterset.form.cleaned_data.get("lat") is not None and filterset.place is not None


def _widen(request, filterset) -> list[tuple[str, str]]:
    """Links that widen a search that found nothing: drop the time, a bigger area, fewer filters."""
    base, data, links = reverse("services:search"), request.GET, []
    when_params = {"day": None, "time": None, "date": None, "open_now": None}
    if filterset.when.is_set:
        links.append((_("any day and time"), f"{base}?{search_query(data, **when_params)}"))
    town, orp = filterset.municipality, filterset.form.orp
    no_place = {"town": None, "orp": None, "region": None}
    if town is not None:
        link = search_query(data, **{**no_place, "orp": town.orp.csu_code})
        links.append((_("the whole ORP %(name)s") % {"name": town.orp.name}, f"{base}?{link}"))
        for other in towns.nearest_orps(town):
            link = search_query(data, **{**no_place, "orp": other.csu_code})
            links.append((_("the nearby ORP %(name)s") % {"name": other.name}, f"{base}?{link}"))
    region = town.region if town else (orp.region if orp else None)
    if region is not None:
        link = search_query(data, **{**no_place, "region": region.slug})
        links.append((_("the whole region: %(name)s") % {"name": region.name}, f"{base}?{link}"))
    narrowing = ("q", "type", "target", "substance", "activity", "language", "age")
    narrowing += ("anonymous", "free", "capacity")
    if any(data.get(name) for name in narrowing):
        link = search_query(data, **dict.fromkeys(narrowing))
        links.append((_("without the other filters"), f"{base}?{link}"))
    return links


def _town_links(request, places) -> list[tuple[object, str]]:
    """Municipalities (or districts and parts) to choose from, each with its search link."""
    base = reverse("services:search")
    return [
        (place, f"{base}?{search_query(request.GET, town=towns.query_value(place), page=None)}")
        for place in places
    ]


@dataclasses.dataclass
class _SearchPage:
    """One page of a search: its results' rows, the "Nearby" section's and what to say."""

    page_obj: object
    nearby_found: list[tuple[int, float]]
    loaded: dict  # id -> row, for the page and the "Nearby" section
    beyond: bool  # the page asked for is past the last one (the last is shown)


@require_GET
def search(request):
    output = request.GET.get("format", "")
    if output not in OUTPUTS:
        return HttpResponseBadRequest(_("Unknown format: use format=csv, or leave it out."))
    filterset = ServiceFilter(request.GET, queryset=Service.objects.listed(), request=request)
    valid = filterset.is_valid()
    if output == "csv":
        if not valid:
            return HttpResponseBadRequest(_csv_errors(filterset), content_type="text/plain")
        return _csv(request, filterset)

    printing = request.GET.get("print") == "1"
    notices = _notices(filterset)
    by_next_opening = (
        _sorted_by_next_opening_if_few(filterset, notices)
        if valid and filterset.sort_by == Sort.NEXT_OPEN
        else None
    )
    per_page = PRINT_LIMIT if printing else PAGE_SIZE
    number, notice = (1, "") if printing else _page_number(request.GET.get("page", "1"))
    # The "Nearby" section is on the first page of the screen only.
    wants_nearby = filterset.has_nearby and not printing and number == 1
    if by_next_opening is not None:
        page = _page_of_list(by_next_opening, filterset, number, per_page, wants_nearby)
    else:
        page = _page_of_query(filterset.qs, filterset, number, per_page, wants_nearby)
    if page.beyond:
        notice = _("There is no page %(page)s; showing the last page.") % {"page": number}
    if notice:
        notices.append(notice)
    paginator = page.page_obj.paginator
    if printing and paginator.num_pages > 1:
        notices.append(
            ngettext(
                "Only the first %(n)s service is printed: narrow the search.",
                "Only the first %(n)s services are printed: narrow the search.",
                PRINT_LIMIT,
            )
            % {"n": PRINT_LIMIT}
        )
    if valid and not printing and number == 1 and not paginator.count:
        _count_vain_search(request, filterset)

    context = _search_context(request, filterset, page, notices)
    if printing:
        return render(request, "services/search_print.html", context)
    context.update(_rendered_parts(request, filterset, context))
    return render(request, "services/search.html", context)


def _notices(filterset) -> list[str]:
    """What the search ignored rather than refused (an unknown capacity value), and a sort
    by distance without a place."""
    notices = list(filterset.form.notices)
    asked = filterset.is_valid() and filterset.form.cleaned_data.get("sort") == Sort.DISTANCE
    if asked and filterset.sort_by != Sort.DISTANCE:
        notices.append(_("Sorting by distance needs a town: sorted by name."))
    return notices


def _sorted_by_next_opening_if_few(filterset, notices: list[str]) -> list | None:
    """Next openings come from Python (availability), so this sort needs the whole list:
    bounded, and explained only for the page shown. Too many: None (and a notice), the query
    stays sorted by name."""
    candidates = listing.from_queryset(
        filterset.qs[: NEXT_OPEN_LIMIT + 1], alerts_on=filterset.now.date()
    )
    if len(candidates) > NEXT_OPEN_LIMIT:
        notices.append(
            _("Too many results to sort by next opening: sorted by name. Narrow the search.")
        )
        return None
    return _sorted_by_next_opening(candidates, filterset)


def _page_of_list(services: list, filterset, number, per_page, wants_nearby) -> _SearchPage:
    """A page of rows already loaded (sorted by next opening), and "Nearby" leaving them out."""
    page_obj = Paginator(services, per_page).get_page(number)
    loaded = {service.pk: service for service in services}
    nearby_found = filterset.nearby(NEARBY_LIMIT, reaching=loaded) if wants_nearby else []
    more = listing.load(
        [pk for pk, _distance in nearby_found if pk not in loaded], alerts_on=filterset.now.date()
    )
    loaded.update((service.pk, service) for service in more)
    return _SearchPage(page_obj, nearby_found, loaded, beyond=number > page_obj.number)


def _page_of_query(services, filterset, number, per_page, wants_nearby) -> _SearchPage:
    """A page of the query's ids (with the total, one query), and "Nearby" leaving out the
    search's own results: for it the query fetches up to NEARBY_EXCLUDED ids. The page's and
    the section's services are loaded together (one set of queries for both lists)."""
    found = page_ids(services, number, per_page, head=NEARBY_EXCLUDED if wants_nearby else 0)
    nearby_found = filterset.nearby(NEARBY_LIMIT, reaching=found.every_id) if wants_nearby else []
    rows = listing.load([*found.ids, *dict(nearby_found)], alerts_on=filterset.now.date())
    loaded = {service.pk: service for service in rows}
    return _SearchPage(found.page(rows), nearby_found, loaded, beyond=found.beyond)


def _search_context(request, filterset, page: _SearchPage, notices: list[str]) -> dict:
    valid = filterset.is_valid()
    paginator = page.page_obj.paginator
    query = search_query(request.GET)
    resolution = filterset.form.resolution
    return {
        "filterset": filterset,
        "form": filterset.form,
        "valid": valid,
        "results": _results(page.page_obj.object_list, filterset),
        "nearby": _nearby_results(filterset, page.nearby_found, page.loaded),
        "within_km": filterset.within_km if valid else NEARBY_KM,
        "page_obj": page.page_obj,
        "count": paginator.count,
        "notices": notices,
        "summary": _summary(filterset) if valid else [],
        "query": query,
        "query_without_page": query,
        "print_url": f"?{query}{'&' if query else ''}print=1",
        "csv_url": f"?{query}{'&' if query else ''}format=csv",
        # The handout's footer: the search it was printed from, for whoever gets the paper.
        "handout_source_url": request_absolute_url(
            request, f"{reverse('services:search')}{'?' if query else ''}{query}"
        ),
        # After a search around a position, the nearest town: searching again keeps the place.
        "town_text": filterset.municipality.name
        if valid and _by_position(filterset)
        else towns.field_text(
            request.GET.get("town", ""), filterset.form.town, filterset.form.part
        ),
        "town_choices": _town_links(request, resolution.choices) if resolution else [],
        "town_suggestions": _town_links(request, resolution.suggestions) if resolution else [],
        "widen": _widen(request, filterset) if valid and not paginator.count else [],
        "show_distance": filterset.origin is not None,
        "more_open": any(request.GET.get(name) for name in MORE_FILTERS)
        or any(name in filterset.form.errors for name in MORE_FILTERS),
        "explains": filterset.place is not None or filterset.when.is_set,
        "today": filterset.now.date(),
    }


def _rendered_parts(request, filterset, context: dict) -> dict:
    """The screen's form and cards, rendered apart (services.search_form, services.cards)."""
    today = context["today"]
    shortlist_options = {
        "shortlisted": frozenset(Shortlist.of(request).ids),
        "next_url": request.get_full_path(),
        # The searched town becomes the client's town on the shortlist.
        "town": towns.query_value(filterset.form.part or filterset.municipality)
        if context["valid"] and filterset.municipality is not None
        else "",
    }
    nearby = context["nearby"]
    return {
        "form_html": render_search_form(
            filterset.form,
            town_text=context["town_text"],
            town_choices=context["town_choices"],
            town_suggestions=context["town_suggestions"],
            more_open=context["more_open"],
        ),
        "results_html": render_cards(
            context["results"],
            start=context["page_obj"].start_index(),
            explains=context["explains"],
            show_distance=context["show_distance"],
            **shortlist_options,
            today=today,
        ),
        "nearby_html": render_cards(nearby, nearby=True, today=today, **shortlist_options)
        if nearby
        else "",
    }


def _count_vain_search(request, filterset) -> None:
    """Nothing reached the searched place: count it for planners (``directory.demand``), unless
    it was a text search (names, typos) or a robot's."""
    data = filterset.form.cleaned_data
    if data.get("q") or demand.is_robot(request):
        return
    days = filterset.when.effective_days
    demand.record(
        day=filterset.now.date(),
        place=filterset.place,
        weekdays=[number for number in range(7) if days & weekdays.bit(number)],
        types=list(data.get("type") or []),
    )


def _csv_errors(filterset) -> str:
    lines = [_("The search has errors:")]
    for name, errors in filterset.form.errors.items():
        label = filterset.form.fields[name].label if name in filterset.form.fields else name
        lines.extend(f"{label}: {error}" for error in errors)
    return "\n".join(lines) + "\n"


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _csv(request, filterset) -> HttpResponse:
    """Every result (not one page) as CSV: UTF-8 with a BOM and ``;`` between cells, which is
    what Excel in a Czech locale opens directly. No professional-only field is ever written."""
    services = listing.from_queryset(filterset.qs)
    if filterset.sort_by == Sort.NEXT_OPEN and len(services) <= NEXT_OPEN_LIMIT:
        services = _sorted_by_next_opening(services, filterset)
    results = _results(services, filterset)
    header = [
        _("Service"),
        _("Organization"),
        _("Status"),
        _("Types"),
        _("Why it matches") if filterset.place or filterset.when.is_set else _("Hours"),
        _("Next opening"),
        _("Address"),
        _("Phone"),
        _("E-mail"),
        _("Website"),
        _("Whose contact"),
        _("Anonymous"),
        _("Free of charge"),
        _("Distance (km)"),
        _("Profile"),
    ]
    return csv_response(header, (_csv_row(request, result) for result in results), "sluzby.csv")


def _csv_row(request, result) -> tuple:
    service, contact = result.service, result.contact
    return (
        service.name,
        service.organization.name,
        service.get_status_display(),
        ", ".join(term.name for term in service.types.all()),
        " | ".join(reason.text for reason in result.reasons),
        result.opening_line,
        " | ".join(_address(location) for location in result.places),
        contact.phone,
        contact.email,
        contact.website,
        contact.source_text,
        _yes_no(service.is_anonymous),
        _yes_no(service.is_free) + (f" ({service.cost_note})" if service.cost_note else ""),
        "" if result.distance_km is None else formats.number_format(result.distance_km, 1),
        request.build_absolute_uri(service.get_absolute_url()),
    )


def _address(location) -> str:
    if location.kind == LocationKind.OUTREACH:
        return _("outreach in %(town)s") % {"town": location.municipality.name}
    parts = [
        location.address,
        f"{postal_code(location.postal_code)} {location.municipality.name}".strip(),
    ]
    return ", ".join(part for part in parts if part)


class TownSuggestForm(forms.Form):
    town = forms.CharField(max_length=100)


# Typing sends a request per key stroke; a person stays well under this, a scraper does not.
@ratelimit("120/m", scope="town-suggestions")
@require_GET
def town_suggestions(request):
    """An HTML fragment for htmx: towns starting with what has been typed, as links that run the
    search (with the other fields of the form kept) for that very municipality."""
    form = TownSuggestForm(request.GET)
    municipalities = towns.suggest(form.cleaned_data["town"]) if form.is_valid() else []
    return render(
        request,
        "services/_town_suggestions.html",
        {"suggestions": _town_links(request, municipalities)},
    )


class ServiceDetail(DetailView):
    """The service profile; what it shows is computed in ``services.profile`` and kept in the
    fragment cache (``profile.page``): on a hit no query. Its upcoming events are the
    template's (``event_tags.upcoming_events_of``), from the same cache."""

    template_name = "services/service_detail.html"
    http_method_names = ["get", "head", "options"]

    def get_object(self, queryset=None):
        pk = profile.find(self.kwargs["slug"], self.request.user)
        parts = None if pk is None else profile.page(pk, self.request, timezone.now())
        if parts is None:
            raise Http404
        self.parts = parts
        return parts.row

    def get_context_data(self, **kwargs):
        service, parts = self.object, self.parts
        today = timezone.localdate()
        opening = availability.next_opening(service)
        return {
            "service": service,
            "parts": parts,
            "today": today,
            "next_opening": opening,
            "next_opening_place": parts.location_names.get(opening.location.pk, "")
            if opening
            else "",
            "meta_title": parts.meta_title,
            "meta_description": parts.meta_description,
            "map_points": parts.map_points,
            "jsonld": parts.jsonld,
            # Per visitor (their shortlist), so not one of the cached parts.
            "shortlist_button": render_shortlist_button(
                slug=service.slug,
                name=service.name,
                chosen=service.pk in Shortlist.of(self.request),
                next_url=self.request.get_full_path(),
            ),
            "ServiceStatus": ServiceStatus,
            "printed_from_url": request_absolute_url(self.request, service.get_absolute_url()),
            # The link to the "Volná místa" page, for those who may update it (the scope rules
            # read the model: one query, for staff only).
            "may_update_capacity": self.request.user.is_staff
            and capacity.may_update(self.request, Service.objects.get(pk=service.pk)),
            "view": self,
            "object": service,
        }


def _remote_sessions(service, today) -> list[str]:
    locations = {location.pk: location for location in service.locations.all()}
    return [
        availability.session_text(schedule, locations[schedule.location_id])
        for schedule in service.schedules.all()
        if schedule.location_id in locations
        and locations[schedule.location_id].is_remote
        and (schedule.valid_to is None or schedule.valid_to >= today)
    ]


@require_GET
def town(request, slug):
    """What is available in a town, as a week grid, plus what covers it by area (paged).

    A plain name (``/towns/humpolec/``) redirects to the canonical slug when it is unique and
    offers a choice when it is not. The town, its week and the ids of the services covering it
    come from the fragment cache (none of their three queries on a hit), the page's covering
    services from the search's rows (``listing.load``: none of its eight queries on a hit).
    """
    resolution = towns.from_slug(slug)
    municipality = resolution.municipality
    if municipality is None:
        context = {
            "resolution": resolution,
            "choices": resolution.choices,
            "suggestions": resolution.suggestions,
        }
        status = 200 if resolution.is_ambiguous else 404
        return render(request, "services/town_choice.html", context, status=status)
    if municipality.slug != slug:
        return redirect(municipality)
    today = timezone.localdate()
    grid = towns.town_week(municipality, today)
    page = Paginator(towns.covering_ids(municipality, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    covering = [
        {
            "service": service,
            "reasons": [
                reason
                for reason in availability.reasons(service, town=municipality, today=today)
                if reason.area is not None
            ],
            "remote": _remote_sessions(service, today),
        }
        for service in listing.load(page.object_list)
    ]
    base = reverse("services:search")
    return render(
        request,
        "services/town.html",
        {
            "municipality": municipality,
            "week": grid.days,
            "week_html": grid.html,
            "present_count": grid.present_count,
            "covering": covering,
            "covering_html": render_covering_cards(covering),
            "page_obj": page,
            "search_url": f"{base}?{urlencode({'town': municipality.code})}",
            "next_open_url": f"{base}?{urlencode({'town': municipality.code, 'sort': 'next_open'})}",
        },
    )
