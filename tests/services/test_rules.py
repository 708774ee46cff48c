"""Each rule once, against its QuerySet method, with its Python twin agreeing.

"Covers place P" (``ServiceAreaQuerySet.covering`` / ``AreaRules.covers``), "lies in place P"
(``ScheduleQuerySet.located_in`` / ``LocationRules.lies_in``), "a session happens then"
(``ScheduleQuerySet.happening`` / ``availability.session_happens``), "stale"
(``ServiceQuerySet.stale`` / ``Service.is_stale``) and "who may see drafts"
(``PublishableQuerySet.visible_to``). The search's own tests (test_availability.py,
test_search.py) check how the search combines them.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from directory.models import Municipality, Organization, Orp, Publication, Region
from events.models import Event
from services import availability, listing, weekdays
from services.models import (
    Frequency,
    LocationKind,
    RemoteChannel,
    Schedule,
    Service,
    ServiceArea,
)
from services.querysets import When
from tests.factories import (
    AccountFactory,
    ClosureFactory,
    EventFactory,
    LocationFactory,
    MunicipalityFactory,
    OrganizationFactory,
    OrpFactory,
    RegionFactory,
    ScheduleFactory,
    ServiceAreaFactory,
    ServiceFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_now", "en_client")]

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
TODAY = datetime.date(2026, 11, 23)  # a Monday
THURSDAY = datetime.date(2026, 11, 26)
CHRISTMAS_EVE = datetime.date(2026, 12, 24)  # a Thursday and a public holiday


def T(hhmm: str) -> datetime.time:
    return datetime.time.fromisoformat(hhmm)


@pytest.fixture
def places():
    """Two regions: R1 with ORPs O1 (towns M1, M1b) and O2 (M2); R2 with ORP O3 (M3)."""
    r1, r2 = RegionFactory(name="R1"), RegionFactory(name="R2")
    o1, o2 = OrpFactory(name="O1", region=r1), OrpFactory(name="O2", region=r1)
    o3 = OrpFactory(name="O3", region=r2)
    return {
        "R1": r1,
        "R2": r2,
        "O1": o1,
        "O2": o2,
        "O3": o3,
        "M1": MunicipalityFactory(name="M1", orp=o1),
        "M1b": MunicipalityFactory(name="M1b", orp=o1),
        "M2": MunicipalityFactory(name="M2", orp=o2),
        "M3": MunicipalityFactory(name="M3", orp=o3),
    }


# ---- covers place P --------------------------------------------------------------------

# Area (named by its place) -> the places it covers. A town is covered by an area on it, its
# ORP or its region; an ORP or a region by an area that is it, lies in it or contains it.
COVERED_BY = {
    "M1": {"M1", "O1", "R1"},
    "M1b": {"O1", "R1"},
    "M2": {"R1"},
    "M3": {"M3", "O3", "R2"},
    "O1": {"M1", "O1", "R1"},
    "O2": {"R1"},
    "O3": {"M3", "O3", "R2"},
    "R1": {"M1", "O1", "R1"},
    "R2": {"M3", "O3", "R2"},
}


@pytest.fixture
def areas(places):
    """One service per area, named by the area's place, for the six areas of COVERED_BY."""
    for name in ("M1", "O1", "R1", "M3", "O3", "R2"):
        place = places[name]
        field = {Municipality: "municipality", Orp: "orp", Region: "region"}[type(place)]
        ServiceAreaFactory(service__name=name, **{field: place})
    return places


def test_an_area_covers_a_place_of_every_kind_as_the_queryset_says(areas):
    models = list(ServiceArea.objects.select_related("service", "municipality", "orp"))
    services = Service.objects.filter(areas__isnull=False).for_listing()
    rows = [area for row in listing.load(s.pk for s in services) for area in row.areas]
    by_row_service = {row.pk: row.name for row in listing.load(s.pk for s in services)}
    for name, place in areas.items():
        expected = COVERED_BY[name]
        in_db = set(ServiceArea.objects.covering(place).values_list("service__name", flat=True))
        assert in_db == expected, name
        assert {area.service.name for area in models if area.covers(place)} == expected, name
        assert {by_row_service[area.service_id] for area in rows if area.covers(place)} == (
            expected
        ), name


def test_the_region_an_area_covers_is_the_rule_turned_round(areas):
    for name in ("R1", "R2"):
        region = areas[name]
        turned = ServiceArea.objects.with_covered_region().filter(covered_region=region.pk)
        assert set(turned) == set(ServiceArea.objects.covering(region)), name


