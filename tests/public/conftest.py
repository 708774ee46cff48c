"""A service profile with everything filled in, and distinctive strings in the private fields."""

import datetime

import pytest
from django.utils import timezone

from services import weekdays
from services.models import (
    CaseworkerJoin,
    ContactKind,
    Frequency,
    LocationKind,
    RemoteChannel,
    Vocabulary,
)
from tests.factories import (
    ClosureFactory,
    EventFactory,
    LocationFactory,
    MunicipalityFactory,
    OrganizationFactory,
    ScheduleFactory,
    ServiceAreaFactory,
    ServiceContactFactory,
    ServiceFactory,
    term,
)

# Strings that occur nowhere but in the information for professionals.
REFERRAL = "MARKER-REFERRAL-7f3a: call Mrs Nováková"
RESPONSE = "MARKER-RESPONSE-91c2 within 2 days"
PRO_CONTACT = "MARKER-CONTACT-55d0 +420 777 000 111"
# A contact line for caseworkers only: its purpose and its number.
PRO_LINE_PURPOSE = "MARKER-LINE-3b9e pro odborníky"
PRO_LINE = "+420 777 999 888"
MARKERS = (
    "MARKER-REFERRAL-7f3a",
    "MARKER-RESPONSE-91c2",
    "MARKER-CONTACT-55d0",
    "MARKER-LINE-3b9e",
    "777 999 888",
)

THU = 3
MON = 0


def T(hhmm: str) -> datetime.time:
    return datetime.time.fromisoformat(hhmm)


@pytest.fixture
def jihlava(db):
    return MunicipalityFactory(name="Jihlava", latitude=49.3961, longitude=15.5912)


@pytest.fixture
def humpolec(jihlava):
    return MunicipalityFactory(
        name="Humpolec", orp__region=jihlava.region, latitude=49.5415, longitude=15.3593
    )


@pytest.fixture
def organization(jihlava):
    return OrganizationFactory(
        name="Centrum U Větrníku",
        ico="27006905",
        description="Pomáháme lidem, kteří užívají drogy, a jejich blízkým.",
        phone="+420 567 000 000",
        email="info@example.cz",
        website="https://example.cz",
        municipality=jihlava,
        address="Žižkova 15",
    )


@pytest.fixture
def service(organization, jihlava, humpolec):
    """A contact centre in Jihlava and an outreach stop in Humpolec on Thursdays."""
    service = ServiceFactory(
        organization=organization,
        name="Kontaktní centrum Jihlava",
        summary="Výměna injekčního materiálu, testování a poradenství.",
        description="Nízkoprahové kontaktní centrum pro uživatele drog.",
        types=["contact_centre", "harm_reduction"],
        is_free=True,
        is_anonymous=True,
        min_age=15,
        phone="+420 567 123 456",
        email="kc@example.cz",
        referral_process=REFERRAL,
        response_time=RESPONSE,
        caseworker_may_join=CaseworkerJoin.BY_ARRANGEMENT,
        professional_contact=PRO_CONTACT,
        mpsv_id="1234567",
        mpsv_paragraph="59",
    )
    # Its phone and e-mail as its first contacts, a crisis line, and a line for caseworkers.
    for position, (kind, value, purpose, professional_only) in enumerate(
        [
            (ContactKind.PHONE, "+420 567 123 456", "kancelář", False),
            (ContactKind.EMAIL, "kc@example.cz", "", False),
            (ContactKind.PHONE, "+420 608 111 222", "krizová linka", False),
            (ContactKind.PHONE, PRO_LINE, PRO_LINE_PURPOSE, True),
        ]
    ):
        ServiceContactFactory(
            service=service,
            kind=kind,
            value=value,
            purpose=purpose,
            professional_only=professional_only,
            position=position,
        )
    service.activities.add(term(Vocabulary.ACTIVITY, "needle_exchange"))
    service.target_groups.add(term(Vocabulary.TARGET_GROUP, "problem_drug_users"))
    service.substances.add(term(Vocabulary.SUBSTANCE, "pervitin"))
    service.languages.add(term(Vocabulary.LANGUAGE, "cs"))
    premises = LocationFactory(
        service=service,
        name="Kontaktní centrum",
        municipality=jihlava,
        address="Žižkova 15",
        postal_code="58601",
        latitude=49.3979,
        longitude=15.5866,
    )
    outreach = LocationFactory(
        service=service, kind=LocationKind.OUTREACH, municipality=humpolec, address=""
    )
    ScheduleFactory(
        location=premises, days=weekdays.mask(range(5)), opens_at=T("10:00"), closes_at=T("17:00")
    )
    ScheduleFactory(
        location=outreach,
        days=weekdays.bit(THU),
        opens_at=T("13:00"),
        closes_at=T("18:00"),
        note="odpoledne až večer",
    )
    return service


@pytest.fixture
def remote_line(service):
    location = LocationFactory(
        service=service, kind=LocationKind.REMOTE, channel=RemoteChannel.PHONE, municipality=None
    )
    ServiceAreaFactory(service=service, orp=service.locations.first().municipality.orp)
    return ScheduleFactory(
        location=location, days=weekdays.bit(MON), opens_at=T("09:00"), closes_at=T("12:00")
    )


@pytest.fixture
def monthly(service):
    location = service.locations.get(kind=LocationKind.PREMISES)
    return ScheduleFactory(
        location=location,
        days=weekdays.bit(5),
        freq=Frequency.MONTHLY,
        week_of_month=1,
        opens_at=T("09:00"),
        closes_at=T("12:00"),
    )


@pytest.fixture
def closure(service):
    today = timezone.localdate()
    return ClosureFactory(
        service=service,
        starts_on=today + datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=5),
        reason="dovolená",
    )


@pytest.fixture
def event(service):
    return EventFactory(title="Seminář o harm reduction", organizer=service.organization)
