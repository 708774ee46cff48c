"""Coordinators create accounts for their region; passwords by e-mail; sign-in is throttled."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from directory.models import Account, Role
from tests.factories import AccountFactory, UserFactory

ADD = "admin:directory_account_add"


def _account_data(**overrides):
    data = {
        "username": "nova.editorka",
        "email": "editorka@example.cz",
        "first_name": "Jana",
        "last_name": "Nováková",
        "is_active": "on",
        "role": Role.EDITOR,
        "regions": [],
        "organizations": [],
    }
    data.update(overrides)
    return data


def test_coordinator_creates_an_editor_who_gets_a_link_to_choose_a_password(
    coordinator_client, coordinator, world
):
    response = coordinator_client.post(reverse(ADD), _account_data(organizations=[world.ours.pk]))
    assert response.status_code == 302
    account = Account.objects.get(user__username="nova.editorka")
    assert account.role == Role.EDITOR
    assert list(account.organizations.all()) == [world.ours]
    assert account.created_by == coordinator
    user = account.user
    assert user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editorka@example.cz"]
    link = re.search(r"http\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    # The link lets the new editor choose a password.
    page = coordinator_client.get(link.split("127.0.0.1:8000")[-1], follow=True)
    assert "new_password1" in page.content.decode()


def test_coordinator_creates_a_professional_of_their_region_without_admin_access(
    coordinator_client, world
):
    response = coordinator_client.post(
        reverse(ADD),
        _account_data(username="ospod", role=Role.PROFESSIONAL, regions=[world.vysocina.pk]),
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="ospod")
    assert not user.is_staff
    assert user.groups.filter(name="Professionals").exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"role": Role.COORDINATOR, "regions": ["{vysocina}"]}, "role"),
        ({"role": Role.PROFESSIONAL, "regions": ["{moravia}"]}, "regions"),
        ({"organizations": ["{theirs}"]}, "organizations"),
        ({"organizations": []}, "organizations"),
    ],
)
def test_coordinator_cannot_grant_more_than_their_own_scope(
    coordinator_client, world, overrides, field
):
    ids = {
        "vysocina": world.vysocina.pk,
        "moravia": world.moravia.pk,
        "theirs": world.theirs.pk,
    }
    resolved = {
        key: [str(value).format(**ids) for value in values] if isinstance(values, list) else values
        for key, values in overrides.items()
    }
    response = coordinator_client.post(reverse(ADD), _account_data(**resolved))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Account.objects.filter(user__username="nova.editorka").exists()


def test_a_crafted_superuser_flag_is_ignored(coordinator_client, world):
    data = _account_data(organizations=[world.ours.pk], is_superuser="on", is_staff="on")
    assert coordinator_client.post(reverse(ADD), data).status_code == 302
    assert not get_user_model().objects.get(username="nova.editorka").is_superuser


def test_coordinator_sees_only_accounts_of_their_region(coordinator_client, world, editor):
    stranger = AccountFactory(
        role=Role.EDITOR,
        user=UserFactory(username="cizi-editor"),
        organizations=[world.theirs],
    )
    colleague = AccountFactory(user=UserFactory(username="kolega"), regions=[world.vysocina])
    listing = coordinator_client.get(reverse("admin:directory_account_changelist"))
    names = {account.user.username for account in listing.context["cl"].result_list}
    assert names == {"editor"}
    for account in (stranger, colleague):
        url = reverse("admin:directory_account_change", args=[account.pk])
        assert coordinator_client.get(url).status_code == 404


def test_coordinator_deactivates_an_editor(coordinator_client, world, editor):
    url = reverse("admin:directory_account_change", args=[editor.account.pk])
    data = _account_data(username="editor", organizations=[world.ours.pk], is_active="")
    data["email"] = editor.email
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    editor.refresh_from_db()
    assert not editor.is_active
    assert editor.username == "editor"


def test_password_reset_sends_a_link_and_its_pages_are_czech_ready(client, editor):
    page = client.get(reverse("password_reset"))
    assert page.status_code == 200
    response = client.post(reverse("password_reset"), {"email": editor.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert editor.username in mail.outbox[0].body
    assert client.get(reverse("password_reset_done")).status_code == 200
    admin_login = client.get(reverse("admin:login")).content.decode()
    assert reverse("admin_password_reset") in admin_login


def _fail_sign_in(client, url, username, times):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong"})
    return response


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_five_failed_sign_ins_lock_the_account_with_a_clear_message(client, editor, url_name):
    url = reverse(url_name)
    assert _fail_sign_in(client, url, "editor", 4).status_code == 200
    locked = _fail_sign_in(client, url, "editor", 1)
    assert locked.status_code == 429
    content = locked.content.decode()
    assert "Too many failed sign-ins" in content or "Příliš" in content
    assert "za 15 minut." in content or "in 15 minutes." in content
    # Even the right password does not help during the lockout.
    response = client.post(url, {"username": "editor", "password": "correct-horse-9"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_resets_the_failure_count(client, editor):
    url = reverse("login")
    _fail_sign_in(client, url, "editor", 4)
    response = client.post(url, {"username": "editor", "password": "correct-horse-9"})
    assert response.status_code == 302
    client.logout()
    assert _fail_sign_in(client, url, "editor", 4).status_code == 200


def test_signing_in_without_a_request_still_works_for_scripts(db, client):
    UserFactory(username="skript")
    assert client.login(username="skript", password="correct-horse-9")


def test_superusers_see_the_account_on_the_user_page(admin_client, world):
    user = UserFactory(username="bez-uctu")
    response = admin_client.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert response.status_code == 200
    assert 'name="account-TOTAL_FORMS"' in response.content.decode()


def test_professionals_change_their_password_on_the_site(client, professional):
    client.force_login(professional)
    url = reverse("password_change")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "old_password": "correct-horse-9",
            "new_password1": "Nove-heslo-2026",
            "new_password2": "Nove-heslo-2026",
        },
    )
    assert response.status_code == 302
    professional.refresh_from_db()
    assert professional.check_password("Nove-heslo-2026")


def test_staff_change_their_password_from_the_admin(coordinator_client):
    response = coordinator_client.get(reverse("admin:password_change"))
    assert response.status_code == 200
    assert 'name="new_password1"' in response.content.decode()
