"""Each role sees, opens, picks and changes only what is theirs, crafted URLs and POSTs included."""

import pytest
from django.urls import reverse

from directory.models import Publication
from services.models import Location, Service
from tests.admin_forms import add_inline_row, change_form_data
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    ServiceAreaFactory,
    ServiceFactory,
    UserFactory,
)


def _change(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _autocomplete(client, field, term="", app_label="services", model_name="service"):
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": app_label, "model_name": model_name, "field_name": field},
    )
    assert response.status_code == 200
    return {item["text"] for item in response.json()["results"]}


def test_coordinator_lists_only_the_services_organizations_and_events_of_their_region(
    coordinator_client, world
):
    services = coordinator_client.get(_changelist(Service)).content.decode()
    assert world.our_service.name in services
    assert world.their_service.name not in services
    organizations = coordinator_client.get(_changelist(world.ours)).content.decode()
    assert world.ours.name in organizations
    assert world.theirs.name not in organizations
    events = coordinator_client.get(_changelist(world.our_event)).content.decode()
    assert world.our_event.title in events
    assert world.their_event.title not in events


@pytest.mark.parametrize("name", ["their_service", "theirs", "their_event"])
def test_coordinator_gets_404_for_change_history_and_delete_pages_of_another_region(
    coordinator_client, world, name
):
    obj = getattr(world, name)
    opts = obj._meta
    for view in ("change", "delete"):
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])
        assert coordinator_client.get(url).status_code == 404, url
        assert coordinator_client.post(url, {"post": "yes"}).status_code == 404, url
    history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    assert coordinator_client.get(history).status_code in (403, 404)
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_service_covering_both_regions_is_edited_by_both_coordinators(
    coordinator_client, other_coordinator_client, world
):
    ServiceAreaFactory(service=world.their_service, orp=world.vysocina_town.orp)
    assert coordinator_client.get(_change(world.their_service)).status_code == 200
    assert other_coordinator_client.get(_change(world.their_service)).status_code == 200
    # Its organization is in the region through the service, its other services are not.
    assert coordinator_client.get(_change(world.theirs)).status_code == 200
    elsewhere = ServiceFactory(organization=world.theirs, name="Jinde")
    ServiceAreaFactory(service=elsewhere, region=world.moravia)
    assert coordinator_client.get(_change(elsewhere)).status_code == 404


def test_editor_sees_only_their_organization_its_services_and_events(editor_client, world):
    assert editor_client.get(_change(world.our_service)).status_code == 200
    assert editor_client.get(_change(world.ours)).status_code == 200
    assert editor_client.get(_change(world.our_event)).status_code == 200
    # Same region, another organization: not theirs.
    neighbour = ServiceFactory(name="Soused", organization=OrganizationFactory())
    ServiceAreaFactory(service=neighbour, region=world.vysocina)
    for obj in (world.their_service, world.theirs, world.their_event, neighbour):
        assert editor_client.get(_change(obj)).status_code == 404
    listing = editor_client.get(_changelist(Service)).content.decode()
    assert world.our_service.name in listing
    assert "Soused" not in listing


def test_editor_may_not_add_organizations_nor_manage_accounts(editor_client, world):
    assert editor_client.get(reverse("admin:directory_organization_add")).status_code == 403
    assert editor_client.get(reverse("admin:directory_account_changelist")).status_code == 403
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:directory_account_changelist") not in index
    assert reverse("admin:services_service_changelist") in index


