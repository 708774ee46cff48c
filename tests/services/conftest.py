"""Small hand-made places and services for the search tests.

Kraj Vysočina with three ORPs (Humpolec, Pelhřimov, Jihlava) at their real positions, and two
namesake villages called Lhota in other regions. "Now" is pinned to Monday 23 November 2026,
noon in Prague, so "open now", "next opening" and undated searches are reproducible: the search
tests ask for it, and for English pages, with
``pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")``.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.text import slugify

from directory.models import Region
from services import weekdays
from services.models import LocationKind, RemoteChannel
from tests.conftest import T
from tests.factories import (
    LocationFactory,
    MunicipalityFactory,
    OrpFactory,
    ScheduleFactory,
    ServiceAreaFactory,
)

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")
NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=PRAGUE)  # a Monday
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def migrate_to(targets):
    """Migrate the test database to ``targets``; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def migrations_undone():
    """A migration test's database goes back to the latest schema, which the others run on."""
    yield
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.fixture
def pinned_now():
    """The clock stands at NOW for the whole test (time-machine: every reader of the time)."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


def region(name: str, nuts_code: str, csu_code: str) -> Region:
    # Real names and codes: they appear in the URLs and texts the tests assert on.
    return Region.objects.create(
        name=name, slug=slugify(name), nuts_code=nuts_code, csu_code=csu_code
    )


@pytest.fixture
def vysocina(db):
    return region("Kraj Vysočina", "CZ063", "108")


@pytest.fixture
def humpolec(vysocina):
    orp = OrpFactory(name="Humpolec", slug="humpolec", csu_code="6104", region=vysocina)
    return MunicipalityFactory(
        name="Humpolec",
        code="548031",
        orp=orp,
        postal_code="39601",
        latitude=49.5415,
        longitude=15.3594,
    )


@pytest.fixture
def pelhrimov(vysocina):
    orp = OrpFactory(name="Pelhřimov", slug="pelhrimov", csu_code="6110", region=vysocina)
    return MunicipalityFactory(
        name="Pelhřimov",
        code="547492",
        orp=orp,
        postal_code="39301",
        latitude=49.4313,
        longitude=15.2234,
    )


@pytest.fixture
def jihlava(vysocina):
    orp = OrpFactory(name="Jihlava", slug="jihlava", csu_code="6105", region=vysocina)
    return MunicipalityFactory(
        name="Jihlava",
        code="586846",
        orp=orp,
        postal_code="58601",
        latitude=49.3961,
        longitude=15.5912,
    )


@pytest.fixture
def towns(humpolec, pelhrimov, jihlava):
    return humpolec, pelhrimov, jihlava


@pytest.fixture
def lhotas(db):
    kladno = OrpFactory(
        name="Kladno", csu_code="2109", region=region("Středočeský kraj", "CZ020", "27")
    )
    zlin = OrpFactory(name="Zlín", csu_code="7213", region=region("Zlínský kraj", "CZ072", "141"))
    return (
        MunicipalityFactory(name="Lhota", code="532380", orp=kladno, postal_code="27301"),
        MunicipalityFactory(name="Lhota", code="585211", orp=zlin, postal_code="76001"),
    )


def outreach(town, day, opens="13:00", closes="18:00", name="Terénní program", **schedule):
    """An outreach stop of a new service (or of ``service``) in ``town`` on weekday ``day``."""
    service = schedule.pop("service", None)
    location_kwargs = {"service": service} if service else {"service__name": name}
    location = LocationFactory(
        kind=LocationKind.OUTREACH, municipality=town, address="", **location_kwargs
    )
    return ScheduleFactory(
        location=location,
        days=weekdays.bit(day) if isinstance(day, int) else weekdays.mask(day),
        opens_at=T(opens),
        closes_at=T(closes),
        **schedule,
    )


def premises(town, days=(MON, TUE, WED, THU, FRI), opens="09:00", closes="17:00", **kwargs):
    """A centre in ``town`` open on ``days``; keyword arguments go to the service."""
    location = LocationFactory(
        municipality=town,
        address="Náměstí 1",
        postal_code=town.postal_code,
        **{f"service__{key}": value for key, value in kwargs.items()},
    )
    return ScheduleFactory(
        location=location, days=weekdays.mask(days), opens_at=T(opens), closes_at=T(closes)
    )


def phone_line(service, days=(MON, TUE, WED, THU, FRI), opens="09:00", closes="17:00", **area):
    """A phone line of ``service`` covering ``area`` (municipality=…, orp=… or region=…)."""
    location = LocationFactory(
        service=service, kind=LocationKind.REMOTE, municipality=None, channel=RemoteChannel.PHONE
    )
    ServiceAreaFactory(service=service, **area)
    return ScheduleFactory(
        location=location, days=weekdays.mask(days), opens_at=T(opens), closes_at=T(closes)
    )
