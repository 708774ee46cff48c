"""The search's value rows (services.listing) read as the model instances do."""

import datetime

import pytest

from services import availability, listing, towns, weekdays
from services.contact import contact_for
from services.models import Frequency, LocationKind, RemoteChannel, Service, Term, Vocabulary
from services.querysets import When
from services.views import _address
from tests.factories import (
    ClosureFactory,
    LocationFactory,
    MunicipalityFactory,
    OrganizationFactory,
    ScheduleFactory,
    ServiceAreaFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

TODAY = datetime.date(2026, 11, 23)  # a Monday
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def towns_(db):
    humpolec = MunicipalityFactory(name="Humpolec", latitude=49.54, longitude=15.36)
    jihlava = MunicipalityFactory(
        name="Jihlava", orp__region=humpolec.region, latitude=49.40, longitude=15.59
    )
    return humpolec, jihlava


@pytest.fixture
def rich(towns_):
    """A service with every kind of part: premises, a stop, a phone line, weekly, every
    other week and monthly sessions, areas of each level, closures and two types."""
    humpolec, jihlava = towns_
    service = ServiceFactory(
        name="K-centrum", types=["contact_centre", "outreach"], phone="", email="", website=""
    )
    service.organization.phone = "+420 567 000 111"
    service.organization.save()
    premises = LocationFactory(
        service=service, municipality=jihlava, address="Husova 1", postal_code="58601"
    )
    stop = LocationFactory(
        service=service, kind=LocationKind.OUTREACH, municipality=humpolec, address=""
    )
    phone = LocationFactory(
        service=service, kind=LocationKind.REMOTE, municipality=None, channel=RemoteChannel.PHONE
    )
    ScheduleFactory(location=premises, days=weekdays.mask([0, 1, 2, 3, 4]))
    ScheduleFactory(
        location=stop,
        days=weekdays.bit(3),
        opens_at=datetime.time(13),
        closes_at=datetime.time(18),
        interval=2,
        valid_from=datetime.date(2026, 11, 26),
        note="u nádraží",
    )
    ScheduleFactory(
        location=phone,
        days=weekdays.bit(1),
        freq=Frequency.MONTHLY,
        week_of_month=1,
        open_on_holidays=True,
    )
    ServiceAreaFactory(service=service, orp=humpolec.orp)
    ServiceAreaFactory(service=service, municipality=jihlava)
    ServiceAreaFactory(service=service, region=humpolec.region)
    ClosureFactory(service=service, starts_on=TODAY, ends_on=TODAY, location=premises)
    ClosureFactory(
        service=service, starts_on=datetime.date(2026, 12, 24), ends_on=datetime.date(2026, 12, 31)
    )
    return service


def _what_a_card_shows(service, place, when):
    opening = availability.next_opening(service, NOW, place)
    return {
        "name": str(service),
        "url": service.get_absolute_url(),
        "status": str(service.get_status_display()),
        "organization": service.organization.name,
        "types": [term.name for term in service.types.all()],
        "reasons": [
            r.text for r in availability.reasons(service, town=place, when=when, today=TODAY)
        ],
        "opening": opening
        and (opening.date, opening.schedule.pk, opening.location.pk, opening.is_open_now),
        "distance": towns.distance_km(service, (49.54, 15.36)),
        "contact": (contact_for(service).phone, contact_for(service).source_text),
        "addresses": [_address(place) for place in service.locations.all() if not place.is_remote],
        "closures": [c.pk for c in availability.current_closures(service, TODAY)],
    }


@pytest.mark.parametrize(
    "when", [When(), When(days=weekdays.bit(3)), When(date=datetime.date(2026, 12, 1))]
)
def test_rows_show_what_the_model_instances_show(rich, towns_, when):
    model = Service.objects.for_listing().get(pk=rich.pk)
    [row] = listing.load([rich.pk])
    for place in (None, *towns_, towns_[0].orp, towns_[0].region):
        assert _what_a_card_shows(row, place, when) == _what_a_card_shows(model, place, when)
    # The service lists no contact of its own: the organization's, from the row, says whose.
    phone, whose = _what_a_card_shows(row, towns_[0], when)["contact"]
    assert phone == "+420 567 000 111" and rich.organization.name in whose


def test_load_keeps_the_order_asked_for_and_leaves_out_unknown_ids(db):
    first, second = ServiceFactory(name="B"), ServiceFactory(name="A")
    assert [row.name for row in listing.load([first.pk, 999_999, second.pk, first.pk])] == [
        "B",
        "A",
    ]
    assert listing.load([]) == []


def test_from_queryset_keeps_the_querysets_order_and_slice(db):
    organization = OrganizationFactory()
    for name in ("C", "A", "B"):
        ServiceFactory(name=name, organization=organization)
    rows = listing.from_queryset(Service.objects.order_by("-name")[:2])
    assert [row.name for row in rows] == ["C", "B"]


def test_a_renamed_type_shows_on_the_next_search(
    client, towns_, django_capture_on_commit_callbacks
):
    humpolec, _ = towns_
    ScheduleFactory(service__name="Poradna", location__municipality=humpolec)
    assert "· Contact centre<" in client.get("/services/?town=Humpolec").content.decode()
    term = Term.objects.get(vocabulary=Vocabulary.SERVICE_TYPE, code="contact_centre")
    term.name_en = "Contact point"
    with django_capture_on_commit_callbacks(execute=True):
        term.save()
    page = client.get("/services/?town=Humpolec").content.decode()
    assert "· Contact point<" in page and "· Contact centre<" not in page


def test_a_shared_location_is_on_each_services_card_once(rich):
    premises = rich.locations.get(kind=LocationKind.PREMISES)
    outreach = ServiceFactory(name="Terén", organization=rich.organization)
    outreach.location_links.create(location=premises)
    ScheduleFactory(service=outreach, location=premises, days=weekdays.bit(5))

    rows = {row.pk: row for row in listing.load([rich.pk, outreach.pk])}

    assert [loc.pk for loc in rows[outreach.pk].locations] == [premises.pk]
    assert [loc.pk for loc in rows[rich.pk].locations].count(premises.pk) == 1
    assert len(rows[rich.pk].locations) == 3
    # Each service keeps its own hours there.
    assert [s.days for s in rows[outreach.pk].schedules] == [weekdays.bit(5)]
