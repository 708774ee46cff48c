"""Services, their taxonomy, locations, opening hours, service areas and closures.

Modelled on Open Referral HSDS 3.0: a service belongs to an organization, is offered at
locations (premises, outreach stops or remote channels) of that organization, which several of
its services may share (``ServiceAtLocation``, HSDS's service_at_location), has schedules per
location, several contacts, and may cover a service area of municipalities, ORPs or regions.
"""

import contextlib
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Exists, F, FloatField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Mod
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from directory.fields import PhoneNumberField
from directory.history import ChangedOnlyHistoricalRecords
from directory.models import (
    HsdsIdentified,
    HsdsIdentifiedQuerySet,
    Municipality,
    Organization,
    Orp,
    Publication,
    Publishable,
    PublishableQuerySet,
    Region,
)
from directory.text import fold, unique_slug
from directory.validators import (
    normalise_phone,
    normalise_postal_code,
    validate_latitude,
    validate_longitude,
    validate_postal_code,
)
from services import weekdays
from services.querysets import When, location_distance_sq
from services.rules import (
    AlertRules,
    AreaRules,
    CapacityRules,
    ClosureRules,
    Frequency,
    LocationKind,
    LocationRules,
    ScheduleRules,
    TermNames,
    capacity_fresh_from,
    place_kind,
    stale_cutoff,
)


class Vocabulary(models.TextChoices):
    SERVICE_TYPE = "service_type", _("service type")
    ACTIVITY = "activity", _("activity")
    TARGET_GROUP = "target_group", _("target group")
    SUBSTANCE = "substance", _("substance or behaviour")
    LANGUAGE = "language", _("language")
    AUDIENCE = "audience", _("event audience")


class TermQuerySet(models.QuerySet):
    def of(self, vocabulary: Vocabulary):
        return self.filter(vocabulary=vocabulary)


class Term(TermNames, models.Model):
    """A term of one of our controlled vocabularies (HSDS taxonomy_term).

    Codes are stable: they appear in URLs (``?type=outreach``), in the API and in HSDS files.
    """

    vocabulary = models.CharField(_("vocabulary"), max_length=20, choices=Vocabulary.choices)
    code = models.SlugField(_("code"), max_length=50)
    name_cs = models.CharField(_("name (Czech)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ("vocabulary", "position", "name_cs", "id")
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="term_unique_code")
        ]

    def __str__(self):
        return self.name


# /services/<slug>/ would be shadowed by these pages (services/urls.py).
RESERVED_SLUGS = frozenset({"shortlist"})


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    PLANNED = "planned", _("planned")
    TEMPORARILY_CLOSED = "closed", _("temporarily closed")
    ENDED = "ended", _("ended")


class MpsvParagraph(models.TextChoices):
    """The kind of registered social service, by its paragraph of Act No. 108/2006 Sb."""

    COUNSELLING = "37", _("§ 37 social counselling")
    SHELTER = "57", _("§ 57 shelter")
    CONTACT_CENTRE = "59", _("§ 59 contact centre")
    CRISIS_HELP = "60", _("§ 60 crisis help")
    DAY_CENTRE = "61", _("§ 61 low-threshold day centre")
    AFTERCARE = "64", _("§ 64 aftercare")
    THERAPEUTIC_COMMUNITY = "68", _("§ 68 therapeutic community")
    OUTREACH = "69", _("§ 69 outreach programme")
    SOCIAL_REHABILITATION = "70", _("§ 70 social rehabilitation")


class CaseworkerJoin(models.TextChoices):
    YES = "yes", _("yes")
    BY_ARRANGEMENT = "arrange", _("by arrangement with the client")
    NO = "no", _("no")


# The one rule for what the public may see of a service: it and its organization are published
# (a draft organization's services must not publish its record through their pages or the API).
PUBLIC = Q(publication=Publication.PUBLISHED, organization__publication=Publication.PUBLISHED)


def open_report_exists() -> Exists:
    """On Service rows: an error report nobody has resolved yet (one EXISTS per row)."""
    return Exists(Report.objects.filter(service=OuterRef("pk"), status__in=OPEN_REPORT_STATUSES))


