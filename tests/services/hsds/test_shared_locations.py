"""A location shared by two services of one organization and a service's several contacts,
through the HSDS export, the API and the import."""

import datetime
import json

import pytest

from services import weekdays
from services.hsds.export import exported_services
from services.hsds.import_ import import_records, loads
from services.models import ContactKind, Location, Schedule, Service, ServiceAtLocation
from tests.services.hsds.conftest import SECRET
from tests.services.hsds.test_import import _empty_directory, _without_last_modified


@pytest.fixture
def shared(sample):
    """The outreach team also works from the contact centre's premises (its own evening
    hours there) and lists two phones and an e-mail, each for something, and a line for
    caseworkers only."""
    outreach, premises = sample["outreach"], sample["premises"]
    ServiceAtLocation.objects.create(service=outreach, location=premises)
    Schedule.objects.create(
        service=outreach,
        location=premises,
        days=weekdays.from_codes(["tue"]),
        opens_at=datetime.time(18, 0),
        closes_at=datetime.time(20, 0),
    )
    for position, (kind, value, purpose, professional_only) in enumerate(
        [
            (ContactKind.PHONE, "+420 608 000 111", "krizová linka", False),
            (ContactKind.PHONE, "+420 567 000 222", "kancelář", False),
            (ContactKind.EMAIL, "teren@vetrnik.example.cz", "kancelář", False),
            (ContactKind.PHONE, "+420 608 999 999", f"{SECRET} pro odborníky", True),
        ]
    ):
        outreach.contacts.create(
            kind=kind,
            value=value,
            purpose=purpose,
            professional_only=professional_only,
            position=position,
        )
    return sample


def _by_name(exported):
    return {service["name"]: service for service in exported}


def _contacts(service):
    return [(c.kind, c.value, c.purpose) for c in service.contacts.order_by("position", "id")]


def test_a_shared_location_is_one_hsds_location_in_two_service_at_locations(shared):
    services = _by_name(exported_services())
    centre = services["Kontaktní centrum Jihlava"]["service_at_locations"]
    outreach = services["Terénní program Vysočina"]["service_at_locations"]
    premises = next(item for item in centre if item["location"].get("name") == "Kontaktní centrum")
    also = next(item for item in outreach if item["location"].get("name") == "Kontaktní centrum")

    assert also["location_id"] == premises["location_id"] == premises["location"]["id"]
    assert also["location"] == premises["location"]  # edited once, the same everywhere
    assert also["id"] != premises["id"]  # one service_at_location per pair
    # Each service's own opening hours there.
    assert [s["byday"] for s in also["schedules"]] == ["TU"]
    assert len(premises["schedules"]) == 4


def test_phones_and_emails_are_exported_in_order_with_their_purpose(shared):
    outreach = _by_name(exported_services())["Terénní program Vysočina"]

    assert [(p["number"], p.get("description")) for p in outreach["phones"]] == [
        ("+420 608 000 111", "krizová linka"),
        ("+420 567 000 222", "kancelář"),
    ]
    assert [(c["email"], c["name"]) for c in outreach["contacts"]] == [
        ("teren@vetrnik.example.cz", "kancelář")
    ]
    assert outreach["email"] == "teren@vetrnik.example.cz"


def test_professional_only_contacts_are_never_exported(shared):
    text = json.dumps(exported_services(), ensure_ascii=False)

    assert SECRET not in text
    assert "608 999 999" not in text


def test_round_trip_keeps_the_shared_location_and_every_phone(shared):
    exported = exported_services()
    _empty_directory()

    report = import_records(loads(json.dumps(exported)))

    assert report.ok, report.lines()
    assert _without_last_modified(exported_services()) == _without_last_modified(exported)
    centre = Service.objects.get(name="Kontaktní centrum Jihlava")
    outreach = Service.objects.get(name="Terénní program Vysočina")
    premises = Location.objects.get(name="Kontaktní centrum")
    assert set(premises.services.all()) == {centre, outreach}
    assert Location.objects.filter(address="Žižkova 15").count() == 1
    assert Schedule.objects.filter(service=outreach, location=premises).count() == 1
    assert Schedule.objects.filter(service=centre, location=premises).count() == 4
    assert _contacts(outreach) == [
        (ContactKind.PHONE, "+420 608 000 111", "krizová linka"),
        (ContactKind.PHONE, "+420 567 000 222", "kancelář"),
        (ContactKind.EMAIL, "teren@vetrnik.example.cz", "kancelář"),
    ]
    assert (outreach.phone, outreach.email) == ("+420 608 000 111", "teren@vetrnik.example.cz")


def test_reimport_of_a_shared_location_changes_nothing_and_keeps_professional_contacts(shared):
    exported = exported_services()
    counts = (Location.objects.count(), ServiceAtLocation.objects.count())

    report = import_records(exported)

    assert report.ok, report.lines()
    assert report.count("unchanged") == 3
    assert (Location.objects.count(), ServiceAtLocation.objects.count()) == counts
    outreach = Service.objects.get(pk=shared["outreach"].pk)
    assert outreach.contacts.filter(professional_only=True, value="+420 608 999 999").exists()


def test_a_service_no_longer_at_a_shared_location_leaves_it_to_the_other(shared):
    exported = exported_services()
    outreach = _by_name(exported)["Terénní program Vysočina"]
    outreach["service_at_locations"] = [
        item
        for item in outreach["service_at_locations"]
        if item["location"].get("name") != "Kontaktní centrum"
    ]

    report = import_records(exported)

    assert report.ok, report.lines()
    premises = Location.objects.get(name="Kontaktní centrum")
    assert list(premises.services.all()) == [shared["contact_centre"]]
    # Its own hours there went with it; the centre's stay.
    assert not Schedule.objects.filter(service=shared["outreach"], location=premises).exists()
    assert Schedule.objects.filter(service=shared["contact_centre"], location=premises).count() == 4


def test_the_api_lists_one_service_at_location_per_pair(client, shared):
    data = client.get("/api/service_at_locations").json()

    assert data["total_items"] == 6
    pairs = {(item["service_id"], item["location_id"]) for item in data["contents"]}
    assert len(pairs) == 6
