"""Events where the people of the service network meet: seminars, working groups, visits."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.models import Municipality, Organization, Publishable, PublishableQuerySet, Region
from directory.text import unique_slug
from services.models import Service, Term, Vocabulary


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("seminar")
    WORKING_GROUP = "working_group", _("working group meeting")
    EXCHANGE = "exchange", _("exchange of experience")
    STUDY_VISIT = "study_visit", _("study visit")
    CONFERENCE = "conference", _("conference")
    TRAINING = "training", _("training")
    ONLINE_MEETING = "online", _("online meeting")


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, now=None):
        """Events not yet over (those without an end are over when they start)."""
        now = now or timezone.now()
        return self.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))

    def past(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(ends_at__lt=now) | Q(ends_at__isnull=True, starts_at__lt=now))

    def for_listing(self):
        return self.select_related("organizer", "municipality", "region").prefetch_related(
            "audiences"
        )


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
    history = HistoricalRecords(m2m_fields=[participants, audiences])

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
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) or self.kind == EventKind.ONLINE_MEETING
