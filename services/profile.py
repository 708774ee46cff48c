"""What a service profile shows, computed from prefetched data in a fixed number of queries.

The view (``services.views.ServiceDetail``) fetches with ``profile_queryset``; everything here
then works on the prefetched locations, schedules and closures without touching the database.
"""

import copy
import dataclasses
import datetime
import functools
import hashlib

import holidays
from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.cache import fragment
from directory.models import Publication
from directory.roles import can_see_professional_info
from directory.templatetags.directory_extras import short_date
from services import availability, listing, structured_data, weekdays
from services.contact import contact_for
from services.models import (
    Frequency,
    Location,
    LocationKind,
    Schedule,
    Service,
    ServiceContact,
    ServiceStatus,
    Term,
)

# Premises first (where a client can walk in), then outreach stops, then phone and online.
_KIND_ORDER = {LocationKind.PREMISES: 0, LocationKind.OUTREACH: 1, LocationKind.REMOTE: 2}
# How many days ahead the profile warns about public holidays that cancel sessions.
HOLIDAY_LOOKAHEAD_DAYS = 14


def _terms(name: str) -> Prefetch:
    return Prefetch(name, queryset=Term.objects.order_by("position", "name_cs", "id"))


def profile_queryset(user):
    """Services whose profile ``user`` may open, with everything the profile shows.

    Anonymous visitors and non-staff users see published services only; staff (coordinators)
    may preview drafts and archived ones, which the page labels. 1 + 12 queries per profile
    (the tenth: the alerts shown today; the eleventh: the capacities; the twelfth: the
    contacts).
    """
    services = Service.objects.visible_to(user)
    contacts = ServiceContact.objects.order_by("position", "id")
    if not can_see_professional_info(user):
        # Never even loaded for others: a template slip would cost a query and fail the
        # query-count tests instead of quietly showing the fields.
        services = services.defer(*Service.PROFESSIONAL_FIELDS)
        contacts = contacts.filter(professional_only=False)
    return (
        services.for_listing()
        .with_alerts(timezone.localdate())
        .prefetch_related(
            _terms("activities"),
            _terms("target_groups"),
            _terms("substances"),
            _terms("languages"),
            "capacities",
            Prefetch("contacts", queryset=contacts),
        )
    )


@dataclasses.dataclass(frozen=True)
class Session:
    """One schedule as shown in a weekday row: the hours and, if needed, the rule in words."""

    schedule: Schedule
    hours: str
    detail: str


@dataclasses.dataclass(frozen=True)
class DayRow:
    number: int
    name: str
    sessions: list[Session]
    is_today: bool


@dataclasses.dataclass(frozen=True)
class LocationHours:
    location: Location
    rows: list[DayRow]
    notes: list[str]
    has_sessions: bool
    closed_on_holidays: bool

    @property
    def empty_day_text(self) -> str:
        """What a weekday without sessions says: premises are closed, a stop is not visited."""
        if self.location.kind == LocationKind.PREMISES:
            return _("closed")
        if self.location.kind == LocationKind.OUTREACH:
            return _("no visit")
        return _("not available")

    @property
    def coordinates(self):
        return self.location.coordinates


def _is_regular(schedule: Schedule) -> bool:
    return schedule.freq == Frequency.WEEKLY and schedule.interval == 1


def _rule_text(schedule: Schedule) -> str:
    """``availability.schedule_text`` without the note (the page lists notes once, below)."""
    without_note = copy.copy(schedule)
    without_note.note = ""
    return availability.schedule_text(without_note)


def session(schedule: Schedule, today: datetime.date) -> Session:
    """The hours, and the written-out rule when the week table alone would mislead.

    Every-N-weeks and monthly sessions, and those with an end date, carry their rule
    ("every 2. week: Mon 13:00–18:00", "1. Monday of the month …"); plain weekly ones none.
    """
    hours = f"{schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}"
    detail = _rule_text(schedule) if not _is_regular(schedule) or schedule.valid_to else ""
    if schedule.valid_from and schedule.valid_from > today:
        starts = _("from %(date)s") % {"date": short_date(schedule.valid_from)}
        detail = f"{detail}, {starts}" if detail else starts
    return Session(schedule=schedule, hours=hours, detail=detail)


