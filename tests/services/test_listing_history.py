"""A service's history is one timeline of the whole listing, and a revert restores it all (#18)."""

import datetime

import pytest
from django.urls import reverse

from services.models import (
    SERVICE_PARTS,
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from tests.admin_forms import add_inline_row, change_form_data
from tests.factories import MunicipalityFactory, ScheduleFactory, term
from tests.services.test_history_and_locking import _change_url


def _history_url(service):
    return reverse("admin:services_service_history", args=[service.pk])


def _revert_url(service, entry):
    return reverse("admin:services_service_revert", args=[service.pk, entry.stamp])


def _age_history(service, *, minutes):
    """Move every record so far back in time: saves in a test are seconds apart, and records
    that close together by one person read as one save."""
    shift = datetime.timedelta(minutes=minutes)
    linked = ServiceAtLocation.history.filter(service_id=service.pk).values("location_id")
    for model in (Service, *SERVICE_PARTS, Location):
        if model is Service:
            own = {"id": service.pk}
        elif model is Location:
            own = {"id__in": linked}
        else:
            own = {"service_id": service.pk}
        for record in model.history.filter(**own):
            model.history.filter(pk=record.pk).update(history_date=record.history_date - shift)


def _save_form(client, service, **changes):
    url = _change_url(service)
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def _entries(client, service):
    response = client.get(_history_url(service))
    assert response.status_code == 200
    return response.context["entries"]


def test_hours_and_a_new_phone_are_one_timeline_with_readable_diffs(coordinator_client, world):
    service = world.our_service
    _age_history(service, minutes=10)
    url = _change_url(service)
    data = change_form_data(coordinator_client.get(url))
    add_inline_row(
        data, "contacts", kind="phone", value="567 111 222", purpose="kancelář", position="0"
    )
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, [
        (formset.formset.errors, formset.formset.non_form_errors())
        for formset in response.context["inline_admin_formsets"]
    ]
    _age_history(service, minutes=5)
    _save_form(
        coordinator_client,
        service,
        **{"schedules-0-opens_at": "14:00", "schedules-0-closes_at": "19:00"},
    )
    entries = _entries(coordinator_client, service)
    assert entries[0].lines == ["Otevírací doba: Po 09:00–17:00 → 14:00–19:00"]
    assert entries[0].user.username == "koordinatorka"
    assert entries[1].lines == ["Kontakt – přidáno: kancelář: +420 567 111 222"]
    page = coordinator_client.get(_history_url(service)).content.decode()
    assert page.index("14:00–19:00") < page.index("567 111 222")  # newest first, one table
    assert "None" not in page


def test_saving_an_unchanged_form_adds_no_entry(coordinator_client, world):
    service = world.our_service
    before = len(_entries(coordinator_client, service))
    _save_form(coordinator_client, service)
    assert len(_entries(coordinator_client, service)) == before


def test_terms_and_areas_read_as_names_added_and_removed(coordinator_client, world):
    service = world.our_service
    _age_history(service, minutes=5)
    outreach = term("service_type", "outreach")
    town = MunicipalityFactory(name="Humpolec", region=world.vysocina)
    data = change_form_data(coordinator_client.get(_change_url(service)))
    data["types"] = [str(outreach.pk)]
    add_inline_row(data, "areas", municipality=str(town.pk))
    response = coordinator_client.post(_change_url(service), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    lines = _entries(coordinator_client, service)[0].lines
    assert "Typy služby: + Terénní program, − Kontaktní centrum" in lines
    assert "Území působnosti – přidáno: Humpolec" in lines


def test_a_revert_restores_the_service_and_its_parts(coordinator_client, coordinator, world):
    service = world.our_service
    town = MunicipalityFactory(name="Třešť", region=world.vysocina)
    _age_history(service, minutes=10)
    before = _entries(coordinator_client, service)[0]

    data = change_form_data(coordinator_client.get(_change_url(service)))
    data["name"] = "Přejmenováno"
    data["schedules-0-closes_at"] = "19:00"
    add_inline_row(data, "areas", municipality=str(town.pk))
    assert coordinator_client.post(_change_url(service), data).status_code == 302
    removed = ScheduleFactory(service=service, location=world.our_location, days=4)
    removed_pk = removed.pk
    _age_history(service, minutes=1)
    removed.delete()

    page = coordinator_client.get(_revert_url(service, before))
    assert page.status_code == 200
    assert "09:00–19:00" in page.content.decode()  # what will be undone
    response = coordinator_client.post(
        _revert_url(service, before),
        {"loaded_version": page.context["form"]["loaded_version"].value()},
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Terénní program Jihlava"
    assert Schedule.objects.get(pk=world.our_schedule.pk).closes_at == datetime.time(17, 0)
    assert not ServiceArea.objects.filter(service=service).exists()
    assert not Schedule.objects.filter(pk=removed_pk).exists()  # added after: removed again

    latest = _entries(coordinator_client, service)[0]
    assert latest.user == coordinator
    assert latest.reason.startswith("Vráceno ke stavu z ")
    assert "Otevírací doba: Po 09:00–19:00 → 09:00–17:00" in latest.lines


def test_a_revert_brings_back_a_deleted_part(coordinator_client, world):
    service = world.our_service
    _age_history(service, minutes=10)
    before = _entries(coordinator_client, service)[0]
    schedule_pk = world.our_schedule.pk
    world.our_schedule.delete()
    service.refresh_from_db()
    response = coordinator_client.post(
        _revert_url(service, before), {"loaded_version": service.version}
    )
    assert response.status_code == 302
    assert Schedule.objects.get(pk=schedule_pk).opens_at == datetime.time(9, 0)


def test_a_revert_over_a_newer_change_is_refused_and_says_what_changed(
    coordinator_client, editor_client, world
):
    service = world.our_service
    _age_history(service, minutes=10)
    before = _entries(coordinator_client, service)[0]
    page = coordinator_client.get(_revert_url(service, before))
    form = page.context["form"]
    loaded = {name: form[name].value() for name in ("loaded_version", "loaded_at")}

    _save_form(editor_client, service, **{"schedules-0-closes_at": "20:00"})

    response = coordinator_client.post(_revert_url(service, before), loaded)
    assert response.status_code == 200
    assert "editor" in response.context["conflict"]
    assert "20:00" in response.content.decode()
    assert Schedule.objects.get(pk=world.our_schedule.pk).closes_at == datetime.time(20, 0)
    # The page now carries the current version: confirming again is deliberate and works.
    again = response.context["form"]["loaded_version"].value()
    assert (
        coordinator_client.post(_revert_url(service, before), {"loaded_version": again}).status_code
        == 302
    )
    assert Schedule.objects.get(pk=world.our_schedule.pk).closes_at == datetime.time(17, 0)


def test_revert_access(client, coordinator_client, other_coordinator_client, world):
    service = world.our_service
    entry = _entries(coordinator_client, service)[0]
    url = _revert_url(service, entry)
    assert other_coordinator_client.get(url).status_code == 404
    assert other_coordinator_client.get(_history_url(service)).status_code == 404
    anonymous = client.__class__()
    response = anonymous.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert coordinator_client.put(url).status_code == 405
    assert coordinator_client.post(url, {"loaded_version": "x"}).status_code == 200  # bad input
    before = reverse("admin:services_service_revert", args=[service.pk, 1])  # 1970
    assert coordinator_client.get(before).status_code == 404
    too_late = reverse("admin:services_service_revert", args=[service.pk, 10**30])
    assert coordinator_client.get(too_late).status_code == 404


@pytest.mark.parametrize("changes", [1, 3])
def test_history_page_queries_do_not_grow_with_changes(
    coordinator_client, world, django_assert_num_queries, changes
):
    service = world.our_service
    for number in range(changes):
        _age_history(service, minutes=1)
        schedule = Schedule.objects.get(pk=world.our_schedule.pk)
        schedule.closes_at = datetime.time(17, number)
        schedule.save()
        service.refresh_from_db()
        service.phone = f"56711122{number}"
        service.save()
    url = _history_url(service)
    coordinator_client.get(url)  # warm the session and scope caches
    # Session, user, scope and the service; one per history model (the service and each part
    # model), one per many-to-many field of terms, one per model the records point to.
    # Since shared locations (#18 item 3): the links and contacts are parts, the locations
    # linked are read too (two history models more, and the models their records point to).
    with django_assert_num_queries(34):
        response = coordinator_client.get(url)
    assert len(response.context["entries"]) >= changes
