"""The availability rules of PRODUCT.md, in the database and in their Python twin."""

import datetime
import zoneinfo

import pytest

from services import availability, listing, weekdays
from services.models import Frequency, LocationKind, RemoteChannel, Service
from services.querysets import When
from tests.factories import (
    ClosureFactory,
    LocationFactory,
    MunicipalityFactory,
    ScheduleFactory,
    ServiceAreaFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
TODAY = datetime.date(2026, 11, 23)  # a Monday
THURSDAY = datetime.date(2026, 11, 26)


def T(hhmm: str) -> datetime.time:
    return datetime.time.fromisoformat(hhmm)


@pytest.fixture
def humpolec(db):
    return MunicipalityFactory(name="Humpolec")


@pytest.fixture
def pelhrimov(humpolec):
    # Another ORP of the same region.
    return MunicipalityFactory(name="Pelhřimov", orp__region=humpolec.region)


def found(town=None, when=When(), today=TODAY):
    """Names found by the database, checked against the Python twin for every service."""
    names = set(
        Service.objects.listed()
        .available(town=town, when=when, today=today)
        .values_list("name", flat=True)
    )
    models = list(Service.objects.listed().for_listing())
    # The search's cards read the same rules from value rows (services.listing).
    for service in [*models, *listing.load(service.pk for service in models)]:
        explained = availability.reasons(service, town=town, when=when, today=today)
        if town is None and not when.is_set:
            continue
        assert bool(explained) == (service.name in names), (service.name, explained)
    return names


def outreach(town, day, opens="13:00", closes="18:00", name="Terénní program", **schedule):
    location = LocationFactory(
        service__name=name, kind=LocationKind.OUTREACH, municipality=town, address=""
    )
    return ScheduleFactory(
        location=location,
        days=weekdays.bit(day),
        opens_at=T(opens),
        closes_at=T(closes),
        **schedule,
    )


def test_outreach_matches_its_town_only_on_its_day(humpolec, pelhrimov):
    outreach(humpolec, THU)
    assert found(humpolec) == {"Terénní program"}
    assert found(humpolec, When(days=weekdays.bit(THU))) == {"Terénní program"}
    assert found(humpolec, When(days=weekdays.bit(MON))) == set()
    assert found(pelhrimov, When(days=weekdays.bit(THU))) == set()


def test_any_of_several_days_matches(humpolec):
    outreach(humpolec, THU)
    assert found(humpolec, When(days=weekdays.from_codes(["mon", "thu"]))) == {"Terénní program"}


def test_opening_time_is_inclusive_and_closing_time_exclusive(humpolec):
    outreach(humpolec, THU, "13:00", "18:00")
    thursday = weekdays.bit(THU)
    assert found(humpolec, When(days=thursday, time=T("13:00"))) == {"Terénní program"}
    assert found(humpolec, When(days=thursday, time=T("17:59"))) == {"Terénní program"}
    assert found(humpolec, When(days=thursday, time=T("18:00"))) == set()
    assert found(humpolec, When(days=thursday, time=T("12:59"))) == set()


def test_area_coverage_through_orp_and_region(humpolec, pelhrimov):
    by_orp = ServiceFactory(name="Pokrývá ORP")
    ServiceAreaFactory(service=by_orp, orp=humpolec.orp)
    by_region = ServiceFactory(name="Pokrývá kraj")
    ServiceAreaFactory(service=by_region, region=humpolec.region)
    by_town = ServiceFactory(name="Pokrývá obec")
    ServiceAreaFactory(service=by_town, municipality=pelhrimov)
    assert found(humpolec) == {"Pokrývá ORP", "Pokrývá kraj"}
    assert found(pelhrimov) == {"Pokrývá kraj", "Pokrývá obec"}


def test_with_a_day_area_coverage_needs_a_remote_session(humpolec):
    line = ServiceFactory(name="Linka")
    ServiceAreaFactory(service=line, orp=humpolec.orp)
    phone = LocationFactory(
        service=line, kind=LocationKind.REMOTE, municipality=None, channel=RemoteChannel.PHONE
    )
    ScheduleFactory(location=phone, days=weekdays.mask([MON, TUE, WED, THU, FRI]))
    # Premises elsewhere do not bring a covering service to Humpolec.
    centre = ServiceFactory(name="Centrum jinde")
    ServiceAreaFactory(service=centre, orp=humpolec.orp)
    ScheduleFactory(service=centre, location__service=centre, days=weekdays.bit(THU))
    assert found(humpolec, When(days=weekdays.bit(THU))) == {"Linka"}
    assert found(humpolec, When(days=weekdays.bit(SAT))) == set()
    reason = availability.reasons(
        Service.objects.for_listing().get(name="Linka"),
        town=humpolec,
        when=When(days=weekdays.bit(THU)),
        today=TODAY,
    )
    assert [r.location for r in reason] == [phone]


def test_remote_session_without_covering_area_does_not_match_a_town(humpolec):
    line = ServiceFactory(name="Linka bez oblasti")
    phone = LocationFactory(
        service=line, kind=LocationKind.REMOTE, municipality=None, channel=RemoteChannel.PHONE
    )
    ScheduleFactory(location=phone, days=weekdays.bit(THU))
    assert found(humpolec, When(days=weekdays.bit(THU))) == set()
    assert found(None, When(days=weekdays.bit(THU))) == {"Linka bez oblasti"}


def test_every_other_week_counts_from_valid_from(humpolec):
    first = datetime.date(2026, 11, 26)  # Thursday
    outreach(humpolec, THU, interval=2, valid_from=first)
    assert found(humpolec, When(date=first)) == {"Terénní program"}
    assert found(humpolec, When(date=first + datetime.timedelta(weeks=1))) == set()
    assert found(humpolec, When(date=first + datetime.timedelta(weeks=2))) == {"Terénní program"}
    assert (
        found(humpolec, When(date=first - datetime.timedelta(weeks=2))) == set()
    )  # before it began


def test_nth_and_last_weekday_of_the_month(humpolec):
    outreach(humpolec, MON, name="První pondělí", freq=Frequency.MONTHLY, week_of_month=1)
    outreach(humpolec, FRI, name="Poslední pátek", freq=Frequency.MONTHLY, week_of_month=-1)
    assert found(humpolec, When(date=datetime.date(2026, 12, 7))) == {"První pondělí"}
    assert found(humpolec, When(date=datetime.date(2026, 12, 14))) == set()
    assert found(humpolec, When(date=datetime.date(2026, 12, 25))) == set()  # Christmas Day
    assert found(humpolec, When(date=datetime.date(2027, 1, 29))) == {"Poslední pátek"}
    assert found(humpolec, When(date=datetime.date(2027, 1, 22))) == set()


def test_valid_from_and_to_bound_the_schedule(humpolec):
    outreach(humpolec, THU, valid_from=THURSDAY, valid_to=THURSDAY + datetime.timedelta(weeks=1))
    assert found(humpolec, When(date=THURSDAY - datetime.timedelta(weeks=1))) == set()
    assert found(humpolec, When(date=THURSDAY)) == {"Terénní program"}
    assert found(humpolec, When(date=THURSDAY + datetime.timedelta(weeks=2))) == set()
    # Without a date an ended schedule no longer counts.
    later = THURSDAY + datetime.timedelta(weeks=3)
    assert found(humpolec, When(days=weekdays.bit(THU)), today=later) == set()


def test_closures_of_the_service_or_the_location(humpolec):
    schedule = outreach(humpolec, THU)
    ClosureFactory(service=schedule.service, starts_on=THURSDAY, ends_on=THURSDAY)
    assert found(humpolec, When(date=THURSDAY)) == set()
    assert found(humpolec, When(date=THURSDAY + datetime.timedelta(weeks=1))) == {"Terénní program"}
    other = outreach(humpolec, THU, name="Jiný program")
    ClosureFactory(
        service=other.service,
        location=LocationFactory(service=other.service),  # a different location of it
        starts_on=THURSDAY,
        ends_on=THURSDAY,
    )
    assert found(humpolec, When(date=THURSDAY)) == {"Jiný program"}


def test_czech_public_holidays_close_unless_the_schedule_says_otherwise(humpolec):
    christmas_eve = datetime.date(2026, 12, 24)  # Thursday, Štědrý den
    assert weekdays.holiday_name(christmas_eve)
    outreach(humpolec, THU, name="Zavřeno ve svátek")
    outreach(humpolec, THU, name="Otevřeno i ve svátek", open_on_holidays=True)
    assert found(humpolec, When(date=christmas_eve)) == {"Otevřeno i ve svátek"}
    assert found(humpolec, When(date=christmas_eve + datetime.timedelta(weeks=1))) == {
        "Zavřeno ve svátek",
        "Otevřeno i ve svátek",
    }


def test_a_date_on_another_weekday_than_the_day_finds_nothing(humpolec):
    outreach(humpolec, THU)
    assert found(humpolec, When(days=weekdays.bit(MON), date=THURSDAY)) == set()


def test_only_listed_services_are_found(humpolec):
    outreach(humpolec, THU, name="Koncept")
    Service.objects.filter(name="Koncept").update(publication="draft")
    outreach(humpolec, THU, name="Ukončená")
    Service.objects.filter(name="Ukončená").update(status="ended")
    outreach(humpolec, THU, name="Plánovaná")
    Service.objects.filter(name="Plánovaná").update(status="planned")
    assert found(humpolec, When(days=weekdays.bit(THU))) == {"Plánovaná"}


@pytest.mark.usefixtures("english")
def test_reason_says_where_and_when(humpolec):
    outreach(humpolec, THU, note="")
    service = Service.objects.for_listing().get()
    [reason] = availability.reasons(
        service, town=humpolec, when=When(days=weekdays.bit(THU)), today=TODAY
    )
    assert reason.text == "Humpolec: every Thursday 13:00–18:00"


def test_next_opening_skips_closed_days_and_holidays(humpolec):
    schedule = outreach(humpolec, THU)
    ClosureFactory(service=schedule.service, starts_on=THURSDAY, ends_on=THURSDAY)
    service = Service.objects.for_listing().get()
    monday_noon = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=PRAGUE)
    opening = availability.next_opening(service, monday_noon)
    assert opening.date == datetime.date(2026, 12, 3)
    assert not opening.is_open_now
    during = datetime.datetime(2026, 12, 3, 14, 0, tzinfo=PRAGUE)
    assert availability.next_opening(service, during).is_open_now
    after = datetime.datetime(2026, 12, 3, 18, 0, tzinfo=PRAGUE)
    assert availability.next_opening(service, after).date == datetime.date(2026, 12, 10)