class ServiceQuerySet(PublishableQuerySet, HsdsIdentifiedQuerySet):
    def published(self):
        """Published, with a published organization (``visible_to`` uses it too)."""
        return self.filter(PUBLIC)

    def listed(self):
        """What search shows: published, and active or planned (planned ones are labelled)."""
        return self.published().filter(status__in=[ServiceStatus.ACTIVE, ServiceStatus.PLANNED])

    @staticmethod
    def stale_q(today: datetime.date | None = None) -> Q:
        """The one definition of a stale listing: never verified, or last verified more than
        settings.STALE_AFTER_DAYS before ``today``. ``Service.is_stale`` is its twin."""
        return Q(last_verified__isnull=True) | Q(last_verified__lt=stale_cutoff(today))

    def stale(self, today: datetime.date | None = None):
        return self.filter(self.stale_q(today))

    def available(self, *, town=None, when: When = When(), today: datetime.date):
        """Services available in ``town`` and/or at ``when`` (PRODUCT.md, "Search").

        A service matches town T when it has a session in T (``ScheduleQuerySet.located_in``)
        or an area covering T (``ServiceAreaQuerySet.covering``). With a day (and time) it
        must have a session then (``ScheduleQuerySet.happening``) that is either in T or
        remote (phone/online) for a service whose area covers T.

        ``town`` is a Municipality, or a whole Orp or Region (a session anywhere in it, or an
        area covering any part of it). ``today`` is the reference date that decides whether an
        undated search still counts a schedule (its ``valid_to`` not passed).

        No extra queries: ``id IN (…)`` subqueries that do not depend on the service row, so
        PostgreSQL computes each once (from the indexes on the town's locations and covering
        areas) instead of probing every listed service; an ``EXISTS … OR EXISTS …`` per service
        row also made its cost estimate large enough to trigger JIT compilation (~0.7 s).
        """
        if town is None and not when.is_set:
            return self
        # No ordering: a compound statement's parts may not have one (SQLite), and the default
        # ordering of schedules would join services and locations for nothing.
        sessions = Schedule.objects.order_by().happening(when, today=today)
        if town is None:
            return self.filter(pk__in=sessions.values("service_id"))
        here = sessions.located_in(town).values("service_id")
        covering = ServiceArea.objects.covering(town).service_ids()
        if not when.is_set:
            return self.filter(pk__in=here.union(covering))
        remote_covering = sessions.filter(
            location__kind=LocationKind.REMOTE, service_id__in=covering
        ).values("service_id")
        return self.filter(pk__in=here.union(remote_covering))

    def with_distance(self, latitude: float, longitude: float):
        """Annotate ``distance_sq``: the squared distance (in degrees of latitude) from the point
        to the service's nearest premises or outreach stop; NULL for remote-only services.

        An equirectangular approximation, so both databases compute it with plain arithmetic
        (no trigonometry in SQLite): longitude differences are scaled by cos(latitude) of the
        point, computed here in Python. Within the Czech Republic (< 500 km) it orders like the
        great-circle distance to well under 1 %; the page shows the exact haversine figure.
        One correlated subquery, no extra queries.
        """
        nearest = (
            Location.objects.filter(services=OuterRef("pk"))
            .exclude(kind=LocationKind.REMOTE)
            .annotate(d=location_distance_sq(latitude, longitude))
            .filter(d__isnull=False)
            .order_by("d")
            .values("d")[:1]
        )
        return self.annotate(distance_sq=Subquery(nearest, output_field=FloatField()))

    def with_premises_in(self, municipality, postal_codes: list[str]):
        """Annotate ``in_part``: whether the service has premises in ``municipality`` with one
        of ``postal_codes`` (those of a city district or part searched for). A postal code is
        the one thing both a location's address and a part are known by; its area does not
        follow district boundaries exactly, so premises just across one may count too.
        One correlated EXISTS, no extra queries."""
        premises = Location.objects.filter(
            services=OuterRef("pk"),
            kind=LocationKind.PREMISES,
            municipality=municipality,
            postal_code__in=postal_codes,
        )
        return self.annotate(in_part=Exists(premises))

    def with_alerts(self, today: datetime.date):
        """Prefetch ``active_alerts``: the service's alerts shown on ``today`` (one query)."""
        return self.prefetch_related(alerts_prefetch(today))

    def with_open_reports(self):
        """Annotate ``has_open_report`` (the verification queue puts those first)."""
        return self.annotate(has_open_report=open_report_exists())

    def for_listing(self):
        """Everything a list page shows, in a fixed number of queries (1 + 5 prefetches)."""
        return self.select_related("organization").prefetch_related(
            Prefetch("types", queryset=Term.objects.order_by("position", "id")),
            # Only what the pages read (a location's town and its region for addresses; an
            # area's place names): every joined model is one more instance per row.
            Prefetch("locations", queryset=Location.objects.select_related("municipality__region")),
            "schedules",
            Prefetch(
                "areas",
                queryset=ServiceArea.objects.select_related("municipality", "orp", "region"),
            ),
            "closures",
        )


def search_text(service) -> str:
    """What free text looks in (``ServiceFilter.filter_text``, the API's ``q``), folded: the
    name first, so that it also orders by name (``BY_NAME``), then the summary, the description
    and the organization's name. With the organization's name here, a word is one trigram
    index lookup on PostgreSQL, not a union with the organizations that have it."""
    return fold(
        " ".join((service.name, service.summary, service.description, service.organization.name))
    )


def refresh_search_texts(organization) -> None:
    """After an organization is saved (renamed): its services' ``search_text``, those that
    changed in one query, without history, as the text is derived
    (``directory.history.BOOKKEEPING_FIELDS``)."""
    services = Service.objects.filter(organization=organization).only(
        "name", "summary", "description", "search_text"
    )
    changed = []
    for service in services:
        service.organization = organization
        text = search_text(service)
        if text != service.search_text:
            service.search_text = text
            changed.append(service)
    Service.objects.bulk_update(changed, ["search_text"])


