import os
import shutil
import types
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.management import call_command

from bench.lib import REDIS_SERVER, RedisServer, free_port
from directory.models import Role
from directory.roles import PROFESSIONALS
from directory.settings import redis_caches
from tests.factories import (
    AccountFactory,
    EventFactory,
    LocationFactory,
    MunicipalityFactory,
    OrganizationFactory,
    ScheduleFactory,
    ServiceFactory,
    UserFactory,
)


def shared_dir() -> Path:
    """The read-only reference data beside the repository (CI has it; a laptop may not)."""
    return Path(os.environ.get("SHARED_DIR", Path(settings.BASE_DIR).parent / "shared"))


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
