import datetime
import os
import shutil
import types
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.management import call_command
from django.utils import timezone

from bench.lib import REDIS_SERVER, RedisServer, free_port
from directory.models import Role
from directory.roles import PROFESSIONALS
from directory.settings import redis_caches
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
    AccountFactory,
    ClosureFactory,
    EventFactory,
    LocationFactory,
    MunicipalityFactory,
    OrganizationFactory,
    ScheduleFactory,
    ServiceAreaFactory,
    ServiceContactFactory,
    ServiceFactory,
    UserFactory,
    term,
)


def shared_dir() -> Path:
    """The read-only reference data beside the repository (CI has it; a laptop may not)."""
    return Path(os.environ.get("SHARED_DIR", Path(settings.BASE_DIR).parent / "shared"))


def T(hhmm: str) -> datetime.time:
    return datetime.time.fromisoformat(hhmm)


@pytest.fixture(autouse=True)
def fresh_cache():
    """The locmem cache outlives each test's database transaction, and so does the content
    version (commits never happen inside a test): start every test with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fragment_cache(settings):
    """The fragment cache (``cards``: pages' parts, search rows) on and empty, as in production."""
    settings.CARD_CACHE_SECONDS = 3600
    caches["cards"].clear()
    yield caches["cards"]
    caches["cards"].clear()


@pytest.fixture
def page_cache(settings, tmp_path):
    """The anonymous page cache on (tests/settings.py turns it off for every other test),
    with its content version in a file of this test's own."""
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache.version")
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_MAX_AGE = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rate_limits(settings, monkeypatch):
    """Rate limits on, counted from zero, with the limiter's clock stopped half-way through a
    window, so the test's requests all fall in that one window however slow the machine."""
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_PROXY_COUNT = 0
    monkeypatch.setattr("directory.ratelimit.clock", lambda: 1_800_000_030.0)
    cache.clear()


@pytest.fixture(scope="session")
def redis_server():
    """A redis-server of the test run's own on a free loopback port (never the machine's)."""
    if not shutil.which(REDIS_SERVER):
        pytest.skip(f"{REDIS_SERVER} not found (apt-get install redis-server; .ci/run does)")
    with RedisServer() as server:
        yield server


@pytest.fixture
def redis_cache(settings, redis_server):
    """The default cache on the test run's Redis (database 0), empty at start and end."""
    settings.CACHES = redis_caches(f"{redis_server.url}/0")
    cache.clear()
    yield redis_server
    cache.clear()


@pytest.fixture
def redis_down(settings):
    """The default cache on a Redis that does not answer (nothing listens on its port)."""
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{free_port()}/0")


@pytest.fixture
def shared():
    path = shared_dir()
    if not path.is_dir():
        pytest.skip(f"reference data not found at {path} (set SHARED_DIR); CI provides it")
    return path


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.fixture
def professional(django_user_model):
    user = django_user_model.objects.create_user("caseworker", password="correct-horse-9")
    user.groups.add(Group.objects.get(name=PROFESSIONALS))
    return user


@pytest.fixture
def professional_client(client, professional):
    client.force_login(professional)
    return client


@pytest.fixture
def en_client(client):
    """A visitor who chose English (the language switch sets this cookie): ``client`` itself,
    so assertions read the English messages whatever the state of the Czech catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def czech():
    from django.utils import translation

    with translation.override("cs"):
        yield


# --- two regions and the people who look after them --------------------------------------
# Two regions side by side, each with an organization, a service and an event, and the people
# who look after them: a coordinator per region and an editor of the first organization.


@pytest.fixture
def world(db):
    vysocina_town = MunicipalityFactory(name="Jihlava")
    moravia_town = MunicipalityFactory(name="Kyjov")
    vysocina, moravia = vysocina_town.region, moravia_town.region
    ours = OrganizationFactory(name="Centrum U Větrníku", municipality=vysocina_town)
    theirs = OrganizationFactory(name="Podané ruce", municipality=moravia_town)
    our_service = ServiceFactory(name="Terénní program Jihlava", organization=ours)
    our_location = LocationFactory(service=our_service, municipality=vysocina_town)
    our_schedule = ScheduleFactory(service=our_service, location=our_location)
    their_service = ServiceFactory(name="K-centrum Kyjov", organization=theirs)
    their_location = LocationFactory(service=their_service, municipality=moravia_town)
    our_event = EventFactory(title="Seminář Jihlava", organizer=ours, region=vysocina)
    their_event = EventFactory(title="Seminář Kyjov", organizer=theirs, region=moravia)
    return types.SimpleNamespace(**locals())


def _account(role, **scope):
    account = AccountFactory(role=role, **scope)
    return account.user


@pytest.fixture
def coordinator(world):
    return _account(
        Role.COORDINATOR, user=UserFactory(username="koordinatorka"), regions=[world.vysocina]
    )


@pytest.fixture
def other_coordinator(world):
    return _account(
        Role.COORDINATOR, user=UserFactory(username="koordinator-jmk"), regions=[world.moravia]
    )


@pytest.fixture
def editor(world):
    return _account(Role.EDITOR, user=UserFactory(username="editor"), organizations=[world.ours])


def _client_for(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(coordinator, client):
    client.force_login(coordinator)
    return client


@pytest.fixture
def other_coordinator_client(other_coordinator):
    from django.test import Client

    return _client_for(Client, other_coordinator)


@pytest.fixture
def editor_client(editor):
    from django.test import Client

    return _client_for(Client, editor)


# --- a service profile with everything filled in ------------------------------------------
# A service profile with everything filled in, and distinctive strings in the private fields.

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


# Jihlava and Humpolec are made where they are needed, not fixtures: tests/services/conftest.py
# has fixtures of those names (the search tests' towns, with real codes).
@pytest.fixture
def organization(db):
    jihlava = MunicipalityFactory(name="Jihlava", latitude=49.3961, longitude=15.5912)
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
def service(organization):
    """A contact centre in Jihlava and an outreach stop in Humpolec on Thursdays."""
    jihlava = organization.municipality
    humpolec = MunicipalityFactory(
        name="Humpolec", orp__region=jihlava.region, latitude=49.5415, longitude=15.3593
    )
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