class Service(Publishable, HsdsIdentified):
    hsds_kind = "service"

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One sentence shown in search results."),
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ServiceStatus.choices,
        default=ServiceStatus.ACTIVE,
        db_index=True,
    )

    types = models.ManyToManyField(
        Term,
        related_name="services_of_type",
        limit_choices_to={"vocabulary": Vocabulary.SERVICE_TYPE},
        verbose_name=_("service types"),
    )
    activities = models.ManyToManyField(
        Term,
        blank=True,
        related_name="services_with_activity",
        limit_choices_to={"vocabulary": Vocabulary.ACTIVITY},
        verbose_name=_("activities"),
    )
    target_groups = models.ManyToManyField(
        Term,
        blank=True,
        related_name="services_for_group",
        limit_choices_to={"vocabulary": Vocabulary.TARGET_GROUP},
        verbose_name=_("target groups"),
    )
    substances = models.ManyToManyField(
        Term,
        blank=True,
        related_name="services_for_substance",
        limit_choices_to={"vocabulary": Vocabulary.SUBSTANCE},
        verbose_name=_("substances and behaviours"),
    )
    languages = models.ManyToManyField(
        Term,
        blank=True,
        related_name="services_in_language",
        limit_choices_to={"vocabulary": Vocabulary.LANGUAGE},
        verbose_name=_("languages spoken"),
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, db_index=True
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, db_index=True
    )
    is_free = models.BooleanField(_("free of charge"), default=True, db_index=True)
    cost_note = models.CharField(
        _("cost note"), max_length=200, blank=True, help_text=_("What is paid for, and how much.")
    )
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        db_index=True,
        help_text=_("Clients may use the service without giving their name."),
    )

    # The first public phone and e-mail of ``contacts`` (``sync_primary_contact``), kept here
    # for the pages that show one contact per service without another query.
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    mpsv_id = models.CharField(
        _("MPSV register identifier"),
        max_length=7,
        blank=True,
        help_text=_("The 7-digit identifier from the register of social service providers."),
    )
    mpsv_paragraph = models.CharField(
        _("registered as"), max_length=3, choices=MpsvParagraph.choices, blank=True
    )
    rvkpp_certified_until = models.DateField(
        _("RVKPP certification valid until"), null=True, blank=True
    )

    # Information for professionals: never shown to anonymous visitors (see views and API).
    referral_process = models.TextField(
        _("how to refer a client"),
        blank=True,
        help_text=_("Shown to signed-in professionals only."),
    )
    response_time = models.CharField(
        _("response time"),
        max_length=200,
        blank=True,
        help_text=_("Shown to signed-in professionals only."),
    )
    caseworker_may_join = models.CharField(
        _("caseworker may join the first meeting"),
        max_length=10,
        choices=CaseworkerJoin.choices,
        blank=True,
        help_text=_("Shown to signed-in professionals only."),
    )
    professional_contact = models.TextField(
        _("contact for professionals"),
        blank=True,
        help_text=_(
            "Direct line or person for caseworkers. Shown to signed-in professionals only."
        ),
    )

    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When somebody last checked that the listing is true."),
    )
    search_text = models.TextField(editable=False, blank=True)
    hsds_id = models.CharField(
        _("HSDS id"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    objects = ServiceQuerySet.as_manager()
    history = ChangedOnlyHistoricalRecords(
        m2m_fields=[types, activities, target_groups, substances, languages],
        excluded_fields=["derived_hsds_id"],
    )

    PROFESSIONAL_FIELDS = (
        "referral_process",
        "response_time",
        "caseworker_may_join",
        "professional_contact",
    )

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            models.Index(fields=["publication", "status"], name="service_public_idx"),
            # The API's list pages: published services in name order, LIMIT/OFFSET.
            models.Index(
                fields=["name", "id"],
                condition=Q(publication=Publication.PUBLISHED),
                name="service_published_name_idx",
            ),
            # Last-Modified of the API's lists: MAX(updated_at) without reading every row.
            models.Index(fields=["updated_at"], name="service_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=F("max_age")),
                name="service_age_range",
                violation_error_message=_("The minimum age must not exceed the maximum age."),
            ),
            models.CheckConstraint(
                condition=Q(max_age__isnull=True) | Q(max_age__lte=120),
                name="service_max_age_plausible",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Service, self.name, instance=self, reserved=RESERVED_SLUGS)
        self.search_text = search_text(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("services:detail", args=[self.slug])

    def get_report_url(self):
        return reverse("services:report", args=[self.slug])

    def is_stale(self, today: datetime.date | None = None) -> bool:
        """Never verified, or verified longer ago than settings.STALE_AFTER_DAYS: the twin of
        ``ServiceQuerySet.stale``."""
        return self.last_verified is None or self.last_verified < stale_cutoff(today)

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("“%(slug)s” is the address of a page; choose another.")
                    % {"slug": self.slug}
                }
            )
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValidationError(
                {"max_age": _("The maximum age must be at least the minimum age.")}
            )
        if self.max_age is not None and self.max_age > 120:
            raise ValidationError({"max_age": _("Enter an age of 120 or less.")})


class RemoteChannel(models.TextChoices):
    PHONE = "phone", _("by phone")
    ONLINE = "online", _("online")


class Location(LocationRules, HsdsIdentified):
    """Where services are delivered: premises, an outreach stop in a town, or a remote channel.

    A location belongs to an organization and may be shared by several of its services (a
    K-centrum and its outreach at one address): its address is edited once. Each service keeps
    its own opening hours there (``Schedule`` points at the service and the location).
    """

    # Location rows were per service, so a Location was an HSDS service_at_location and its
    # HSDS location id is derived from that id (``services.hsds.ids.location_id``): kept, so
    # location ids never change.
    hsds_kind = "service_at_location"

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="locations",
        verbose_name=_("organization"),
        help_text=_("Only this organization's services can be offered here."),
    )
    services = models.ManyToManyField(
        Service,
        through="ServiceAtLocation",
        related_name="locations",
        blank=True,
        verbose_name=_("services"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=LocationKind.choices, default=LocationKind.PREMISES
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("E.g. “Kontaktní centrum Jihlava”.")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("municipality"),
        help_text=_("Required for premises and outreach stops; empty for remote channels."),
    )
    address = models.CharField(
        _("street address"), max_length=200, blank=True, help_text=_("Street and number.")
    )
    postal_code = models.CharField(
        _("postal code"), max_length=6, blank=True, validators=[validate_postal_code]
    )
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[validate_latitude]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[validate_longitude]
    )
    channel = models.CharField(
        _("remote channel"), max_length=10, choices=RemoteChannel.choices, blank=True
    )
    accessibility = models.CharField(
        _("accessibility"),
        max_length=300,
        blank=True,
        help_text=_("Wheelchair access, stairs, bell…"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    hsds_id = models.CharField(
        _("HSDS id"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # Optimistic locking of the location's page: several services' editors may edit it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # The id of the HSDS location an import made this from (services.hsds.ids.location_of).
    hsds_location_id = models.CharField(
        _("HSDS location id"), max_length=64, blank=True, editable=False
    )

    objects = HsdsIdentifiedQuerySet.as_manager()
    history = ChangedOnlyHistoricalRecords(excluded_fields=["derived_hsds_id"])

    class Meta:
        ordering = ("kind", "name", "id")
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=LocationKind.REMOTE) | Q(municipality__isnull=False),
                name="location_place_needs_municipality",
            ),
        ]

    def __str__(self):
        if self.name:
            return self.name
        if self.kind == LocationKind.REMOTE:
            return str(self.get_channel_display() or self.get_kind_display())
        return f"{self.get_kind_display()} – {self.municipality}"

    def save(self, *args, **kwargs):
        self.postal_code = normalise_postal_code(self.postal_code)
        if not self._state.adding:
            # Every save is a new version: a location page opened before it is stale.
            self.version += 1
        super().save(*args, **kwargs)

    def map_point(self) -> dict | None:
        """The location as a point of static/js/map.js, with its label and address; None for
        a remote channel or a place without a known position (needs municipality loaded)."""
        coordinates = None if self.is_remote else self.coordinates
        if coordinates is None:
            return None
        return {
            "lat": round(coordinates[0], 6),
            "lng": round(coordinates[1], 6),
            "title": capfirst(str(self)),
            "address": ", ".join(part for part in (self.address, self.municipality.name) if part),
        }

    def clean(self):
        errors = {}
        if self.kind == LocationKind.REMOTE:
            if self.municipality_id:
                errors["municipality"] = _("A remote channel has no municipality; leave it empty.")
            if not self.channel:
                errors["channel"] = _("Say whether the remote channel is by phone or online.")
        else:
            if not self.municipality_id:
                errors["municipality"] = _(
                    "Choose the municipality of these premises or this stop."
                )
            if self.kind == LocationKind.PREMISES and not self.address:
                errors["address"] = _("Premises need a street address.")
        if errors:
            raise ValidationError(errors)


class ServiceAtLocation(HsdsIdentified):
    """A service offered at a location of its organization (HSDS ``service_at_location``).

    Its own HSDS id: the rows made from the former one-service locations keep the id their
    location was published under, so every service_at_location id ever exported still holds.
    """

    # A link made from a former one-service location stores that location's id as its own
    # (``hsds_id``); new links derive theirs.
    hsds_kind = "service_at_location_link"

    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        related_name="location_links",
        verbose_name=_("service"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        related_name="service_links",
        verbose_name=_("location"),
        help_text=_(
            "A location of the service's organization; a new one is added with the + button "
            "and is then shared by every service that chooses it."
        ),
    )
    hsds_id = models.CharField(
        _("HSDS id"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    objects = HsdsIdentifiedQuerySet.as_manager()
    history = ChangedOnlyHistoricalRecords(excluded_fields=["derived_hsds_id"])

    class Meta:
        ordering = ("service_id", "location__kind", "location__name", "location_id")
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"],
                name="service_at_location_once",
                violation_error_message=_("The service is already offered at this location."),
            ),
        ]
        # The search's places go from a location to its services: (location, service).
        indexes = [models.Index(fields=["location", "service"], name="sal_location_service_idx")]

    def __str__(self):
        return str(self.location)

    def clean(self):
        if (
            self.service_id
            and self.location_id
            and self.location.organization_id != self.service.organization_id
        ):
            raise ValidationError(
                {"location": _("Choose a location of the service's own organization.")}
            )


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    FIFTH = 5, _("fifth")
    LAST = -1, _("last")


def lies_in(place, municipality: str = "municipality") -> Q:
    """Rows whose municipality (at the lookup ``municipality``; Location rows by default) lies
    in ``place``: a municipality, ORP or region, or a queryset of one kind of them.
    ``LocationRules.lies_in`` is its twin."""
    kind = place_kind(place)
    lookup = "__in" if isinstance(place, models.QuerySet) else ""
    if kind == "municipality":
        return Q(**{f"{municipality}{lookup}": place})
    return Q(**{f"{municipality}__{kind}{lookup}": place})


class ScheduleQuerySet(models.QuerySet):
    def located_in(self, place):
        """Schedules at a location (premises or outreach stop) in ``place``: a municipality,
        an ORP or a region. ``LocationRules.lies_in`` is its twin."""
        return self.filter(lies_in(place, "location__municipality"))

    def happening(self, when: When, *, today: datetime.date):
        """Sessions that happen as ``when`` asks: on one of its days (its date's weekday), open
        at its time, and on its date honouring valid-from/to, every-N-weeks and n-th weekday of
        the month, Czech public holidays and coordinators' closures. Without a date, a schedule
        that has ended before ``today`` does not count. ``availability.session_happens`` is its
        twin. No query of its own; the closures are one NOT EXISTS per schedule row."""
        schedules = self
        days = when.effective_days
        if when.date is not None and days == 0:
            return schedules.none()  # the date falls on none of the requested weekdays
        if days:
            schedules = schedules.alias(day_hit=F("days").bitand(days)).filter(day_hit__gt=0)
        if when.time is not None:
            schedules = schedules.filter(opens_at__lte=when.time, closes_at__gt=when.time)
        date = when.date
        if date is None:
            # Without a date, a schedule that has already ended does not count.
            return schedules.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))

        schedules = schedules.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=date),
            Q(valid_to__isnull=True) | Q(valid_to__gte=date),
        )
        schedules = schedules.alias(
            week_offset=Mod(weekdays.week_number(date) - F("anchor_week"), F("interval")),
            month_offset=Mod(weekdays.month_number(date) - F("anchor_month"), F("interval")),
        ).filter(
            Q(freq=Frequency.WEEKLY, week_offset=0)
            | Q(
                freq=Frequency.MONTHLY,
                month_offset=0,
                week_of_month__in=weekdays.weeks_of_month(date),
            )
        )
        if weekdays.holiday_name(date):
            schedules = schedules.filter(open_on_holidays=True)
        closures = Closure.objects.filter(
            service=OuterRef("service_id"), starts_on__lte=date, ends_on__gte=date
        ).filter(Q(location__isnull=True) | Q(location=OuterRef("location_id")))
        return schedules.filter(~Exists(closures))


