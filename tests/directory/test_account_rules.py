"""Account takeover and lost grants through the account admin (issue #15, items 1 and 2).

A coordinator of Vysočina sees an editor of an organization from South Moravia because one of
its services works in Jihlava: the editor's access reaches beyond the coordinator's scope.
"""

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import Account, Role
from tests.factories import AccountFactory, LocationFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def change_url(account):
    return reverse("admin:directory_account_change", args=[account.pk])


@pytest.fixture
def reaching_editor(world):
    """An editor of Podané ruce (Kyjov), which also runs an outreach stop in Jihlava."""
    outpost = ServiceFactory(name="Terénní program Podané ruce", organization=world.theirs)
    LocationFactory(service=outpost, municipality=world.vysocina_town)
    return AccountFactory(
        role=Role.EDITOR,
        user=UserFactory(username="editor-jmk", email="editor@podaneruce.example"),
        organizations=[world.theirs],
    )


def form_data(account, **overrides):
    user = account.user
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "role": account.role,
        "regions": [region.pk for region in account.regions.all()],
        "organizations": [organization.pk for organization in account.organizations.all()],
    }
    return data | overrides


def test_a_coordinator_cannot_redirect_an_editors_sign_in_address(
    coordinator_client, reaching_editor
):
    url = change_url(reaching_editor)
    page = coordinator_client.get(url)
    assert page.status_code == 200  # in scope through the Jihlava service...
    assert page.context["adminform"].form.fields["email"].disabled
    response = coordinator_client.post(
        url, form_data(reaching_editor, email="attacker@example.net", organizations=[])
    )
    assert response.status_code == 302
    reaching_editor.user.refresh_from_db()
    assert reaching_editor.user.email == "editor@podaneruce.example"
    # ...and the sign-in link the coordinator may send still goes to the editor alone.
    coordinator_client.post(
        reverse("admin:directory_account_changelist"),
        {"action": "send_sign_in_links", "_selected_action": [reaching_editor.pk]},
    )
    assert [message.to for message in mail.outbox] == [["editor@podaneruce.example"]]


def test_a_crafted_username_is_ignored_too(coordinator_client, reaching_editor):
    coordinator_client.post(
        change_url(reaching_editor), form_data(reaching_editor, username="attacker")
    )
    reaching_editor.user.refresh_from_db()
    assert reaching_editor.user.username == "editor-jmk"


def test_a_superuser_changes_the_address(admin_client, reaching_editor):
    response = admin_client.post(
        change_url(reaching_editor), form_data(reaching_editor, email="nova@podaneruce.example")
    )
    assert response.status_code == 302
    reaching_editor.user.refresh_from_db()
    assert reaching_editor.user.email == "nova@podaneruce.example"


def test_a_coordinator_cannot_make_a_new_editor_of_an_organization_not_wholly_theirs(
    coordinator_client, world, reaching_editor
):
    response = coordinator_client.post(
        reverse("admin:directory_account_add"),
        {
            "username": "me-as-editor",
            "email": "me@example.net",
            "is_active": "on",
            "role": Role.EDITOR,
            "organizations": [world.theirs.pk],
        },
    )
    assert response.status_code == 200
    assert "organizations" in response.context["adminform"].form.errors
    assert not Account.objects.filter(user__username="me-as-editor").exists()
    # Nor does the autocomplete offer it.
    found = coordinator_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "directory",
            "model_name": "account",
            "field_name": "organizations",
            "term": "",
        },
    ).json()
    names = {row["text"] for row in found["results"]}
    assert world.ours.name in names
    assert world.theirs.name not in names


def test_saving_an_editor_keeps_organizations_the_coordinator_cannot_offer(
    coordinator_client, world, reaching_editor
):
    reaching_editor.organizations.add(world.ours)
    # The form offers only Centrum U Větrníku; the crafted POST sends only that.
    response = coordinator_client.post(
        change_url(reaching_editor),
        form_data(reaching_editor, organizations=[world.ours.pk], first_name="Eva"),
    )
    assert response.status_code == 302
    assert set(reaching_editor.organizations.all()) == {world.ours, world.theirs}
    reaching_editor.user.refresh_from_db()
    assert reaching_editor.user.first_name == "Eva"


def test_a_coordinator_may_still_remove_an_organization_of_theirs(
    coordinator_client, world, reaching_editor
):
    reaching_editor.organizations.add(world.ours)
    response = coordinator_client.post(
        change_url(reaching_editor), form_data(reaching_editor, organizations=[])
    )
    assert response.status_code == 302
    assert set(reaching_editor.organizations.all()) == {world.theirs}


def test_saving_a_professional_keeps_regions_of_other_coordinators(coordinator_client, world):
    professional = AccountFactory(
        role=Role.PROFESSIONAL,
        user=UserFactory(username="ospod"),
        regions=[world.vysocina, world.moravia],
    )
    response = coordinator_client.post(
        change_url(professional), form_data(professional, regions=[world.vysocina.pk])
    )
    assert response.status_code == 302
    assert set(professional.regions.all()) == {world.vysocina, world.moravia}
