"""Every admin page a coordinator uses opens for a superuser."""

import pytest
from django.urls import reverse

from tests.factories import (
    ClosureFactory,
    EventFactory,
    ScheduleFactory,
    ServiceAreaFactory,
)


@pytest.fixture
def listing(db):
    schedule = ScheduleFactory()
    ServiceAreaFactory(service=schedule.service, orp=schedule.location.municipality.orp)
    ClosureFactory(service=schedule.service)
    event = EventFactory(organizer=schedule.service.organization)
    return schedule, event


def _objects(schedule, event):
    municipality = schedule.location.municipality
    return [
        schedule.service,
        schedule.service.organization,
        municipality,
        municipality.orp,
        municipality.region,
        event,
    ]


def test_admin_changelists_and_change_pages_open(admin_client, listing):
    schedule, event = listing
    for obj in _objects(schedule, event):
        opts = obj._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200, changelist
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        response = admin_client.get(change)
        assert response.status_code == 200, change
        history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
        assert admin_client.get(history).status_code == 200, history


def test_service_change_page_offers_only_its_own_locations_for_schedules(admin_client, listing):
    schedule, _ = listing
    other = ScheduleFactory()
    url = reverse("admin:services_service_change", args=[schedule.service.pk])
    content = admin_client.get(url).content.decode()
    assert f'<option value="{schedule.location.pk}">{schedule.location}</option>' in content
    assert str(other.location) not in content


def test_municipality_autocomplete_ignores_diacritics(admin_client, listing):
    schedule, _ = listing
    municipality = schedule.location.municipality
    municipality.name = "Pelhřimov"
    municipality.save()
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "pelhrimov",
            "app_label": "services",
            "model_name": "location",
            "field_name": "municipality",
        },
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Pelhřimov"]


def test_admin_is_in_czech(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "Správa" in response.content.decode() or "Odhlásit" in response.content.decode()
