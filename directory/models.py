"""Places (regions, ORPs, municipalities) and organizations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.fields import PhoneNumberField
from directory.history import ChangedOnlyHistoricalRecords
from directory.hsds_ids import derived_id
from directory.text import fold, unique_slug
from directory.validators import (
    normalise_postal_code,
    validate_ico,
    validate_latitude,
    validate_longitude,
    validate_postal_code,
)


class Publication(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication=Publication.PUBLISHED)

    def visible_to(self, user):
        """The one rule for public pages: everybody sees what is published; staff
        (coordinators and editors, whatever their scope) may also preview drafts and archived
        rows, which the pages label. No query."""
        return self if user.is_staff else self.published()


class Publishable(models.Model):
    """Draft → published → archived, with when it was (last) published and by whom."""

    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.DRAFT,
        db_index=True,
        help_text=_("Only published entries are shown to the public. Archive instead of deleting."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking: every save increments it; an edit based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.publication == Publication.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if not self._state.adding:
            # Every save of an existing row is a new version: a form loaded before it is stale.
            self.version += 1
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.publication == Publication.PUBLISHED


def _store_derived_ids(model, objs, using):
    """Sets and writes the derived HSDS id of saved ``objs`` that lack it: one query a batch."""
    missing = [obj for obj in objs if obj.pk is not None and obj.derived_hsds_id is None]
    for obj in missing:
        obj.derived_hsds_id = derived_id(model, obj.pk)
    model._base_manager.using(using).bulk_update(missing, ["derived_hsds_id"])


class HsdsIdentifiedQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.derived_hsds_id = None if obj.pk is None else derived_id(self.model, obj.pk)
        created = super().bulk_create(objs, *args, **kwargs)
        if any(obj.pk is None for obj in created):
            # Keys not returned (ignore_conflicts …): find the rows still without an id.
            created = self.model._base_manager.using(self.db).filter(derived_hsds_id=None)
        _store_derived_ids(self.model, created, self.db)
        return objs


class HsdsIdentified(models.Model):
    """A row with an HSDS id derived from its key (``directory.hsds_ids``), stored so that the
    API and the import find a row by that id through an index: a uuid5 cannot be reversed.

    The key is known only after the insert, so creating a row costs one more query (one per
    batch with ``bulk_create``); rows saved with ``save_base(raw=True)`` (``loaddata``) keep
    the value of their fixture.
    """

    derived_hsds_id = models.CharField(
        _("derived HSDS id"), max_length=36, unique=True, null=True, blank=True, editable=False
    )

    # What the id is derived from besides the key ("service", "organization" …): never change
    # it, every id published so far would change with it.
    hsds_kind: str

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A copy (the key set to None to insert a new row) must not keep its original's id.
        self.derived_hsds_id = None if self.pk is None else derived_id(type(self), self.pk)
        super().save(*args, **kwargs)
        _store_derived_ids(type(self), [self], self._state.db)


class Region(models.Model):
    """Kraj (NUTS 3)."""

    csu_code = models.CharField(_("ČSÚ code"), max_length=4, unique=True)
    nuts_code = models.CharField(_("NUTS 3 code"), max_length=5, unique=True, help_text="CZ063")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class OrpQuerySet(models.QuerySet):
    def with_region(self):
        return self.select_related("region")


class Orp(models.Model):
    """Obec s rozšířenou působností: the unit OSPOD and community planning are organised by."""

    csu_code = models.CharField(_("ČSÚ code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="orps", verbose_name=_("region")
    )

    objects = OrpQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("ORP")
        verbose_name_plural = _("ORPs")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


class MunicipalityQuerySet(models.QuerySet):
    def with_orp(self):
        return self.select_related("orp", "region")

    def named(self, text: str):
        """Municipalities whose name equals ``text`` ignoring case and diacritics."""
        return self.filter(search_name=fold(text))


class Municipality(models.Model):
    """Obec, identified by its 6-digit ČSÚ code (equal to the RÚIAN code)."""

    code = models.CharField(_("ČSÚ code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    # Names repeat (dozens of "Lhota"), so the code keeps slugs unique and stable.
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    orp = models.ForeignKey(
        Orp, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("ORP")
    )
    # Denormalised from the ORP (an ORP never crosses a region) so region filters need no join.
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    postal_code = models.CharField(
        _("postal code"), max_length=5, blank=True, db_index=True, validators=[validate_postal_code]
    )
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[validate_latitude]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[validate_longitude]
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("name", "code")
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        # The nearest municipality to a position (``towns.nearest_municipality``).
        indexes = [models.Index(fields=["latitude", "longitude"], name="municipality_position")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        self.postal_code = normalise_postal_code(self.postal_code)
        if not self.slug:
            from django.utils.text import slugify

            self.slug = f"{slugify(self.name)}-{self.code}"
        if self.orp_id and not self.region_id:
            self.region_id = Orp.objects.values_list("region_id", flat=True).get(pk=self.orp_id)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("town", args=[self.slug])

    @property
    def label(self) -> str:
        """The name with ORP and region, to tell apart municipalities with the same name."""
        return f"{self.name} (ORP {self.orp.name}, {self.region.name})"


class PlacePartKind(models.TextChoices):
    DISTRICT = "district", _("city district")
    PART = "part", _("part of a municipality")


class PlacePartQuerySet(models.QuerySet):
    def with_municipality(self):
        return self.select_related("municipality__orp", "municipality__region")


class PlacePart(models.Model):
    """A city district (městská část or obvod, Prague's "Praha 5" or "Praha-Zbraslav") or a
    part of a municipality (část obce, "Lahovice"), so that a town search finds them.

    Reference data loaded by ``load_places``: a search resolves the name to the municipality,
    and the postal codes tell which premises lie in the part.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=PlacePartKind.choices)
    code = models.CharField(_("RÚIAN code"), max_length=6)
    name = models.CharField(_("name"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("municipality"),
    )
    postal_codes = models.CharField(
        _("postal codes"),
        max_length=200,
        blank=True,
        help_text=_("The postal codes (PSČ) of the part, separated by spaces."),
    )
    district_name = models.CharField(
        _("city district"),
        max_length=200,
        blank=True,
        help_text=_("For a part of a city: the district(s) it lies in."),
    )

    objects = PlacePartQuerySet.as_manager()

    class Meta:
        ordering = ("name", "kind", "code")
        verbose_name = _("district or part of a municipality")
        verbose_name_plural = _("districts and parts of municipalities")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="placepart_unique_kind_code")
        ]

    def __str__(self):
        """The name with its municipality, as a search names it: "Lahovice (Praha)"."""
        return f"{self.name} ({self.municipality.name})"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def postal_code_list(self) -> list[str]:
        return self.postal_codes.split()

    @property
    def label(self) -> str:
        """The name with its district and municipality (with ORP and region), to tell apart
        parts with the same name: "Lahovice (Praha-Zbraslav), Praha (ORP Praha, …)"."""
        district = f" ({self.district_name})" if self.district_name else ""
        return f"{self.name}{district}, {self.municipality.label}"