def schedule_notes(schedules) -> list[str]:
    """Each schedule's note once, with the days and hours it belongs to ("Mon–Fri 12:00–18:00: …")."""
    return [
        f"{weekdays.label(s.days)} {s.opens_at:%H:%M}–{s.closes_at:%H:%M}: {s.note}"
        for s in schedules
        if s.note
    ]


def current_schedules(schedules, today: datetime.date) -> list[Schedule]:
    """Schedules not yet over, earliest opening first."""
    return sorted(
        (s for s in schedules if s.valid_to is None or s.valid_to >= today),
        key=lambda s: (s.opens_at, s.closes_at, s.pk),
    )


def week_rows(schedules, today: datetime.date) -> list[DayRow]:
    """Monday to Sunday, each with the sessions held on that weekday."""
    sessions = [(schedule, session(schedule, today)) for schedule in schedules]
    return [
        DayRow(
            number=number,
            name=str(weekdays.NAMES[number]),
            sessions=[
                shown for schedule, shown in sessions if schedule.days & weekdays.bit(number)
            ],
            is_today=number == today.weekday(),
        )
        for number in range(7)
    ]


def location_hours(service: Service, today: datetime.date) -> list[LocationHours]:
    """Each location of the service with its week table."""
    by_location: dict[int, list[Schedule]] = {}
    for schedule in service.schedules.all():
        by_location.setdefault(schedule.location_id, []).append(schedule)
    blocks = []
    locations = sorted(service.locations.all(), key=lambda loc: (_KIND_ORDER[loc.kind], loc.pk))
    for location in locations:
        schedules = current_schedules(by_location.get(location.pk, []), today)
        blocks.append(
            LocationHours(
                location=location,
                rows=week_rows(schedules, today),
                notes=schedule_notes(schedules),
                has_sessions=bool(schedules),
                closed_on_holidays=any(not s.open_on_holidays for s in schedules),
            )
        )
    return blocks


@functools.lru_cache(maxsize=8)
def _holidays(year: int, language: str):
    return holidays.country_holidays("CZ", years=year, language=language)


def holiday_name(date: datetime.date) -> str | None:
    """The public holiday on ``date`` named in the page's language (Czech or English)."""
    language = "en_US" if (get_language() or "cs").startswith("en") else "cs"
    return _holidays(date.year, language).get(date)


def cancelled_by_holidays(
    service: Service, today: datetime.date
) -> list[tuple[datetime.date, str]]:
    """Public holidays in the next two weeks on which a session of the service does not take place."""
    found = []
    schedules = [s for s in service.schedules.all() if not s.open_on_holidays]
    for offset in range(HOLIDAY_LOOKAHEAD_DAYS):
        date = today + datetime.timedelta(days=offset)
        if weekdays.holiday_name(date) and any(s.occurs_on(date) for s in schedules):
            found.append((date, holiday_name(date)))
    return found


def organization_is_public(service: Service) -> bool:
    return service.organization.publication == Publication.PUBLISHED


def meta_description(service: Service) -> str:
    """The page's description for search engines: public text only, about 160 characters."""
    text = service.summary or service.description or ""
    if not text:
        kinds = ", ".join(term.name for term in service.types.all())
        text = f"{service.name}: {kinds}" if kinds else service.name
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "…"