def test_professionals_and_accountless_staff_have_no_admin(client, world, professional):
    client.force_login(professional)
    assert client.get(reverse("admin:index")).status_code == 302  # to the admin sign-in
    client.force_login(UserFactory(username="staff-without-account"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert reverse("admin:services_service_changelist") not in response.content.decode()
    assert client.get(_changelist(Service)).status_code == 403
    assert client.get(_change(world.our_service)).status_code == 404


def test_only_superusers_manage_users_and_groups(coordinator_client, admin_client):
    for name in ("auth_user", "auth_group"):
        url = reverse(f"admin:{name}_changelist")
        assert coordinator_client.get(url).status_code == 403
        assert admin_client.get(url).status_code == 200


def test_autocomplete_never_lists_organizations_of_another_region(
    coordinator_client, editor_client, world
):
    assert _autocomplete(coordinator_client, "organization") == {world.ours.name}
    assert _autocomplete(coordinator_client, "organization", term="ruce") == set()
    assert _autocomplete(editor_client, "organization") == {world.ours.name}


def test_autocomplete_of_event_participants_adds_published_organizations_only(
    coordinator_client, world
):
    draft = OrganizationFactory(name="Koncept", publication=Publication.DRAFT)
    names = _autocomplete(
        coordinator_client, "participants", app_label="events", model_name="event"
    )
    assert {world.ours.name, world.theirs.name} <= names
    assert draft.name not in names
    # The organizer is an ownership field: only their own organizations.
    organizers = _autocomplete(
        coordinator_client, "organizer", app_label="events", model_name="event"
    )
    assert organizers == {world.ours.name}


def test_crafted_post_with_an_organization_of_another_region_is_a_form_error(
    coordinator_client, world
):
    url = _change(world.our_service)
    data = change_form_data(coordinator_client.get(url))
    data["organization"] = str(world.theirs.pk)
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "organization" in response.context["adminform"].form.errors
    world.our_service.refresh_from_db()
    assert world.our_service.organization == world.ours


def test_change_page_offers_only_organizations_in_scope(coordinator_client, world):
    content = coordinator_client.get(_change(world.our_service)).content.decode()
    assert world.ours.name in content
    assert world.theirs.name not in content


def test_coordinator_saves_a_service_of_their_region(coordinator_client, world):
    url = _change(world.our_service)
    data = change_form_data(coordinator_client.get(url))
    data["summary"] = "Výměna injekčního materiálu"
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.our_service.refresh_from_db()
    assert world.our_service.summary == "Výměna injekčního materiálu"


def test_crafted_inline_row_of_another_service_is_refused(coordinator_client, world):
    url = _change(world.our_service)
    data = change_form_data(coordinator_client.get(url))
    # Claim the other region's location as one of this service's rows.
    data["locations-0-id"] = str(world.their_location.pk)
    data["locations-0-address"] = "Ukradená 1"
    coordinator_client.post(url, data)
    world.their_location.refresh_from_db()
    assert world.their_location.address != "Ukradená 1"
    assert world.their_location.service == world.their_service
    assert not Location.objects.filter(address="Ukradená 1").exists()


def test_coordinator_adds_a_service_with_a_location_in_their_region(coordinator_client, world):
    url = reverse("admin:services_service_add")
    data = change_form_data(coordinator_client.get(url))
    data.update(organization=str(world.ours.pk), name="Nová služba", slug="nova-sluzba")
    data["types"] = [str(world.our_service.types.first().pk)]
    # Added on the location's page (the + next to the choice), then chosen here.
    stop = Location.objects.create(
        organization=world.ours, kind="outreach", municipality=world.vysocina_town
    )
    add_inline_row(data, "location_links", location=str(stop.pk))
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Service.objects.filter(name="Nová služba").exists()


def test_adding_a_service_located_in_another_region_is_refused(coordinator_client, world):
    ServiceAreaFactory(service=world.their_service, region=world.vysocina)  # theirs in scope
    url = reverse("admin:services_service_add")
    data = change_form_data(coordinator_client.get(url))
    data.update(organization=str(world.theirs.pk), name="Cizí služba", slug="cizi-sluzba")
    data["types"] = [str(world.our_service.types.first().pk)]
    stop = Location.objects.create(
        organization=world.theirs, kind="outreach", municipality=world.moravia_town
    )
    add_inline_row(data, "location_links", location=str(stop.pk))
    response = coordinator_client.post(url, data, follow=True)
    assert not Service.objects.filter(name="Cizí služba").exists()
    assert "mimo kraje a organizace" in response.content.decode()


def test_scoped_users_archive_instead_of_deleting(coordinator_client, world):
    url = reverse("admin:services_service_delete", args=[world.our_service.pk])
    assert coordinator_client.get(url).status_code == 403
    changelist = coordinator_client.get(_changelist(Service))
    actions = dict(changelist.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions
    assert "archive_selected" in actions
    response = coordinator_client.post(
        _changelist(Service),
        {
            "action": "archive_selected",
            # The second id is crafted: another region's service.
            "_selected_action": [world.our_service.pk, world.their_service.pk],
        },
    )
    assert response.status_code == 302
    world.our_service.refresh_from_db()
    world.their_service.refresh_from_db()
    assert world.our_service.publication == Publication.ARCHIVED
    assert world.their_service.publication == Publication.PUBLISHED
    assert Service.objects.filter(pk=world.our_service.pk).exists()


def test_superuser_deletion_of_an_organization_with_services_is_protected(admin_client, world):
    url = reverse("admin:directory_organization_delete", args=[world.ours.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the "cannot delete, protected" page
    assert world.ours.__class__.objects.filter(pk=world.ours.pk).exists()
    assert (
        admin_client.post(
            reverse("admin:services_service_delete", args=[world.their_service.pk]), {"post": "yes"}
        ).status_code
        == 302
    )
    assert not Service.objects.filter(pk=world.their_service.pk).exists()


def test_an_event_without_a_region_belongs_to_its_organizers_coordinator(
    coordinator_client, other_coordinator_client, world
):
    online = EventFactory(title="Online setkání", organizer=world.ours, region=None)
    assert coordinator_client.get(_change(online)).status_code == 200
    assert other_coordinator_client.get(_change(online)).status_code == 404


def test_locations_are_listed_and_opened_only_within_scope(
    coordinator_client, editor_client, world
):
    for client in (coordinator_client, editor_client):
        listing = client.get(reverse("admin:services_location_changelist")).content.decode()
        assert reverse("admin:services_location_change", args=[world.our_location.pk]) in listing
        their_url = reverse("admin:services_location_change", args=[world.their_location.pk])
        assert their_url not in listing
        assert client.get(their_url).status_code == 404


def test_a_service_cannot_be_offered_at_another_organizations_location(coordinator_client, world):
    # Even one the coordinator may see: the location must be the service's organization's.
    ServiceAreaFactory(service=world.their_service, region=world.vysocina)
    url = reverse("admin:services_service_change", args=[world.our_service.pk])
    data = change_form_data(coordinator_client.get(url))
    add_inline_row(data, "location_links", location=str(world.their_location.pk))
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert not world.their_location.services.filter(pk=world.our_service.pk).exists()


def test_a_location_shared_by_two_services_is_edited_once(coordinator_client, world):
    other = ServiceFactory(name="K-centrum Jihlava", organization=world.ours)
    url = reverse("admin:services_service_change", args=[other.pk])
    data = change_form_data(coordinator_client.get(url))
    add_inline_row(data, "location_links", location=str(world.our_location.pk))
    assert coordinator_client.post(url, data).status_code == 302
    versions = {s.pk: s.version for s in Service.objects.all()}

    location_url = reverse("admin:services_location_change", args=[world.our_location.pk])
    data = change_form_data(coordinator_client.get(location_url))
    data["address"] = "Žižkova 17"
    assert coordinator_client.post(location_url, data).status_code == 302

    assert {s.address for s in other.locations.all()} == {"Žižkova 17"}
    assert {s.address for s in world.our_service.locations.all()} == {"Žižkova 17"}
    # Both services changed: their open forms are stale, their cached cards are redrawn.
    for service in (other, world.our_service):
        service.refresh_from_db()
        assert service.version == versions[service.pk] + 1