class LegalForm(models.TextChoices):
    ASSOCIATION = "spolek", _("association (spolek)")
    PUBLIC_BENEFIT = "ops", _("public benefit company (o.p.s.)")
    INSTITUTE = "zu", _("institute (z.ú.)")
    CHURCH = "církevní", _("church legal entity")
    CONTRIBUTORY = "po", _("contributory organisation (p.o.)")
    MUNICIPALITY = "obec", _("municipality or region")
    STATE = "stát", _("state body")
    COMPANY = "sro", _("company (s.r.o., a.s.)")
    HEALTH = "zdrav", _("healthcare provider")
    OTHER = "jiná", _("other")


class OrganizationQuerySet(PublishableQuerySet, HsdsIdentifiedQuerySet):
    pass


class Organization(Publishable, HsdsIdentified):
    hsds_kind = "organization"

    name = models.CharField(_("name"), max_length=200)
    # The name folded (lower case, no diacritics) for text search; set on save.
    # Text, not varchar(200) like the name: folding can lengthen it ("…" becomes "...").
    search_name = models.TextField(editable=False, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=10, choices=LegalForm.choices, default=LegalForm.OTHER
    )
    ico = models.CharField(
        _("IČO"),
        max_length=8,
        blank=True,
        validators=[validate_ico],
        help_text=_("Identification number from the business register: 8 digits."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
        verbose_name=_("parent organization"),
        help_text=_("E.g. the diocesan Charita of a local Charita branch."),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    address = models.CharField(
        _("address"), max_length=200, blank=True, help_text=_("Street and number.")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("seat"),
    )
    hsds_id = models.CharField(
        _("HSDS id"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    objects = OrganizationQuerySet.as_manager()
    history = ChangedOnlyHistoricalRecords(excluded_fields=["derived_hsds_id"])

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        # Last-Modified of the API's lists: MAX(updated_at) without reading every row.
        indexes = [models.Index(fields=["updated_at"], name="organization_updated_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["ico"], condition=~Q(ico=""), name="organization_unique_ico"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organization, self.name, instance=self)
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("directory:organization", args=[self.slug])

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organization cannot be its own parent.")})


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("regional coordinator")
    EDITOR = "editor", _("organization editor")
    PROFESSIONAL = "professional", _("professional")


class Account(models.Model):
    """What a signed-in person may do: the role and the regions or organizations it covers.

    Regional coordinators edit everything in their regions; organization editors edit their
    organizations' services and events; professionals only read the information for
    professionals on the public site. ``directory.admin.scope`` turns this into querysets.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="accounts",
        verbose_name=_("regions"),
        help_text=_("Coordinators: the regions they look after. Professionals: where they work."),
    )
    organizations = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="accounts",
        verbose_name=_("organizations"),
        help_text=_("Editors: the organizations whose listings they keep."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[regions, organizations])

    class Meta:
        ordering = ("user__username", "id")
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self):
        return f"{self.user.get_username()} ({self.get_role_display()})"


class VainSearch(models.Model):
    """How many searches for a place found no service that reaches it, per day, place,
    weekday and service type (``directory.demand``): for planners, the demand nobody meets.

    Aggregated counts only, by design: no address or position, no free text, no user, no
    client address, no time of day. Kept for settings.VAIN_SEARCH_RETENTION_DAYS; the
    ``purge_vain_searches`` command deletes older rows.
    """

    day = models.DateField(_("day"), db_index=True)
    orp = models.ForeignKey(
        Orp, on_delete=models.CASCADE, related_name="vain_searches", verbose_name=_("ORP")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="vain_searches",
        verbose_name=_("municipality"),
        help_text=_("Empty: the whole ORP was searched."),
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), null=True, blank=True, help_text=_("0 = Monday; empty: any day.")
    )
    service_type = models.CharField(
        _("service type"), max_length=50, blank=True, help_text=_("Empty: any type.")
    )
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        ordering = ("-day", "orp_id", "municipality_id", "weekday", "service_type", "id")
        verbose_name = _("vain search")
        verbose_name_plural = _("vain searches")
        indexes = [models.Index(fields=["orp", "day"], name="vainsearch_orp_day_idx")]

    def __str__(self):
        return f"{self.day} {self.municipality or self.orp}: {self.count}"
