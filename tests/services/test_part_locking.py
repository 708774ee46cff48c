"""A service's parts take part in its optimistic lock: whatever page or import changes a
location, opening hours, area or closure, a form opened before refuses to save over it. A
location, which several services may share, also has a version of its own for its page."""

import datetime

from django.urls import reverse

from services.models import Closure, Location, Schedule
from tests.admin_forms import change_form_data
from tests.services.test_history_and_locking import _change_url, _errors
from tests.services.test_import_export import _export, _preview, _rows


def test_a_service_form_opened_before_a_location_page_save_is_refused(
    coordinator_client, editor_client, world
):
    service_url = _change_url(world.our_service)
    mine = change_form_data(coordinator_client.get(service_url))

    location_url = _change_url(world.our_location)
    theirs = change_form_data(editor_client.get(location_url))
    theirs["address"] = "Nová adresa 7"
    response = editor_client.post(location_url, theirs)
    assert response.status_code == 302, response.context["adminform"].form.errors

    mine["summary"] = "Moje úprava"
    response = coordinator_client.post(service_url, mine)
    assert response.status_code == 200
    message = _errors(response)
    assert "editor" in message  # who saved
    assert "Náměstí 1 → Nová adresa 7" in message  # what changed, in which part
    assert "místo" in message
    world.our_location.refresh_from_db()
    world.our_service.refresh_from_db()
    assert world.our_location.address == "Nová adresa 7"
    assert world.our_service.summary == ""

    # Having read it, saving the form again is deliberate: the form's values win.
    response = coordinator_client.post(service_url, change_form_data(response))
    assert response.status_code == 302
    world.our_service.refresh_from_db()
    assert world.our_service.summary == "Moje úprava"


def test_a_part_page_opened_before_the_service_was_saved_is_refused(
    coordinator_client, editor_client, world
):
    part_url = _change_url(world.our_schedule)
    mine = change_form_data(editor_client.get(part_url))

    service_url = _change_url(world.our_service)
    theirs = change_form_data(coordinator_client.get(service_url))
    theirs["summary"] = "Koordinátorská změna"
    assert coordinator_client.post(service_url, theirs).status_code == 302

    mine["closes_at"] = "19:00"
    response = editor_client.post(part_url, mine)
    assert response.status_code == 200
    message = _errors(response)
    assert "koordinatorka" in message
    assert "Koordinátorská změna" in message
    world.our_schedule.refresh_from_db()
    assert str(world.our_schedule.closes_at)[:5] != "19:00"


def test_two_pages_of_one_shared_location_do_not_overwrite_each_other(
    coordinator_client, editor_client, world
):
    location_url = _change_url(world.our_location)
    mine = change_form_data(coordinator_client.get(location_url))
    theirs = change_form_data(editor_client.get(location_url))
    theirs["address"] = "Dřív 2"
    assert editor_client.post(location_url, theirs).status_code == 302

    mine["address"] = "Pozdě 1"
    response = coordinator_client.post(location_url, mine)
    assert response.status_code == 200
    assert "Náměstí 1 → Dřív 2" in _errors(response)
    world.our_location.refresh_from_db()
    assert world.our_location.address == "Dřív 2"


def test_a_revert_on_a_location_page_is_locked_too(coordinator_client, editor_client, world):
    location = world.our_location
    location.address = "Omylem 9"
    location.save()
    original = location.history.earliest()
    revert_url = reverse("admin:services_location_simple_history", args=[location.pk, original.pk])
    mine = change_form_data(coordinator_client.get(revert_url))
    assert mine["address"] == "Náměstí 1"

    location_url = _change_url(location)
    theirs = change_form_data(editor_client.get(location_url))
    theirs["address"] = "Jinde 5"
    assert editor_client.post(location_url, theirs).status_code == 302

    response = coordinator_client.post(revert_url, mine)
    assert response.status_code == 200
    assert "Omylem 9 → Jinde 5" in _errors(response)
    location.refresh_from_db()
    assert location.address == "Jinde 5"


def test_a_part_added_outside_the_admin_makes_an_open_service_form_stale(coordinator_client, world):
    url = _change_url(world.our_service)
    mine = change_form_data(coordinator_client.get(url))
    Closure.objects.create(
        service=world.our_service,
        starts_on=datetime.date(2026, 12, 24),
        ends_on=datetime.date(2026, 12, 26),
        reason="Vánoce",
    )
    mine["summary"] = "Moje"
    response = coordinator_client.post(url, mine)
    assert response.status_code == 200
    assert "Vánoce" in _errors(response) and "přidán" in _errors(response)


def test_every_change_of_a_part_is_a_new_version_of_its_service(world):
    service = world.our_service
    service.refresh_from_db()
    before = service.version
    location = Location.objects.get(pk=world.our_location.pk)
    location.address = "Jinde 5"
    location.save()
    Schedule.objects.get(pk=world.our_schedule.pk).delete()
    service.refresh_from_db()
    assert service.version == before + 2


def test_the_csv_import_requires_the_version_of_a_row_it_updates(coordinator_client, world):
    rows = _rows(_export(coordinator_client))
    rows[0]["summary"] = "Bez verze"
    rows[0]["version"] = ""
    result = _preview(coordinator_client, rows).context["result"]
    assert result.has_validation_errors()
    assert "Sloupec version je prázdný" in " ".join(
        str(error) for row in result.invalid_rows for error in row.error_dict.get("version", [])
    )
    world.our_service.refresh_from_db()
    assert world.our_service.summary == ""


def test_the_csv_import_refuses_a_row_whose_service_parts_changed_since_the_export(
    coordinator_client, world
):
    rows = _rows(_export(coordinator_client))
    location = Location.objects.get(pk=world.our_location.pk)
    location.address = "Mezitím 4"
    location.save()
    rows[0]["summary"] = "Pozdě"
    result = _preview(coordinator_client, rows).context["result"]
    assert result.has_validation_errors()
    message = " ".join(
        str(error) for row in result.invalid_rows for error in row.error_dict["version"]
    )
    assert "Náměstí 1 → Mezitím 4" in message
