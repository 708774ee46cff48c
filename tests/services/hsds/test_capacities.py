"""Capacities in HSDS (issue 20): HSDS 3.1 ``service_capacity`` objects under ``capacities``,
the Czech profile's extension of the 3.0 service; the API, the export and the import."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from services.hsds import ids, openapi
from services.hsds.export import exported_services
from services.hsds.import_ import import_records, loads
from services.models import CapacityUnit, ServiceCapacity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
PRAGUE = ZoneInfo("Europe/Prague")
UPDATED = datetime.datetime(2026, 11, 20, 8, 15, 30, 123456, tzinfo=PRAGUE)


@pytest.fixture
def capacities(sample):
    service = sample["contact_centre"]
    return [
        ServiceCapacity.objects.create(
            service=service,
            unit=CapacityUnit.BEDS,
            maximum=12,
            available=2,
            waiting_people=4,
            note="Noclehárna",
            updated_at=UPDATED,
        ),
        ServiceCapacity.objects.create(
            service=service,
            unit=CapacityUnit.PLACES,
            maximum=5,
            available=0,
            updated_at=UPDATED - datetime.timedelta(days=30),
        ),
    ]


def test_the_api_service_validates_against_the_official_schema_with_the_extension(
    client, sample, capacities, conformance
):
    hsds_id = ids.of(sample["contact_centre"])
    data = client.get(f"/api/services/{hsds_id}").json()
    assert [item["available"] for item in data["capacities"]] == [2, 0]
    # The official compiled 3.0 schema, with the extension as /api/profile describes it.
    conformance.check(data, "service")
    assert conformance.schema("service")["properties"]["capacities"]["items"] == (
        openapi.CAPACITY_SCHEMA
    )
    # The official schema alone accepts the object too; only the strict check of undefined
    # keys notices the extension, and nothing else.
    problems = conformance.errors(data, conformance.official_schema("service"))
    assert problems == ["$.capacities: not defined by the schema"]
    # Nested services (in a service_at_location, an organization) carry it the same way.
    location = ids.of(sample["premises"].service_links.get())
    nested = client.get(f"/api/service_at_locations/{location}").json()
    assert nested["service"]["capacities"] == data["capacities"]
    conformance.check(nested, "service_at_location")


def test_the_capacity_object_follows_hsds_3_1(client, sample, capacities):
    service_id = ids.of(sample["contact_centre"])
    data = client.get(f"/api/services/{service_id}").json()
    beds = data["capacities"][0]
    assert beds["service_id"] == service_id
    assert beds["unit"] == {
        "id": ids.derive("capacity_unit", "beds"),
        "name": "lůžko",
        "scheme": "cz-adresar-capacity-unit",
        "identifier": "beds",
    }
    assert (beds["available"], beds["maximum"], beds["description"]) == (2, 12, "Noclehárna")
    assert beds["updated"] == "2026-11-20T08:15:30.123+01:00"
    # Every list and export carries them the same way.
    listed = client.get("/api/services", {"full": "true"}).json()["contents"]
    centre = next(item for item in listed if item["id"] == service_id)
    assert centre["capacities"] == data["capacities"]
    exported = next(item for item in exported_services() if item["id"] == service_id)
    assert exported["capacities"] == data["capacities"]
    # A service without capacities says so with an empty array.
    assert all(item["capacities"] == [] for item in listed if item["id"] != service_id)


def test_the_profile_describes_the_extension(client, db):
    data = client.get("/api/profile").json()
    extension = data["extensions"]["capacities"]
    assert extension["extends"] == "HSDS 3.0 service"
    assert extension["from"].startswith("HSDS 3.1 service_capacity")
    assert extension["items"]["required"] == ["id", "unit", "available", "updated"]
    assert set(extension["units"]["identifiers"]) == set(CapacityUnit.values)
    assert "14 days" in extension["free"]
    openapi_document = client.get("/api/openapi.json").json()
    assert "capacity" in openapi_document["components"]["parameters"]


def test_export_import_round_trip_keeps_the_figures_and_their_age(sample, capacities):
    exported = exported_services()
    beds, places = capacities
    ServiceCapacity.objects.filter(pk=beds.pk).update(
        available=7, note="", updated_at=timezone.now()
    )
    places.delete()
    report = import_records(loads(json.dumps(exported)))
    assert report.ok, report.lines()
    assert report.count("updated") == 1
    restored = list(ServiceCapacity.objects.filter(service=sample["contact_centre"]))
    assert [(c.unit, c.available, c.maximum, c.note) for c in restored] == [
        (CapacityUnit.BEDS, 2, 12, "Noclehárna"),
        (CapacityUnit.PLACES, 0, 5, ""),
    ]
    # The file's date, not the import's: an old figure stays old.
    assert restored[0].updated_at == UPDATED.replace(microsecond=123000)
    assert restored[1].updated_at == (UPDATED - datetime.timedelta(days=30)).replace(
        microsecond=123000
    )
    # HSDS has no waiting list: ours is kept.
    assert restored[0].pk == beds.pk and restored[0].waiting_people == 4
    # The same file again changes nothing, and exports the same ids.
    history = ServiceCapacity.history.count()
    again = import_records(exported)
    assert again.count("unchanged") == 3, again.lines()
    assert ServiceCapacity.history.count() == history
    assert [s["capacities"] for s in exported_services()] == [s["capacities"] for s in exported]


def test_an_import_without_capacities_keeps_ours(sample, capacities):
    exported = exported_services()
    for item in exported:
        del item["capacities"]
    assert import_records(exported).ok
    assert ServiceCapacity.objects.count() == 2


def _with_capacities(sample, items) -> list:
    exported = exported_services()
    centre = next(item for item in exported if item["id"] == ids.of(sample["contact_centre"]))
    centre["capacities"] = items
    return exported


def test_another_directorys_capacities_are_read_by_unit_name(sample):
    records = _with_capacities(
        sample,
        [
            {
                "id": "3b3f0f8e-2a1e-4a53-9a65-0c2d7b1d9e11",
                "unit": {"id": "9d1c2f4a-6b7e-4c8d-9e0f-1a2b3c4d5e6f", "name": "Beds"},
                "available": 3,
                "updated": "2026-11-30T10:00:00Z",
            },
            {
                "id": "5c6d7e8f-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
                "unit": {"id": "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b", "name": "Rooms"},
                "available": 1,
                "maximum": 2,
                "updated": "2026-11-30T11:00:00",
            },
        ],
    )
    report = import_records(records)
    assert report.ok, report.lines()
    warnings = " ".join(line for entry in report.warnings for line in entry.reasons)
    assert "no maximum, read as 3" in warnings
    assert "unit 'Rooms' is not one of ours, read as places" in warnings
    beds, rooms = ServiceCapacity.objects.filter(service=sample["contact_centre"])
    assert (beds.unit, beds.available, beds.maximum) == (CapacityUnit.BEDS, 3, 3)
    assert beds.updated_at == datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC)
    assert rooms.updated_at == datetime.datetime(2026, 11, 30, 11, 0, tzinfo=PRAGUE)


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"available": 5, "maximum": 3}, "5 available of a maximum of 3"),
        ({"available": -1, "maximum": 3}, "available -1 is not a whole number"),
        ({"maximum": 3}, "available is missing"),
        ({"available": 1, "maximum": 3, "updated": None}, "is not a date-time"),
        ({"available": 1, "maximum": 3, "updated": "2026-11-30"}, "is not a date-time"),
        ({"available": 1, "maximum": 0}, "maximum 0 is not a whole number"),
    ],
)
def test_impossible_capacities_reject_the_service_and_write_nothing(sample, item, reason):
    item = {
        "id": "3b3f0f8e-2a1e-4a53-9a65-0c2d7b1d9e11",
        "unit": {"id": "9d1c2f4a-6b7e-4c8d-9e0f-1a2b3c4d5e6f", "name": "lůžko"},
        "updated": "2026-11-30T10:00:00+01:00",
        **item,
    }
    report = import_records(_with_capacities(sample, [item]))
    assert not report.ok
    reasons = " ".join(line for entry in report.rejected for line in entry.reasons)
    assert reason in reasons
    assert ServiceCapacity.objects.count() == 0