def test_areas_covering_any_of_several_places(areas):
    towns = Municipality.objects.filter(name__in=["M1b", "M2"])
    orps = Orp.objects.filter(name__in=["O2", "O3"])
    regions = Region.objects.filter(name="R2")

    def covering(places):
        return set(ServiceArea.objects.covering(places).values_list("service__name", flat=True))

    assert covering(towns) == COVERED_BY["M1b"] | COVERED_BY["M2"]
    assert covering(orps) == COVERED_BY["O2"] | COVERED_BY["O3"]
    assert covering(regions) == COVERED_BY["R2"]
    assert covering(Region.objects.none()) == set()


def test_covering_refuses_what_is_not_a_place(areas):
    with pytest.raises(TypeError):
        ServiceArea.objects.covering(Service.objects.first())
    with pytest.raises(TypeError):
        ServiceArea.objects.first().covers(Service.objects.first())


# ---- lies in place P -------------------------------------------------------------------

# Location (named by its town, or "remote") -> the places it lies in.
LIES_IN = {
    "M1": {"M1", "O1", "R1"},
    "M2": {"M2", "O2", "R1"},
    "M3": {"M3", "O3", "R2"},
    "remote": set(),
}


def test_a_schedule_is_located_in_its_town_orp_and_region_only(places):
    for town in ("M1", "M2", "M3"):
        location = LocationFactory(service__name=town, municipality=places[town])
        ScheduleFactory(location=location)
    phone = LocationFactory(
        service__name="remote",
        kind=LocationKind.REMOTE,
        municipality=None,
        channel=RemoteChannel.PHONE,
    )
    ScheduleFactory(location=phone)
    schedules = list(Schedule.objects.select_related("service", "location__municipality"))
    rows = listing.load(Service.objects.values_list("pk", flat=True))
    for name, place in places.items():
        expected = {town for town, inside in LIES_IN.items() if name in inside}
        in_db = set(Schedule.objects.located_in(place).values_list("service__name", flat=True))
        assert in_db == expected, name
        assert {s.service.name for s in schedules if s.location.lies_in(place)} == expected
        assert {
            row.name for row in rows for location in row.locations if location.lies_in(place)
        } == expected


# ---- a session happens then ------------------------------------------------------------


@pytest.fixture
def sessions(places):
    """Schedules of one service each, named by what they test."""
    town = places["M1"]

    def session(name, *days, opens="13:00", closes="18:00", **fields):
        location = LocationFactory(service__name=name, municipality=town)
        return ScheduleFactory(
            location=location,
            days=weekdays.mask(days),
            opens_at=T(opens),
            closes_at=T(closes),
            **fields,
        )

    session("weekly", THU)
    session("mon-wed", MON, WED)
    session("every other week", THU, interval=2, valid_from=THURSDAY)
    session("first monday", MON, freq=Frequency.MONTHLY, week_of_month=1)
    session("last friday", FRI, freq=Frequency.MONTHLY, week_of_month=-1)
    session("bounded", THU, valid_from=THURSDAY, valid_to=THURSDAY + datetime.timedelta(weeks=1))
    session("ended", THU, valid_to=TODAY - datetime.timedelta(days=1))
    session("on holidays", THU, open_on_holidays=True)
    closed = session("service closed", THU)
    ClosureFactory(service=closed.service, starts_on=THURSDAY, ends_on=THURSDAY)
    elsewhere = session("other location closed", THU)
    ClosureFactory(
        service=elsewhere.service,
        location=LocationFactory(service=elsewhere.service),
        starts_on=THURSDAY,
        ends_on=THURSDAY,
    )
    here = session("this location closed", THU)
    ClosureFactory(
        service=here.service, location=here.location, starts_on=THURSDAY, ends_on=THURSDAY
    )
    return places


THURSDAY_SESSIONS = {
    "weekly",
    "on holidays",
    "service closed",
    "other location closed",
    "this location closed",
}

