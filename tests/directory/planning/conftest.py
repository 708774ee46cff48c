import datetime

import pytest

from services import weekdays
from services.models import LocationKind, RemoteChannel
from tests.factories import (
    LocationFactory,
    MunicipalityFactory,
    OrpFactory,
    RegionFactory,
    ScheduleFactory,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


class Places:
    """Kraj Vysočina in miniature: three ORPs, one town each, and a neighbouring region."""

    def __init__(self):
        # Explicit codes: the factory's sequence outgrows the 5-character NUTS code on PostgreSQL.
        self.region = RegionFactory(
            name="Kraj Vysočina", slug="vysocina-test", nuts_code="CZ063", csu_code="3107"
        )
        self.humpolec_orp = OrpFactory(name="Humpolec", slug="humpolec", region=self.region)
        self.jihlava_orp = OrpFactory(name="Jihlava", slug="jihlava", region=self.region)
        self.pelhrimov_orp = OrpFactory(name="Pelhřimov", slug="pelhrimov", region=self.region)
        self.humpolec = MunicipalityFactory(name="Humpolec", orp=self.humpolec_orp)
        self.kejzlice = MunicipalityFactory(name="Kejžlice", orp=self.humpolec_orp)
        self.jihlava = MunicipalityFactory(name="Jihlava", orp=self.jihlava_orp)
        self.pelhrimov = MunicipalityFactory(name="Pelhřimov", orp=self.pelhrimov_orp)
        self.other_region = RegionFactory(
            name="Jihočeský kraj", slug="jihocesky-test", nuts_code="CZ031", csu_code="3034"
        )
        self.dacice_orp = OrpFactory(name="Dačice", slug="dacice", region=self.other_region)
        self.dacice = MunicipalityFactory(name="Dačice", orp=self.dacice_orp)

    @property
    def orps(self):
        return [self.humpolec_orp, self.jihlava_orp, self.pelhrimov_orp]


@pytest.fixture
def places(db):
    return Places()


def premises(town, days=(MON, TUE, WED, THU, FRI), types=("contact_centre",), **service):
    """A service with opening hours at premises in ``town``."""
    location = LocationFactory(
        municipality=town,
        service__types=list(types),
        **{f"service__{k}": v for k, v in service.items()},
    )
    ScheduleFactory(location=location, days=weekdays.mask(days))
    return location.service


def outreach(town, days=(THU,), types=("outreach",), service=None, **kwargs):
    """Outreach sessions in ``town`` (a new service unless one is given)."""
    extra = {"service": service} if service else {"service__types": list(types)}
    location = LocationFactory(
        kind=LocationKind.OUTREACH, municipality=town, address="", **extra, **kwargs
    )
    ScheduleFactory(location=location, days=weekdays.mask(days))
    return location.service


def remote(service, days=(MON,)):
    location = LocationFactory(
        service=service,
        kind=LocationKind.REMOTE,
        municipality=None,
        address="",
        channel=RemoteChannel.PHONE,
    )
    ScheduleFactory(location=location, days=weekdays.mask(days))
    return location


TODAY = datetime.date(2026, 11, 23)  # a Monday
