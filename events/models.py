"""Events where the people of the service network meet: seminars, working groups, visits."""

import datetime
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.history import ChangedOnlyHistoricalRecords
from directory.models import Municipality, Organization, Publishable, PublishableQuerySet, Region
from directory.text import fold, unique_slug
from services.models import Service, Term, Vocabulary


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("seminar")
    WORKING_GROUP = "working_group", _("working group meeting")
    EXCHANGE = "exchange", _("exchange of experience")
    STUDY_VISIT = "study_visit", _("study visit")
    CONFERENCE = "conference", _("conference")
    TRAINING = "training", _("training")
    ONLINE_MEETING = "online", _("online meeting")


PRAGUE = ZoneInfo("Europe/Prague")
OSM_SEARCH_URL = "https://www.openstreetmap.org/search?query={}"


def prague_midnight(day: datetime.date) -> datetime.datetime:
    """The aware moment a calendar day begins in Prague (midnight always exists there)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=PRAGUE)


class EventQuerySet(PublishableQuerySet):
    """``now`` defaults to the current time; tests pass a fixed one.

    An event is over when its end has passed; one without an end is over when it starts. An
    all-day event ignores times and lasts until the end of its last day in Prague, so it is
    still upcoming at 23:59 that day and past at 0:00 the next (even though it is still the
    same day in UTC then).
    """

    def _not_over(self, now):
        day_start = prague_midnight(timezone.localtime(now, PRAGUE).date())
        timed = Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)
        whole_days = Q(ends_at__gte=day_start) | Q(ends_at__isnull=True, starts_at__gte=day_start)
        return (Q(all_day=False) & timed) | (Q(all_day=True) & whole_days)

    def _over(self, now):
        day_start = prague_midnight(timezone.localtime(now, PRAGUE).date())
        timed = Q(ends_at__lt=now) | Q(ends_at__isnull=True, starts_at__lt=now)
        whole_days = Q(ends_at__lt=day_start) | Q(ends_at__isnull=True, starts_at__lt=day_start)
        return (Q(all_day=False) & timed) | (Q(all_day=True) & whole_days)

    def upcoming(self, now=None):
        """Events not yet over, soonest first."""
        return self.filter(self._not_over(now or timezone.now())).order_by("starts_at", "id")

    def past(self, now=None):
        """Events that are over, the most recent first."""
        return self.filter(self._over(now or timezone.now())).order_by("-starts_at", "-id")

    def for_listing(self):
        """What a list item shows, in 2 queries (events + audiences)."""
        return self.select_related("organizer", "municipality", "region").prefetch_related(
            "audiences"
        )

    def for_calendar(self):
        """What an iCalendar entry needs, in 1 query."""
        return self.select_related("organizer", "municipality")

    def for_detail(self):
        """What the event page shows, in 4 queries. Unpublished organizations and services
        are left out of the lists, as their pages would be 404."""
        return self.select_related("organizer", "municipality", "region").prefetch_related(
            "audiences",
            Prefetch("participants", queryset=Organization.objects.published()),
            Prefetch(
                "related_services",
                queryset=Service.objects.published().select_related("organization"),
            ),
        )


def search_text(event) -> str:
    return fold(" ".join((event.title, event.summary, event.description, event.venue_name)))


class Event(Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, db_index=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True, db_index=True)
    all_day = models.BooleanField(
        _("all day"), default=False, help_text=_("Times are ignored; the dates count.")
    )

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("region"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("municipality"),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    online_url_private = models.BooleanField(
        _("link for signed-in users only"),
        default=True,
        help_text=_("Anonymous visitors see that the event is online, but not the link."),
    )

    organizer = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="organized_events",
        verbose_name=_("organizer"),
    )
    participants = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="participated_events",
        verbose_name=_("participating organizations"),
    )
    other_participants = models.TextField(
        _("other participants"), blank=True, help_text=_("Those not listed in the directory.")
    )
    audiences = models.ManyToManyField(
        Term,
        blank=True,
        related_name="events",
        limit_choices_to={"vocabulary": Vocabulary.AUDIENCE},
        verbose_name=_("audience"),
    )
    related_services = models.ManyToManyField(
        Service, blank=True, related_name="events", verbose_name=_("related services")
    )

    registration_url = models.URLField(_("registration link"), blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    report = models.TextField(_("report"), blank=True, help_text=_("Filled in after the event."))
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    photo_captions = models.TextField(
        _("photo captions"), blank=True, help_text=_("One caption per line.")
    )

    objects = EventQuerySet.as_manager()
    # Title, summary, description and venue folded (lower case, no diacritics) for the
    # events' text search; set on save.
    search_text = models.TextField(editable=False, blank=True)

    history = ChangedOnlyHistoricalRecords(m2m_fields=[participants, audiences])

    class Meta:
        ordering = ("starts_at", "id")
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Event, self.title, instance=self)
        if self.municipality_id and not self.region_id:
            self.region_id = self.municipality.region_id
        self.search_text = search_text(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) or self.kind == EventKind.ONLINE_MEETING

    @property
    def starts_local(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at, PRAGUE)

    @property
    def ends_local(self) -> datetime.datetime | None:
        return timezone.localtime(self.ends_at, PRAGUE) if self.ends_at else None

    @property
    def first_day(self) -> datetime.date:
        return self.starts_local.date()

    @property
    def last_day(self) -> datetime.date:
        """The Prague date the event ends on (inclusive)."""
        return (self.ends_local or self.starts_local).date()

    def has_ended(self, now=None) -> bool:
        """The same rule as ``EventQuerySet.past``, for one event in memory."""
        now = now or timezone.now()
        if self.all_day:
            return self.last_day < timezone.localtime(now, PRAGUE).date()
        return (self.ends_at or self.starts_at) < now

    @property
    def is_over(self) -> bool:
        return self.has_ended()

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.has_ended(now):
            return False
        return self.registration_deadline is None or now <= self.registration_deadline

    def online_link_for(self, user) -> str:
        """The meeting link if ``user`` may see it: a private link only for signed-in users."""
        if self.online_url and (not self.online_url_private or user.is_authenticated):
            return self.online_url
        return ""

    @property
    def public_online_link(self) -> str:
        """The link as anonymous visitors (and every feed) may show it."""
        return "" if self.online_url_private else self.online_url

    @property
    def place_parts(self) -> list[str]:
        """Venue, address and municipality, for LOCATION and the map search (no query)."""
        parts = [self.venue_name, self.venue_address]
        if self.municipality_id:
            parts.append(self.municipality.name)
        return [part for part in parts if part]

    @property
    def map_url(self) -> str:
        """An OpenStreetMap search for the address (or venue) in its municipality."""
        parts = [self.venue_address or self.venue_name]
        if self.municipality_id:
            parts.append(self.municipality.name)
        query = ", ".join(part for part in parts if part)
        return OSM_SEARCH_URL.format(quote_plus(query)) if query else ""

    @property
    def photo_caption_list(self) -> list[str]:
        return [line.strip() for line in self.photo_captions.splitlines() if line.strip()]