HAPPENING = [
    # Days (any of them), times (opening inclusive, closing exclusive), no date: not ended.
    (When(days=weekdays.bit(THU)), THURSDAY_SESSIONS | {"every other week", "bounded"}),
    (When(days=weekdays.mask([TUE, WED])), {"mon-wed"}),
    (When(days=weekdays.bit(MON)), {"mon-wed", "first monday"}),
    (When(days=weekdays.bit(SUN)), set()),
    (
        When(days=weekdays.bit(THU), time=T("13:00")),
        THURSDAY_SESSIONS | {"every other week", "bounded"},
    ),
    (When(days=weekdays.bit(THU), time=T("18:00")), set()),
    (When(days=weekdays.bit(THU), time=T("12:59")), set()),
    # A date: its weekday, every-other-week, valid from/to, closures of service or location.
    (
        When(date=THURSDAY),
        {"weekly", "on holidays", "other location closed"}
        | {
            "every other week",
            "bounded",
        },
    ),
    (When(date=THURSDAY + datetime.timedelta(weeks=1)), THURSDAY_SESSIONS | {"bounded"}),
    (When(date=THURSDAY + datetime.timedelta(weeks=2)), THURSDAY_SESSIONS | {"every other week"}),
    # Before "every other week" began and "bounded" was valid; "ended" had not ended yet.
    (When(date=THURSDAY - datetime.timedelta(weeks=2)), THURSDAY_SESSIONS | {"ended"}),
    (When(date=THURSDAY, time=T("18:30")), set()),
    (When(days=weekdays.bit(MON), date=THURSDAY), set()),
    # Monthly: the first Monday, the last Friday (and Christmas Day is a holiday).
    (When(date=datetime.date(2026, 12, 7)), {"mon-wed", "first monday"}),
    (When(date=datetime.date(2026, 12, 14)), {"mon-wed"}),
    (When(date=datetime.date(2026, 12, 25)), set()),
    (When(date=datetime.date(2027, 1, 29)), {"last friday"}),
    # A public holiday closes the sessions not open on holidays.
    (When(date=CHRISTMAS_EVE), {"on holidays"}),
]


@pytest.mark.parametrize(("when", "expected"), HAPPENING)
def test_sessions_happen_as_the_queryset_says(sessions, when, expected):
    in_db = Schedule.objects.happening(when, today=TODAY).values_list("service__name", flat=True)
    assert set(in_db) == expected
    services = Service.objects.for_listing()
    for service in [*services, *listing.load(s.pk for s in services)]:
        for schedule in service.schedules.all():
            happens = availability.session_happens(schedule, service, when, TODAY)
            assert happens == (service.name in expected), (service.name, when)


def test_ended_schedules_no_longer_happen_without_a_date(sessions):
    names = Schedule.objects.happening(When(), today=TODAY).values_list("service__name", flat=True)
    assert "ended" not in set(names) and "weekly" in set(names)
    later = THURSDAY + datetime.timedelta(weeks=2)
    names = Schedule.objects.happening(When(), today=later).values_list("service__name", flat=True)
    assert "bounded" not in set(names)


# ---- stale -----------------------------------------------------------------------------


def test_a_listing_is_stale_when_never_or_too_long_ago_verified(settings):
    settings.STALE_AFTER_DAYS = 30
    days = datetime.timedelta
    verified = {
        "never": None,
        "31 days ago": TODAY - days(31),
        "30 days ago": TODAY - days(30),
        "today": TODAY,
    }
    for name, date in verified.items():
        ServiceFactory(name=name, last_verified=date)
    stale = {"never", "31 days ago"}
    assert set(Service.objects.stale(TODAY).values_list("name", flat=True)) == stale
    assert {s.name for s in Service.objects.all() if s.is_stale(TODAY)} == stale


# ---- staff may preview drafts ----------------------------------------------------------


@pytest.fixture
def viewers(places):
    other_region = places["R2"]
    coordinator = AccountFactory(regions=[other_region]).user
    return {
        "anonymous": AnonymousUser(),
        "signed in, not staff": UserFactory(is_staff=False),
        "staff": UserFactory(is_staff=True),
        "coordinator of another region": coordinator,
    }


@pytest.mark.parametrize("model", [Organization, Service, Event])
def test_drafts_and_archived_rows_are_visible_to_staff_only(places, viewers, model):
    for publication in Publication:
        if model is Service:
            ServiceFactory(name=publication, publication=publication)
        elif model is Event:
            EventFactory(title=publication, publication=publication)
        else:
            OrganizationFactory(name=publication, publication=publication)
    label = "title" if model is Event else "name"
    everything = {str(p) for p in Publication}
    if model is Service:
        # A published service of a draft organization is not public either.
        ServiceFactory(name="of a draft", organization__publication=Publication.DRAFT)
        everything.add("of a draft")
    seen = {
        who: set(model.objects.visible_to(user).values_list(label, flat=True))
        for who, user in viewers.items()
    }
    assert seen == {
        "anonymous": {Publication.PUBLISHED.value},
        "signed in, not staff": {Publication.PUBLISHED.value},
        "staff": everything,
        # The preview rule is by role, not by region: the admin's scope is another rule.
        "coordinator of another region": everything,
    }
