import datetime
import importlib

import factory
from django.apps import apps
from django.utils import timezone

from directory.models import (
    Municipality,
    Organization,
    Orp,
    PlacePart,
    PlacePartKind,
    Publication,
    Region,
)
from events.models import Event, EventKind
from services import weekdays
from services.models import (
    Closure,
    Location,
    LocationKind,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceContact,
    ServiceStatus,
    Term,
    Vocabulary,
)

# Data migrations whose rows every page needs (taxonomy, groups): (module, function).
REFERENCE_DATA = (
    ("services.migrations.0002_taxonomy", "seed"),
    ("directory.migrations.0002_groups", "create_groups"),
)


def seed_reference_data() -> None:
    """What the data migrations created, again: for tests whose database was flushed by an
    earlier transactional test (live servers, the browser tests)."""
    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("nuts_code",)

    # Fixed widths (4 and 5 characters) however many regions a test session makes; "9" and
    # "Z" keep clear of the real ČSÚ and NUTS codes of the demo data.
    csu_code = factory.Sequence(lambda n: f"9{n % 1000:03d}")
    nuts_code = factory.Sequence(lambda n: f"Z{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Kraj {n}")
    slug = factory.Sequence(lambda n: f"kraj-{n}")


class OrpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Orp

    csu_code = factory.Sequence(lambda n: f"8{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"ORP {n}")
    slug = factory.Sequence(lambda n: f"orp-{n}")
    region = factory.SubFactory(RegionFactory)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    code = factory.Sequence(lambda n: f"{900000 + n}")
    name = factory.Sequence(lambda n: f"Obec {n}")
    orp = factory.SubFactory(OrpFactory)
    region = factory.SelfAttribute("orp.region")
    postal_code = "39601"
    latitude = 49.54
    longitude = 15.36


class PlacePartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacePart

    kind = PlacePartKind.PART
    code = factory.Sequence(lambda n: f"{900000 + n}")
    name = factory.Sequence(lambda n: f"Část {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    postal_codes = factory.SelfAttribute("municipality.postal_code")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organizace {n}")
    publication = Publication.PUBLISHED


def term(vocabulary: Vocabulary, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code)


def _terms(field: str, vocabulary: Vocabulary, default=()):
    """A service's ``field`` set to the terms of ``vocabulary`` whose codes are passed (a list),
    else ``default``'s: one change, so one history record, as a form's save makes."""

    def set_terms(service, create, extracted, **kwargs):
        codes = extracted or default
        if create and codes:
            getattr(service, field).set([term(vocabulary, code) for code in codes])

    return factory.PostGeneration(set_terms)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Služba {n}")
    publication = Publication.PUBLISHED
    status = ServiceStatus.ACTIVE
    last_verified = factory.LazyFunction(timezone.localdate)

    types = _terms("types", Vocabulary.SERVICE_TYPE, default=["contact_centre"])
    activities = _terms("activities", Vocabulary.ACTIVITY)
    target_groups = _terms("target_groups", Vocabulary.TARGET_GROUP)
    substances = _terms("substances", Vocabulary.SUBSTANCE)
    languages = _terms("languages", Vocabulary.LANGUAGE)


class LocationFactory(factory.django.DjangoModelFactory):
    """A location of ``service``'s organization, offered by ``service`` (also kept as
    ``location.service``, for tests: the model itself has ``services``)."""

    class Meta:
        model = Location

    service = factory.SubFactory(ServiceFactory)
    organization = factory.SelfAttribute("service.organization")
    kind = LocationKind.PREMISES
    municipality = factory.SubFactory(MunicipalityFactory)
    address = "Náměstí 1"

    @classmethod
    def _create(cls, model_class, *args, service=None, **kwargs):
        location = super()._create(model_class, *args, **kwargs)
        if service is not None:
            # As the migration made them: a location's stored HSDS id is its link's too.
            ServiceAtLocation.objects.create(
                service=service, location=location, hsds_id=location.hsds_id
            )
        location.service = service
        return location

    @classmethod
    def _build(cls, model_class, *args, service=None, **kwargs):
        location = super()._build(model_class, *args, **kwargs)
        location.service = service
        return location


class ServiceContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceContact

    service = factory.SubFactory(ServiceFactory)
    value = "+420 518 611 589"


class ScheduleFactory(factory.django.DjangoModelFactory):
    """Monday 9:00–17:00 at a premises location unless told otherwise."""

    class Meta:
        model = Schedule

    location = factory.SubFactory(LocationFactory)
    # The service the factory made the location for, else (a location read back from the
    # database) the first service offered there.
    service = factory.LazyAttribute(
        lambda o: getattr(o.location, "service", None) or o.location.services.order_by("pk").first()
    )
    days = weekdays.bit(0)
    opens_at = datetime.time(9, 0)
    closes_at = datetime.time(17, 0)


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    service = factory.SubFactory(ServiceFactory)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    service = factory.SubFactory(ServiceFactory)
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.SelfAttribute("starts_on")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Seminář {n}")
    kind = EventKind.SEMINAR
    organizer = factory.SubFactory(OrganizationFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    publication = Publication.PUBLISHED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.cz")
    is_staff = True
    password = factory.django.Password("correct-horse-9")


class AccountFactory(factory.django.DjangoModelFactory):
    """A regional coordinator unless told otherwise; pass regions=[…] or organizations=[…]."""

    class Meta:
        model = "directory.Account"
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    role = "coordinator"

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organizations.set(extracted)
