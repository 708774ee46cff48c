"""Every error a coordinator can trigger is shown next to the field and says how to fix it."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from services.models import Location, LocationKind
from tests.admin_forms import add_inline_row, change_form_data
from tests.factories import MunicipalityFactory, ServiceAreaFactory


@pytest.fixture
def service_form(coordinator_client, world):
    url = reverse("admin:services_service_change", args=[world.our_service.pk])
    return url, change_form_data(coordinator_client.get(url))


def _schedule_row(world, **overrides):
    row = {
        "location": str(world.our_location.pk),
        "days": ["0"],
        "opens_at": "12:00",
        "closes_at": "19:00",
        "freq": "WEEKLY",
        "interval": "1",
    }
    row.update(overrides)
    return row


def _inline_errors(response, prefix):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return inline.formset.errors
    raise AssertionError(prefix)


def test_overlapping_opening_hours_at_one_location_are_an_error_next_to_the_time(
    coordinator_client, world, service_form
):
    url, data = service_form
    add_inline_row(data, "schedules", **_schedule_row(world))
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    errors = _inline_errors(response, "schedules")
    assert "opens_at" in errors[1]
    assert "09:00–17:00" in str(errors[1]["opens_at"])
    assert world.our_service.schedules.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"opens_at": "17:00", "closes_at": "20:00"},  # right after
        {"days": ["1"]},  # another day
    ],
)
def test_adjacent_or_other_day_sessions_are_fine(
    coordinator_client, world, service_form, overrides
):
    url, data = service_form
    add_inline_row(data, "schedules", **_schedule_row(world, **overrides))
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, _inline_errors(response, "schedules")


def test_a_fortnightly_session_still_collides_with_a_weekly_one(
    coordinator_client, world, service_form
):
    url, data = service_form
    add_inline_row(data, "schedules", **_schedule_row(world, interval="2", valid_from="2026-01-05"))
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "opens_at" in _inline_errors(response, "schedules")[1]


def test_alternating_fortnightly_sessions_do_not_collide(coordinator_client, world, service_form):
    url, data = service_form
    data["schedules-0-interval"] = "2"
    data["schedules-0-valid_from"] = "2026-01-05"
    add_inline_row(data, "schedules", **_schedule_row(world, interval="2", valid_from="2026-01-12"))
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, _inline_errors(response, "schedules")


def test_closing_before_opening_is_an_error_on_the_closing_time(
    coordinator_client, world, service_form
):
    url, data = service_form
    add_inline_row(data, "schedules", **_schedule_row(world, opens_at="18:00", closes_at="08:00"))
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "closes_at" in _inline_errors(response, "schedules")[1]


def test_phone_in_a_wrong_format_is_an_error_on_the_phone(coordinator_client, service_form):
    url, data = service_form
    add_inline_row(data, "contacts", kind="phone", value="12 34", position="0")
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "+420" in str(_inline_errors(response, "contacts")[0]["value"])


def test_contacts_are_saved_in_order_and_the_first_public_ones_are_the_card_contact(
    coordinator_client, world, service_form
):
    url, data = service_form
    add_inline_row(
        data,
        "contacts",
        kind="phone",
        value="777 111 222",
        purpose="pro odborníky",
        professional_only="on",
        position="0",
    )
    add_inline_row(
        data, "contacts", kind="phone", value="518611589", purpose="kancelář", position="1"
    )
    add_inline_row(data, "contacts", kind="email", value="kc@example.cz", position="2")
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, _inline_errors(response, "contacts")
    service = world.our_service
    service.refresh_from_db()
    assert [(c.value, c.purpose) for c in service.contacts.all()] == [
        ("+420 777 111 222", "pro odborníky"),
        ("+420 518 611 589", "kancelář"),
        ("kc@example.cz", ""),
    ]
    # Never the professional-only line: the cards and the CSV read these columns.
    assert (service.phone, service.email) == ("+420 518 611 589", "kc@example.cz")


# Coordinators read the messages in Czech, next to the field.
@pytest.mark.parametrize("ico, fragment", [("12345678", "kontrolní součet"), ("1234", "8 číslic")])
def test_ico_errors_are_shown_on_the_ico(coordinator_client, world, ico, fragment):
    url = reverse("admin:directory_organization_change", args=[world.ours.pk])
    data = change_form_data(coordinator_client.get(url))
    data["ico"] = ico
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert fragment in str(response.context["adminform"].form.errors["ico"])


def test_a_valid_ico_is_saved(coordinator_client, world):
    url = reverse("admin:directory_organization_change", args=[world.ours.pk])
    data = change_form_data(coordinator_client.get(url))
    data["ico"] = "00216208"
    assert coordinator_client.post(url, data).status_code == 302


def test_a_location_outside_the_service_area_is_saved_with_a_warning(coordinator_client, world):
    ServiceAreaFactory(service=world.our_service, orp=world.vysocina_town.orp)
    url = reverse("admin:services_service_change", args=[world.our_service.pk])
    data = change_form_data(coordinator_client.get(url))
    elsewhere = MunicipalityFactory(name="Telč", orp__region=world.vysocina)
    stop = Location.objects.create(
        organization=world.ours, kind=LocationKind.OUTREACH, municipality=elsewhere
    )
    add_inline_row(data, "location_links", location=str(stop.pk))
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "Telč" in warnings[0]
