"""The migrations to shared locations and contacts keep every value: each location becomes
its service's organization's, offered by that service under the service_at_location id it
was published under; each service's phone and e-mail become its first contacts."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from services.hsds import ids
from tests.services.conftest import migrate_to

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

BEFORE = [("services", "0009_schedule_covering_indexes")]
AFTER = [("services", "0012_location_belongs_to_organization")]


@pytest.mark.django_db(transaction=True)
def test_locations_and_contacts_keep_every_value(migrations_undone):
    old = migrate_to(BEFORE)
    Region = old.get_model("directory", "Region")
    Orp = old.get_model("directory", "Orp")
    Municipality = old.get_model("directory", "Municipality")
    Organization = old.get_model("directory", "Organization")
    Service = old.get_model("services", "Service")
    Location = old.get_model("services", "Location")
    Schedule = old.get_model("services", "Schedule")
    region = Region.objects.create(csu_code="108", nuts_code="CZ063", name="Vysočina", slug="v")
    orp = Orp.objects.create(csu_code="6101", name="Jihlava", slug="jihlava", region=region)
    town = Municipality.objects.create(
        code="586846", name="Jihlava", slug="jihlava-m", orp=orp, region=region
    )
    organization = Organization.objects.create(name="Centrum", slug="centrum")
    centre = Service.objects.create(
        organization=organization,
        name="Kontaktní centrum",
        slug="kc",
        phone="+420 567 111 222",
        email="kc@example.cz",
        website="https://kc.example.cz/",
    )
    silent = Service.objects.create(organization=organization, name="Bez kontaktu", slug="bez")
    premises = Location.objects.create(
        service=centre, kind="premises", municipality=town, address="Žižkova 15", name="KC"
    )
    imported = Location.objects.create(
        service=silent,
        kind="remote",
        channel="phone",
        hsds_id="5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6",
    )
    Schedule.objects.create(
        service=centre, location=premises, days=1, opens_at="09:00", closes_at="17:00"
    )

    new = migrate_to(AFTER)
    Location = new.get_model("services", "Location")
    ServiceAtLocation = new.get_model("services", "ServiceAtLocation")
    ServiceContact = new.get_model("services", "ServiceContact")
    Service = new.get_model("services", "Service")
    Schedule = new.get_model("services", "Schedule")

    moved = Location.objects.get(pk=premises.pk)
    assert (moved.organization_id, moved.address, moved.name, moved.municipality_id) == (
        organization.pk,
        "Žižkova 15",
        "KC",
        town.pk,
    )
    links = {
        link.location_id: (link.service_id, link.hsds_id)
        for link in ServiceAtLocation.objects.all()
    }
    assert links == {
        # The id our export derived for the location so far, and the one an import stored.
        premises.pk: (centre.pk, ids.derive("service_at_location", premises.pk)),
        imported.pk: (silent.pk, "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"),
    }
    assert Schedule.objects.get().location_id == premises.pk
    contacts = [
        (c.service_id, c.kind, c.value, c.position)
        for c in ServiceContact.objects.order_by("service_id", "position")
    ]
    assert contacts == [
        (centre.pk, "phone", "+420 567 111 222", 0),
        (centre.pk, "email", "kc@example.cz", 1),
    ]
    kept = Service.objects.get(pk=centre.pk)
    assert (kept.phone, kept.email, kept.website) == (
        "+420 567 111 222",
        "kc@example.cz",
        "https://kc.example.cz/",
    )
    migrate_to(new_targets := [("services", _latest())])
    assert new_targets


def _latest():
    executor = MigrationExecutor(connection)
    return max(name for app, name in executor.loader.graph.leaf_nodes() if app == "services")
