"""One demo account per role with DEBUG on (issue 18), none in production."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from directory.demo_accounts import PASSWORD
from directory.models import Account, Role
from services.models import Service

pytestmark = pytest.mark.django_db


def test_with_debug_on_each_role_gets_an_account_once(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    first = capsys.readouterr().out
    assert f"password: {PASSWORD}" in first
    for username in ("koordinator", "editor", "odbornik"):
        assert username in first
    call_command("load_demo")
    again = capsys.readouterr().out
    assert PASSWORD not in again and "Demo accounts (already there)" in again
    accounts = {account.user.username: account for account in Account.objects.all()}
    assert accounts["koordinator"].role == Role.COORDINATOR
    assert [region.name for region in accounts["koordinator"].regions.all()] == ["Kraj Vysočina"]
    assert [org.slug for org in accounts["editor"].organizations.all()] == ["centrum-u-vetrniku"]
    assert accounts["odbornik"].role == Role.PROFESSIONAL
    assert not accounts["odbornik"].user.is_staff


def test_the_demo_coordinator_edits_a_vysocina_service_and_the_editor_only_its_own(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    coordinator, editor = Client(), Client()
    assert coordinator.login(username="koordinator", password=PASSWORD)
    assert editor.login(username="editor", password=PASSWORD)
    own = Service.objects.get(slug="centrum-u-vetrniku-kontaktni-centrum")
    other = Service.objects.filter(organization__slug="spolecnost-podane-ruce").first()
    url = "/admin/services/service/{}/change/"
    assert coordinator.get(url.format(own.pk)).status_code == 200
    assert editor.get(url.format(own.pk)).status_code == 200
    assert editor.get(url.format(other.pk)).status_code in (302, 403, 404)


def test_with_debug_off_no_account_is_created(settings):
    settings.DEBUG = False
    call_command("load_demo", verbosity=0)
    assert not get_user_model().objects.exists()
