"""Two regions side by side, each with an organization, a service and an event, and the people
who look after them: a coordinator per region and an editor of the first organization."""

import types

import pytest

from directory.models import Role
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