class Schedule(ScheduleRules, models.Model):
    """Regular opening hours or outreach sessions of a service at one of its locations.

    ``days`` is a bit mask (Monday = 1 … Sunday = 64) so "open on any of these days" is one
    bitwise AND in the database. Every-N-weeks counts weeks from the week of ``valid_from``;
    monthly schedules apply on the n-th (or last) given weekday of every N-th month.
    """

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("service")
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        related_name="schedules",
        verbose_name=_("location"),
        help_text=_("Save a new location first; then it can be chosen here."),
    )
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    freq = models.CharField(
        _("repeats"), max_length=7, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        help_text=_("1 = every week (or month), 2 = every other, …; counted from “valid from”."),
    )
    week_of_month = models.SmallIntegerField(
        _("week of the month"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=_("Monthly schedules only: e.g. the first Monday of the month."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    open_on_holidays = models.BooleanField(
        _("open on public holidays"),
        default=False,
        help_text=_("Off: closed on Czech public holidays."),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “by appointment”, “afternoon to evening”."),
    )
    # Derived from valid_from on save: the week / month number that every-N rules count from.
    anchor_week = models.IntegerField(default=0, editable=False)
    anchor_month = models.IntegerField(default=0, editable=False)

    objects = ScheduleQuerySet.as_manager()
    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = (
            "service_id",
            "location__kind",
            "location__name",
            "location_id",
            "opens_at",
            "id",
        )
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        # The search's "does a session happen then" reads (days, valid_to) of a service's or a
        # location's schedules: covering indexes let PostgreSQL answer from the index alone
        # (the main query of a town search 30 % faster on the bench data; SQLite ignores
        # INCLUDE).
        indexes = [
            models.Index(
                fields=["service"],
                include=["location", "days", "valid_to"],
                name="schedule_service_covering",
            ),
            models.Index(
                fields=["location"],
                include=["service", "days", "valid_to"],
                name="schedule_location_covering",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="schedule_closes_after_opens",
                violation_error_message=_("Closing time must be after opening time."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="schedule_valid_range",
                violation_error_message=_("“Valid to” must not be before “valid from”."),
            ),
            models.CheckConstraint(
                condition=Q(days__gt=0) & Q(days__lt=128), name="schedule_has_days"
            ),
            models.CheckConstraint(condition=Q(interval__gte=1), name="schedule_interval_positive"),
        ]

    def __str__(self):
        return f"{weekdays.label(self.days)} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def save(self, *args, **kwargs):
        if self.valid_from:
            self.anchor_week = weekdays.week_number(self.valid_from)
            self.anchor_month = weekdays.month_number(self.valid_from)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if not self.days:
            errors["days"] = _("Choose at least one day.")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _(
                "Closing time must be after opening time (sessions past midnight: split in two)."
            )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("“Valid to” must not be before “valid from”.")
        if self.interval and self.interval > 1 and not self.valid_from:
            errors["valid_from"] = _(
                "Every-N-weeks schedules count from “valid from”: enter the date of a first session."
            )
        if self.freq == Frequency.MONTHLY and not self.week_of_month:
            errors["week_of_month"] = _("Choose which week of the month (e.g. first).")
        if self.freq == Frequency.WEEKLY and self.week_of_month:
            errors["week_of_month"] = _("Only monthly schedules have a week of the month.")
        if (
            self.location_id
            and self.service_id
            and not ServiceAtLocation.objects.filter(
                service_id=self.service_id, location_id=self.location_id
            ).exists()
        ):
            errors["location"] = _("Choose one of this service's own locations.")
        if errors:
            raise ValidationError(errors)


class ServiceAreaQuerySet(models.QuerySet):
    def covering(self, place):
        """Areas that cover ``place``. A municipality is covered by an area on it, on its ORP
        or on its region; an ORP or a region by an area that is the place itself, lies in it
        (a municipality of the ORP) or contains it (the ORP's region). ``place`` may also be a
        queryset of one kind of place: areas covering any of them. ``AreaRules.covers`` is
        the twin."""
        kind = place_kind(place)
        if isinstance(place, models.QuerySet):
            if kind == "municipality":
                return self.filter(
                    Q(municipality__in=place)
                    | Q(orp__in=place.values("orp"))
                    | Q(region__in=place.values("region"))
                )
            if kind == "orp":
                return self.filter(
                    Q(municipality__orp__in=place)
                    | Q(orp__in=place)
                    | Q(region__in=place.values("region"))
                )
            return self.filter(
                Q(municipality__region__in=place) | Q(orp__region__in=place) | Q(region__in=place)
            )
        if kind == "municipality":
            return self.filter(
                Q(municipality=place) | Q(orp_id=place.orp_id) | Q(region_id=place.region_id)
            )
        if kind == "orp":
            return self.filter(
                Q(municipality__orp=place) | Q(orp=place) | Q(region_id=place.region_id)
            )
        return self.filter(Q(municipality__region=place) | Q(orp__region=place) | Q(region=place))

    def service_ids(self):
        """The ids of their services, as an uncorrelated subquery (no ordering: it may be
        part of a UNION)."""
        return self.order_by().values("service_id")

    def with_covered_region(self):
        """Annotate ``covered_region``: the region an area covers, whole or in part (the area's
        own, its ORP's or its municipality's). ``covering(region)`` is exactly the areas with
        that ``covered_region``: this is the rule turned round, to group areas by region in
        one pass instead of asking for each region (``tests/services/test_rules.py``)."""
        return self.annotate(
            covered_region=Coalesce("region_id", "orp__region_id", "municipality__region_id")
        )


class AreaLevel(models.TextChoices):
    """What a service area's place is. The values are the prefixes of an HSDS extent
    ("obec:<ČSÚ code>", ``services.hsds``)."""

    MUNICIPALITY = "obec", _("municipality")
    ORP = "orp", _("ORP")
    REGION = "kraj", _("region")

    @property
    def field(self) -> str:
        """The ServiceArea field that holds a place of this level: the member's name."""
        return self.name.lower()


class ServiceArea(AreaRules, models.Model):
    """A municipality, ORP or region that a service covers (outreach, phone lines, …)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="areas", verbose_name=_("service")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_areas",
        verbose_name=_("municipality"),
    )
    orp = models.ForeignKey(
        Orp,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_areas",
        verbose_name=_("ORP"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_areas",
        verbose_name=_("region"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ServiceAreaQuerySet.as_manager()
    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = ("service_id", "id")
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(municipality__isnull=False, orp__isnull=True, region__isnull=True)
                    | Q(municipality__isnull=True, orp__isnull=False, region__isnull=True)
                    | Q(municipality__isnull=True, orp__isnull=True, region__isnull=False)
                ),
                name="service_area_exactly_one_place",
                violation_error_message=_(
                    "Choose exactly one: a municipality, an ORP or a region."
                ),
            )
        ]

    def __str__(self):
        return str(self.place)

    @property
    def place(self):
        return self.municipality or self.orp or self.region

    @property
    def level(self) -> AreaLevel:
        if self.municipality_id:
            return AreaLevel.MUNICIPALITY
        return AreaLevel.ORP if self.orp_id else AreaLevel.REGION

    def clean(self):
        if sum(bool(x) for x in (self.municipality_id, self.orp_id, self.region_id)) != 1:
            raise ValidationError(_("Choose exactly one: a municipality, an ORP or a region."))


class Closure(ClosureRules, models.Model):
    """A one-off closure (holiday leave, renovation); public holidays are automatic."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="closures", verbose_name=_("service")
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("location"),
        help_text=_("Empty: the whole service is closed."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to (inclusive)"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = ("service_id", "starts_on", "id")
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="closure_dates_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="closure_valid_range",
                violation_error_message=_("The closure must end on or after its first day."),
            )
        ]

    def __str__(self):
        return f"{self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y} {self.reason}".strip()

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The closure must end on or after its first day.")})


class ReportReason(models.TextChoices):
    CLOSED = "closed", _("closed for good")
    HOURS = "hours", _("opening hours")
    ADDRESS = "address", _("address")
    CONTACT = "contact", _("contact")
    OTHER = "other", _("something else")


class ReportStatus(models.TextChoices):
    NEW = "new", _("new")
    IN_PROGRESS = "in_progress", _("in progress")
    FIXED = "fixed", _("fixed")
    REJECTED = "rejected", _("rejected")


OPEN_REPORT_STATUSES = (ReportStatus.NEW, ReportStatus.IN_PROGRESS)


class Report(models.Model):
    """ "Nahlásit chybu": somebody tells the listing's keepers that a service or an organization
    is wrong. The reporter's e-mail is for a reply only and is never shown on a public page."""

    # An organization report has no service; a service report also names its organization,
    # so that editors find both in one place. Listings are archived, not deleted, so CASCADE
    # only ever follows a superuser's deliberate hard delete.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("organization"),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("service"),
    )
    reason = models.CharField(_("what is wrong"), max_length=10, choices=ReportReason.choices)
    message = models.TextField(_("message"), max_length=2000)
    email = models.EmailField(_("reporter's e-mail"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReportStatus.choices,
        default=ReportStatus.NEW,
        db_index=True,
    )
    resolution_note = models.TextField(
        _("resolution note"),
        blank=True,
        help_text=_("What was done; sent to the reporter if you choose to reply."),
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    # The one-time token of the form it came from: the same form sent twice is stored once.
    form_token = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")
        indexes = [models.Index(fields=["service", "status"], name="report_service_status_idx")]

    def __str__(self):
        return f"{self.listing} – {self.get_reason_display()}"

    @property
    def listing(self):
        return self.service or self.organization

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REPORT_STATUSES


class AlertQuerySet(models.QuerySet):
    def active_on(self, date: datetime.date):
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=date),
            Q(ends_on__isnull=True) | Q(ends_on__gte=date),
        )


def alerts_prefetch(today: datetime.date, lookup: str = "alerts") -> Prefetch:
    """``active_alerts`` of the services at ``lookup``: the alerts shown on ``today``."""
    alerts = Alert.objects.active_on(today).order_by("starts_on", "id")
    return Prefetch(lookup, queryset=alerts, to_attr="active_alerts")


class Alert(AlertRules, models.Model):
    """A dated notice on a service ("Dnes terén nevyjíždí", "Od 1. 3. nové číslo"), shown as a
    banner on the profile, the search cards and the handout while it is active."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("service")
    )
    text = models.CharField(_("notice"), max_length=300)
    starts_on = models.DateField(
        _("shown from"), null=True, blank=True, help_text=_("Empty: from now on.")
    )
    ends_on = models.DateField(
        _("shown until (inclusive)"), null=True, blank=True, help_text=_("Empty: until removed.")
    )

    objects = AlertQuerySet.as_manager()
    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = ("service_id", "starts_on", "id")
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="alert_valid_range",
                violation_error_message=_("The alert must end on or after its first day."),
            )
        ]

    def __str__(self):
        return self.text

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The alert must end on or after its first day.")})


class CapacityUnit(models.TextChoices):
    """What a capacity counts. The labels name the unit ("lůžka"); after a number it is
    declined for that number by ``services_extras.capacity_figure`` ("2 z 12 lůžek")."""

    PLACES = "places", _("places")
    BEDS = "beds", _("beds")
    CLIENTS = "clients", _("clients")


class CapacityQuerySet(models.QuerySet):
    def free_on(self, today: datetime.date):
        """Capacities with a free place on ``today`` (``CapacityRules.is_free`` in SQL)."""
        return self.filter(available__gt=0, updated_at__gte=capacity_fresh_from(today))


class ServiceCapacity(CapacityRules, models.Model):
    """How many places (beds, clients) a service has and how many are free now: HSDS 3.1
    ``service_capacity``. Editors update ``available`` in one step (``services.capacity``);
    after ``CAPACITY_FRESH_DAYS`` without an update the figure no longer counts as free."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="capacities", verbose_name=_("service")
    )
    unit = models.CharField(
        _("unit"), max_length=10, choices=CapacityUnit.choices, default=CapacityUnit.PLACES
    )
    maximum = models.PositiveSmallIntegerField(
        _("maximum"), help_text=_("All places (beds, clients) the service has.")
    )
    available = models.PositiveSmallIntegerField(
        _("available"), default=0, help_text=_("How many of them are free now.")
    )
    waiting_people = models.PositiveSmallIntegerField(
        _("people waiting"),
        null=True,
        blank=True,
        help_text=_("Waiting list: how many people wait for a place. Empty: not stated."),
    )
    waiting_weeks = models.PositiveSmallIntegerField(
        _("waiting time (weeks)"),
        null=True,
        blank=True,
        help_text=_("Waiting list: about how many weeks until a place. Empty: not stated."),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “flats for single people”, “women only”."),
    )
    # Set by whoever updates the figures (the capacity page, the admin, an import with the
    # file's own date): not auto_now, an imported figure keeps the age it has.
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = CapacityQuerySet.as_manager()
    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = ("service_id", "unit", "id")
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        indexes = [
            # capacity=free: the services with a free place, as one uncorrelated subquery
            # read from this index alone (only rows with a place free are in it).
            models.Index(
                fields=["updated_at", "service"],
                condition=Q(available__gt=0),
                name="capacity_free_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(maximum__gte=1), name="capacity_maximum_positive"),
            models.CheckConstraint(
                condition=Q(available__lte=F("maximum")),
                name="capacity_available_within_maximum",
                violation_error_message=_("More places cannot be free than there are."),
            ),
        ]

    def __str__(self):
        return f"{self.available}/{self.maximum} {self.get_unit_display()}"

    def clean(self):
        errors = {}
        if self.maximum is not None and self.maximum < 1:
            errors["maximum"] = _("A capacity has at least one place.")
        if (
            self.available is not None
            and self.maximum is not None
            and self.available > self.maximum
        ):
            errors["available"] = _(
                "At most %(maximum)d can be free: the capacity is %(maximum)d."
            ) % {"maximum": self.maximum}
        if errors:
            raise ValidationError(errors)


class ContactKind(models.TextChoices):
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")


class ServiceContact(models.Model):
    """One phone number or e-mail of a service, with what it is for ("krizová linka",
    "kancelář"), shown in ``position`` order.

    The first public phone and e-mail are also kept in ``Service.phone`` / ``Service.email``
    (``sync_primary_contact``): the cards, the CSV, the handout, structured data and the
    verification queue read those columns, so they need no extra query.
    """

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("service")
    )
    kind = models.CharField(
        _("kind"), max_length=5, choices=ContactKind.choices, default=ContactKind.PHONE
    )
    value = models.CharField(
        _("phone number or e-mail"), max_length=254, help_text=_("E.g. +420 518 611 589.")
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=100,
        blank=True,
        help_text=_("E.g. “krizová linka”, “kancelář”, “pro odborníky”."),
    )
    professional_only = models.BooleanField(
        _("for professionals only"),
        default=False,
        help_text=_("Shown to signed-in professionals only."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = ChangedOnlyHistoricalRecords()

    class Meta:
        ordering = ("service_id", "position", "id")
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.purpose}: {self.value}" if self.purpose else self.value

    def save(self, *args, **kwargs):
        self.value = (self.value or "").strip()
        if self.kind == ContactKind.PHONE:
            # full_clean reports a bad number; a raw save keeps what it was given.
            with contextlib.suppress(ValidationError):
                self.value = normalise_phone(self.value)
        super().save(*args, **kwargs)

    def clean(self):
        try:
            if self.kind == ContactKind.PHONE:
                self.value = normalise_phone(self.value)
            else:
                validate_email((self.value or "").strip())
        except ValidationError as error:
            raise ValidationError({"value": error.messages}) from None

    @property
    def is_phone(self) -> bool:
        return self.kind == ContactKind.PHONE


def primary_contact(contacts) -> dict:
    """The first public phone and e-mail of ``contacts`` (in order): what
    ``Service.phone`` / ``Service.email`` hold."""
    values = {"phone": "", "email": ""}
    for contact in contacts:
        if contact.professional_only:
            continue
        field = "phone" if contact.kind == ContactKind.PHONE else "email"
        values[field] = values[field] or contact.value
    return values


def adopt_primary_contact(service: Service) -> None:
    """Make the contacts agree with ``service.phone`` / ``service.email`` written directly (a
    spreadsheet import): the first public contact of each kind takes the new value, is added
    first, or goes when the value was cleared. A few queries."""
    for kind, value in ((ContactKind.PHONE, service.phone), (ContactKind.EMAIL, service.email)):
        contacts = service.contacts.filter(kind=kind, professional_only=False)
        first = contacts.order_by("position", "id").first()
        if first is not None and not value:
            first.delete()
        elif first is not None and first.value != value:
            first.value = value
            first.save()
        elif first is None and value:
            service.contacts.update(position=F("position") + 1)
            ServiceContact.objects.create(service=service, kind=kind, value=value, position=0)
    sync_primary_contact(service.pk)


def sync_primary_contact(service_id) -> None:
    """Copy the first public phone and e-mail into the service's columns: two queries."""
    contacts = ServiceContact.objects.filter(service_id=service_id).order_by("position", "id")
    Service.objects.filter(pk=service_id).update(**primary_contact(contacts))


# What a service is made of besides its own row: edited with it, versioned with it. A location
# is not one (several services may share it): its link to a service is, and saving a location
# counts as a new version of each of its services (services.versioning).
SERVICE_PARTS = (
    ServiceAtLocation,
    Schedule,
    ServiceArea,
    Closure,
    Alert,
    ServiceCapacity,
    ServiceContact,
)


class RegionReview(models.Model):
    """Whether the changes of organization editors in a region wait for a coordinator.

    Per region, switched by its coordinators; off (no row) means editors publish directly.
    An organization belongs to the region of its seat.
    """

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="review", verbose_name=_("region")
    )
    editors_need_approval = models.BooleanField(
        _("editors' changes need approval"),
        default=False,
        help_text=_(
            "On: a change saved by an editor of an organization seated in this region waits "
            "in the coordinators' queue; the public pages show the listing as it was until a "
            "coordinator approves it."
        ),
    )

    class Meta:
        ordering = ("region__name", "id")
        verbose_name = _("review of editors' changes")
        verbose_name_plural = _("reviews of editors' changes")

    def __str__(self):
        return str(self.region)

    @classmethod
    def applies_to(cls, service) -> bool:
        """Whether changes of ``service`` by its organization's editors wait for approval.
        One query."""
        return cls.objects.filter(
            region__municipalities__organizations=service.organization_id,
            editors_need_approval=True,
        ).exists()


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ProposedChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ProposalStatus.PENDING)


class ProposedChange(models.Model):
    """An editor's save of a service held for a coordinator (``RegionReview``).

    ``data`` is what the service's admin form sent (the form and its inline formsets, as
    lists of values per name), so approving replays it through the very form an editor would
    have saved with: same validation, same version lock, same history.
    """

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("service")
    )
    data = models.JSONField(_("proposed data"), editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
        db_index=True,
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why it was rejected; e-mailed to its author.")
    )

    objects = ProposedChangeQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")

    def __str__(self):
        return f"{self.service} – {self.get_status_display()}"
