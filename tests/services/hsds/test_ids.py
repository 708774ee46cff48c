"""HSDS ids: derived ids are stored on every way a row is created, and looked up by index."""

import importlib
import types
import uuid

import pytest
from django.apps import apps
from django.db import connection

from directory.models import Organization
from services.hsds import ids
from services.models import Location, LocationKind, Service
from tests.factories import LocationFactory, OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

UNKNOWN = "0b6a3c8e-0000-4d0c-9a51-6b7c2d1e0f93"


@pytest.fixture
def derivations(monkeypatch):
    """Counts uuid5 derivations: a lookup must not hash the rows to find one."""
    calls = []
    derive = ids.derive

    def counting(*parts):
        calls.append(parts)
        return derive(*parts)

    monkeypatch.setattr(ids, "derive", counting)
    return calls


def _services(count):
    organization = OrganizationFactory()
    return [ServiceFactory(organization=organization) for _ in range(count)]


@pytest.mark.parametrize("count", [1, 3, 30])
def test_unknown_id_is_one_query_whatever_the_number_of_rows(
    django_assert_num_queries, derivations, count
):
    _services(count)
    derivations.clear()
    with django_assert_num_queries(1):
        assert ids.find(Service.objects.all(), UNKNOWN) is None
    with django_assert_num_queries(1):
        assert ids.pks_for(Service.objects.all(), UNKNOWN) == []
    assert not derivations


@pytest.mark.parametrize("count", [1, 3, 30])
def test_derived_and_stored_ids_are_one_query_whatever_the_number_of_rows(
    django_assert_num_queries, derivations, count
):
    services = _services(count)
    stored = services[0]
    stored.hsds_id = str(uuid.uuid4())
    stored.save()
    last = services[-1] if count > 1 else ServiceFactory()
    derived = ids.derived_id(Service, last.pk)
    organization_id = ids.of(last.organization)
    derivations.clear()
    with django_assert_num_queries(1):
        assert ids.find(Service.objects.all(), derived) == last
    with django_assert_num_queries(1):
        assert ids.pks_for(Service.objects.all(), derived) == [last.pk]
    with django_assert_num_queries(1):
        assert ids.find(Service.objects.all(), stored.hsds_id.upper()) == stored
    with django_assert_num_queries(1):
        assert ids.pks_for(Organization.objects.all(), organization_id) == [last.organization_id]
    assert not derivations


def test_a_stored_id_wins_and_replaces_the_derived_one():
    ours, imported = ServiceFactory(), ServiceFactory()
    # An import from a copy of this directory stores the id another row of ours derives.
    imported.hsds_id = ids.derived_id(Service, ours.pk)
    imported.save()
    assert ids.find(Service.objects.all(), imported.hsds_id) == imported
    assert ids.pks_for(Service.objects.all(), imported.hsds_id) == [imported.pk]
    assert ids.find(Service.objects.all(), ids.derived_id(Service, imported.pk)) is None
    assert ids.find(Service.objects.exclude(pk=imported.pk), imported.hsds_id) == ours


def test_find_respects_the_queryset():
    draft = ServiceFactory(publication="draft")
    assert ids.find(Service.objects.published(), ids.of(draft)) is None
    assert ids.pks_for(Service.objects.published(), ids.of(draft)) == []
    assert ids.find(Service.objects.all(), ids.of(draft)) == draft


def test_ids_that_are_no_uuid_find_only_stored_ids():
    service = ServiceFactory(hsds_id="not-a-uuid")
    assert ids.find(Service.objects.all(), "not-a-uuid") == service
    assert ids.find(Service.objects.all(), "nonsense") is None
    assert ids.find(Service.objects.all(), None) is None
    assert ids.pks_for(Service.objects.all(), "nonsense") == []


def _stored(model):
    return dict(model.objects.values_list("pk", "derived_hsds_id"))


def _expected(model):
    return {pk: ids.derived_id(model, pk) for pk in model.objects.values_list("pk", flat=True)}


def test_every_way_of_creating_a_row_stores_its_derived_id():
    service = ServiceFactory()
    LocationFactory(service=service)
    Organization.objects.bulk_create([Organization(name="A", slug="a")])
    Service.objects.bulk_create(
        [Service(organization=service.organization, name=name, slug=name) for name in "bc"]
    )
    Location.objects.bulk_create(
        [Location(organization=service.organization, kind=LocationKind.REMOTE, name="telefon")]
    )
    Service.objects.create(pk=9_999, organization=service.organization, name="d", slug="d")
    copy = Service.objects.get(pk=service.pk)
    copy.pk, copy.slug = None, "kopie"
    copy.save()
    for model in (Service, Organization, Location):
        assert _stored(model) == _expected(model)
    assert Service.objects.get(pk=9_999).derived_hsds_id == ids.derived_id(Service, 9_999)


def test_bulk_create_without_returned_keys_still_stores_the_ids():
    organization = OrganizationFactory()
    Organization.objects.bulk_create(
        [Organization(name="B", slug="b"), Organization(name="dup", slug=organization.slug)],
        ignore_conflicts=True,
    )
    assert _stored(Organization) == _expected(Organization)
    assert Organization.objects.count() == 2


def test_derived_ids_are_the_ones_published_so_far():
    # Values from before ids were stored: every id a directory has published stays its id.
    assert ids.derived_id(Service, 7) == "fbd31f29-2690-5618-b315-7c4ad8f0919e"
    assert ids.derived_id(Organization, 7) == "c0a8a783-80a6-5521-aba3-aee3d0066653"
    assert ids.derived_id(Location, 7) == "78eb1855-9541-544d-b812-5b7badf4673e"


@pytest.mark.parametrize(
    ("migration", "models"),
    [
        ("directory.migrations.0006_organization_derived_hsds_id", (Organization,)),
        ("services.migrations.0006_derived_hsds_id", (Service, Location)),
    ],
)
def test_migration_stores_the_ids_of_existing_rows(migration, models):
    for _ in range(3):
        LocationFactory(service=ServiceFactory())
    for model in models:
        model.objects.update(derived_hsds_id=None)
    schema_editor = types.SimpleNamespace(connection=connection)
    importlib.import_module(migration).forwards(apps, schema_editor)
    for model in models:
        assert _stored(model) == _expected(model)


@pytest.mark.parametrize("count", [1, 30])
def test_api_looks_ids_up_in_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    services = _services(count)
    service, organization = ids.of(services[-1]), ids.of(services[-1].organization)
    pages = {
        f"/api/services/{UNKNOWN}": (404, 1),
        f"/api/organizations/{UNKNOWN}": (404, 1),
        f"/api/services?organization_id={UNKNOWN}": (200, 3),  # the id, the latest changes
        # the service and its prefetches, alerts, capacities, schedules and contacts too
        f"/api/services/{service}": (200, 12),
        f"/api/organizations/{organization}": (200, 2),  # and its services
    }
    for path, (status, queries) in pages.items():
        with django_assert_num_queries(queries):
            response = client.get(path)
        assert response.status_code == status, path
    assert client.get(f"/api/services/{service}").json()["id"] == service
    found = client.get(f"/api/organizations/{organization}").json()
    assert found["id"] == organization
    assert len(found["services"]) == count
