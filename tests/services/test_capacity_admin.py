"""Capacities in the service's admin page (issue 20): added and changed as an inline by those
who may change the service; a changed row is stamped with who and when."""

from django.urls import reverse

from services.models import CapacityUnit, ServiceCapacity
from tests.admin_forms import add_inline_row, change_form_data


def test_an_editor_adds_and_updates_a_capacity_in_the_admin(world, editor, editor_client):
    url = reverse("admin:services_service_change", args=[world.our_service.pk])
    page = editor_client.get(url)
    # The one-step page is linked from the change page.
    assert reverse("services:capacity", args=[world.our_service.slug]) in page.content.decode()
    data = change_form_data(page)
    add_inline_row(data, "capacities", unit=CapacityUnit.BEDS, maximum="10", available="4")
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    [capacity] = world.our_service.capacities.all()
    assert (capacity.unit, capacity.maximum, capacity.available) == ("beds", 10, 4)
    assert capacity.updated_by == editor
    first = capacity.updated_at

    data = change_form_data(editor_client.get(url))
    data["capacities-0-available"] = "11"  # more than there are
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Volných může být nejvýše 10" in response.content.decode()  # the Czech admin
    data["capacities-0-available"] = "1"
    assert editor_client.post(url, data).status_code == 302
    capacity.refresh_from_db()
    assert capacity.available == 1 and capacity.updated_at > first
    # Its history has a page of its own, reached from the service's history.
    history = editor_client.get(
        reverse("admin:services_service_history", args=[capacity.service_id])
    )
    assert reverse("admin:services_servicecapacity_history", args=[capacity.pk]) in (
        history.content.decode()
    )


def test_an_unchanged_capacity_keeps_its_date(world, editor_client):
    capacity = ServiceCapacity.objects.create(service=world.our_service, maximum=3, available=1)
    url = reverse("admin:services_service_change", args=[world.our_service.pk])
    data = change_form_data(editor_client.get(url))
    data["name"] = "Nový název"
    assert editor_client.post(url, data).status_code == 302
    before = capacity.updated_at
    capacity.refresh_from_db()
    assert capacity.updated_at == before and capacity.updated_by is None


def test_a_coordinator_of_another_region_cannot_reach_the_capacities(
    world, other_coordinator_client
):
    capacity = ServiceCapacity.objects.create(service=world.our_service, maximum=3, available=1)
    url = reverse("admin:services_servicecapacity_change", args=[capacity.pk])
    assert other_coordinator_client.get(url).status_code == 404
    page = reverse("services:capacity", args=[world.our_service.slug])
    assert other_coordinator_client.get(page).status_code == 404
