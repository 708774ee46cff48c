"""Every change is traced with its author and can be reverted; no save overwrites a newer one."""

import pytest
from django.urls import reverse

from directory.models import Publication
from services.models import Schedule, Service
from tests.admin_forms import change_form_data
from tests.factories import ServiceFactory


def _change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _errors(response):
    return " ".join(response.context["adminform"].form.non_field_errors())


def test_publishing_in_the_admin_records_who_and_when(coordinator_client, coordinator, world):
    draft = ServiceFactory(organization=world.ours, publication=Publication.DRAFT)
    assert draft.published_at is None
    url = _change_url(draft)
    data = change_form_data(coordinator_client.get(url))
    data["publication"] = Publication.PUBLISHED
    assert coordinator_client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.publication == Publication.PUBLISHED
    assert draft.published_by == coordinator
    assert draft.published_at is not None


def test_every_save_is_a_new_version_but_only_a_change_is_history(world):
    service = world.our_service
    service.refresh_from_db()
    before = service.version
    records = service.history.count()
    service.save()
    service.save()
    service.refresh_from_db()
    assert service.version == before + 2
    assert service.history.count() == records  # issue 18: no empty "Změněno" rows
    service.summary = "Nově"
    service.save()
    assert service.history.count() == records + 1
    assert service.history.first().version == before + 3


def test_a_save_based_on_an_older_version_is_refused_and_says_what_changed(
    coordinator_client, editor_client, world
):
    url = _change_url(world.our_service)
    mine = change_form_data(coordinator_client.get(url))
    theirs = change_form_data(editor_client.get(url))
    theirs["website"] = "https://jinde.example.cz/"
    assert editor_client.post(url, theirs).status_code == 302

    mine["summary"] = "Moje úprava"
    response = coordinator_client.post(url, mine)
    assert response.status_code == 200
    message = _errors(response)
    assert "editor" in message
    assert "https://jinde.example.cz/" in message
    world.our_service.refresh_from_db()
    assert world.our_service.website == "https://jinde.example.cz/"
    assert world.our_service.summary == ""

    # Having seen the message, saving the same form again is a deliberate choice.
    again = change_form_data(response)
    assert coordinator_client.post(url, again).status_code == 302
    world.our_service.refresh_from_db()
    assert world.our_service.summary == "Moje úprava"


def test_a_crafted_post_without_the_loaded_version_is_refused(coordinator_client, world):
    url = _change_url(world.our_service)
    data = change_form_data(coordinator_client.get(url))
    del data["loaded_version"]
    data["summary"] = "Bez verze"
    assert coordinator_client.post(url, data).status_code == 200
    world.our_service.refresh_from_db()
    assert world.our_service.summary == ""


@pytest.mark.parametrize("name, field", [("ours", "description"), ("our_event", "summary")])
def test_organizations_and_events_are_locked_too(
    coordinator_client, editor_client, world, name, field
):
    obj = getattr(world, name)
    url = _change_url(obj)
    mine = change_form_data(coordinator_client.get(url))
    theirs = change_form_data(editor_client.get(url))
    theirs[field] = "Jejich text"
    response = editor_client.post(url, theirs)
    assert response.status_code == 302, response.context["adminform"].form.errors
    mine[field] = "Můj text"
    response = coordinator_client.post(url, mine)
    assert response.status_code == 200
    assert "Jejich text" in _errors(response)
    obj.refresh_from_db()
    assert getattr(obj, field) == "Jejich text"


def test_history_shows_who_changed_what_including_opening_hours(coordinator_client, world):
    url = _change_url(world.our_service)
    data = change_form_data(coordinator_client.get(url))
    data["name"] = "Terénní program Vysočina"
    data["schedules-0-closes_at"] = "18:00"
    assert coordinator_client.post(url, data).status_code == 302
    history = coordinator_client.get(
        reverse("admin:services_service_history", args=[world.our_service.pk])
    )
    content = history.content.decode()
    assert "koordinatorka" in content
    assert "Terénní program Jihlava" in content and "Terénní program Vysočina" in content
    schedule_history = Schedule.history.filter(id=world.our_schedule.pk).first()
    assert schedule_history.history_user.username == "koordinatorka"
    assert str(schedule_history.closes_at) == "18:00:00"
    # A change saved without a reason shows none, not "None" (issue 18).
    assert ">None<" not in content.replace(" ", "").replace("\n", "")
    assert world.our_service.history.latest().history_change_reason == ""


def test_a_coordinator_reverts_a_service_of_their_region(coordinator_client, world):
    service = world.our_service
    original = service.history.earliest()
    service.refresh_from_db()
    service.name = "Přejmenováno omylem"
    service.save()
    renamed = service.version
    url = reverse("admin:services_service_simple_history", args=[service.pk, original.pk])
    page = coordinator_client.get(url)
    assert page.status_code == 200
    data = change_form_data(page)
    assert data["name"] == "Terénní program Jihlava"
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    service.refresh_from_db()
    assert service.name == "Terénní program Jihlava"
    latest = service.history.first()
    assert latest.history_user.username == "koordinatorka"
    assert latest.version == service.version == renamed + 1


def test_nobody_reverts_outside_their_scope(coordinator_client, world):
    service = world.their_service
    record = service.history.earliest()
    url = reverse("admin:services_service_simple_history", args=[service.pk, record.pk])
    assert coordinator_client.get(url).status_code == 403
    assert coordinator_client.post(url, {"name": "Cizí"}).status_code == 403
    assert Service.objects.get(pk=service.pk).name == "K-centrum Kyjov"


def test_opening_hours_changes_are_in_the_service_history_and_can_be_reverted(
    coordinator_client, other_coordinator_client, world
):
    url = _change_url(world.our_service)
    data = change_form_data(coordinator_client.get(url))
    data["schedules-0-closes_at"] = "18:00"
    assert coordinator_client.post(url, data).status_code == 302

    history = coordinator_client.get(
        reverse("admin:services_service_history", args=[world.our_service.pk])
    )
    latest = history.context["entries"][0]
    assert latest.user.username == "koordinatorka"
    assert latest.lines == ["Otevírací doba: Po 09:00–17:00 → 09:00–18:00"]

    original = world.our_schedule.history.earliest()
    revert = reverse(
        "admin:services_schedule_simple_history", args=[world.our_schedule.pk, original.pk]
    )
    assert other_coordinator_client.get(revert).status_code == 403
    response = coordinator_client.post(revert, change_form_data(coordinator_client.get(revert)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.our_schedule.refresh_from_db()
    assert str(world.our_schedule.closes_at) == "17:00:00"