def profile_context(service: Service, user) -> dict:
    """Everything the profile's parts need beyond the service itself (no query; the events,
    two queries, are kept apart by ``page``)."""
    today = timezone.localdate()
    locations = location_hours(service, today)
    contact = contact_for(service)
    return {
        "today": today,
        "locations": locations,
        "has_schedules": any(block.has_sessions for block in locations),
        "areas": [availability.area_place_text(area) for area in service.areas.all()],
        "contact": contact,
        # The service's own phones and e-mails, in order (with what each is for); none when
        # the page shows its organization's instead.
        "contacts": list(service.contacts.all()) if contact.organization is None else [],
        "next_opening": availability.next_opening(service),
        "closures": availability.current_closures(service, today),
        "holidays_ahead": cancelled_by_holidays(service, today),
        "map_points": [point for block in locations if (point := block.location.map_point())],
        "is_stale": service.is_stale(today),
        "rvkpp_valid": bool(
            service.rvkpp_certified_until and service.rvkpp_certified_until >= today
        ),
        "stale_months": max(1, settings.STALE_AFTER_DAYS // 30),
        "organization_is_public": organization_is_public(service),
        "show_professional_info": can_see_professional_info(user),
        "jsonld": structured_data.service_jsonld(
            service, today, [block.location for block in locations]
        ),
        "meta_title": f"{service.name} – {service.organization.name}",
        # The enums themselves, so templates compare against members, not string literals.
        "ServiceStatus": ServiceStatus,
        "Publication": Publication,
        "meta_description": meta_description(service),
    }


# -- the profile page from the fragment cache ------------------------------------------------
#
# What the profile shows of the service alone is rendered once per service, language,
# audience (what the professional section shows) and day, and kept in the fragment cache
# under the content version, with the upcoming events beside it: one ``get_many`` per
# request. Per request stay the next opening (from the search's row of the service, kept in
# the same entry), whether the user may update the free places, and the shortlist button.


@dataclasses.dataclass(frozen=True)
class ProfileParts:
    row: listing.ServiceRow  # what the next opening and the free places read
    top: str  # safe HTML: banners, alerts, the header up to the shortlist button
    rest: str  # safe HTML: where and when, facts, contacts, for professionals, who runs it
    closures: str  # safe HTML: closures and holidays ahead
    several_locations: bool
    has_schedules: bool
    location_names: dict[int, str]
    meta_title: str
    meta_description: str
    map_points: list[dict]
    jsonld: dict


def audience(user) -> str:
    """Who the parts are rendered for: the professional section differs by it."""
    if can_see_professional_info(user):
        return "professional"
    return "signed-in" if user.is_authenticated else "anonymous"


def find(slug: str, user) -> int | None:
    """The id of the service ``user`` may open at ``slug`` (``profile_queryset``'s rule), from
    the fragment cache: one query on a miss."""
    staff = bool(user.is_staff)
    digest = hashlib.sha1(slug.encode()).hexdigest()
    services = Service.objects.visible_to(user)
    found = fragment(
        f"profile-slug:{digest}:{int(staff)}",
        lambda: services.filter(slug=slug).values_list("pk", flat=True).first() or 0,
    )
    return found or None


def page(pk: int, request, now: datetime.datetime) -> ProfileParts | None:
    """The profile's parts (None when ``profile_queryset`` does not find the service), from
    the fragment cache: on a hit no query. (Its upcoming events are the template's, through
    ``events.related``.)"""
    today = timezone.localdate(now)
    key = f"profile:{pk}:{get_language()}:{audience(request.user)}:{today.isoformat()}"

    def compute():
        service = profile_queryset(request.user).filter(pk=pk).first()
        return None if service is None else _parts(service, request, today)

    return fragment(key, compute)


def _parts(service: Service, request, today: datetime.date) -> ProfileParts:
    context = profile_context(service, request.user) | {"service": service}
    organization = service.organization
    row = listing.ServiceRow(
        pk=service.pk,
        slug=service.slug,
        name=service.name,
        status=service.status,
        is_anonymous=service.is_anonymous,
        is_free=service.is_free,
        cost_note=service.cost_note,
        phone=service.phone,
        email=service.email,
        website=service.website,
        last_verified=service.last_verified,
        organization=listing.OrganizationRow(
            organization.pk,
            organization.name,
            organization.phone,
            organization.email,
            organization.website,
        ),
        # The prefetched instances: what the next opening and the free places read.
        locations=listing.Rows(service.locations.all()),
        schedules=listing.Rows(service.schedules.all()),
        closures=listing.Rows(service.closures.all()),
        capacities=listing.Rows(service.capacities.all()),
    )
    return ProfileParts(
        row=row,
        top=render_to_string("services/_profile_top.html", context, request),
        rest=render_to_string("services/_profile_rest.html", context, request),
        closures=render_to_string("services/_profile_closures.html", context, request),
        several_locations=len(context["locations"]) > 1,
        has_schedules=context["has_schedules"],
        location_names={block.location.pk: str(block.location) for block in context["locations"]},
        meta_title=context["meta_title"],
        meta_description=context["meta_description"],
        map_points=context["map_points"],
        jsonld=context["jsonld"],
    )
