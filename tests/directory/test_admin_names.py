"""The admin in Czech cases: the accusative where Django puts a model's name into a sentence,
counts in the three Czech plural forms; and the same pages in English."""

import html
import json
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from directory.admin_names import NAMES, counted
from services.models import Service
from tests.factories import ScheduleFactory, ServiceFactory

CHANGELIST = reverse("admin:services_service_changelist")


@pytest.fixture
def english_client(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return admin_client


def _title_and_h1(content: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", content, re.S).group(1).strip()
    return title, re.search(r"<h1>(.*?)</h1>", content, re.S).group(1)


def _add_texts(content: str) -> list[str]:
    """The "add another" links of the inlines (made by Django's JavaScript from these data)."""
    return [
        json.loads(html.unescape(data))["options"]["addText"]
        for data in re.findall(r'data-inline-formset="([^"]*)"', content)
    ]


def test_every_model_in_the_admin_has_its_czech_names():
    # A new model in the admin needs an entry in directory.admin_names.NAMES.
    missing = {model._meta.label_lower for model in admin.site._registry} - set(NAMES)
    assert not missing


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 službu"), (2, "2 služby"), (4, "4 služby"), (5, "5 služeb"), (22, "22 služeb")],
)
def test_counted_names_take_the_czech_plural_forms(czech, count, expected):
    assert counted(Service._meta, count) == expected


def test_counted_names_in_english_and_for_a_model_without_names(english):
    assert counted(Service._meta, 1) == "1 service"
    assert counted(Service._meta, 3) == "3 services"
    assert counted(LogEntry._meta, 3) == "3 log entries"


def test_service_pages_say_add_change_and_delete_in_the_accusative(admin_client, db):
    service = ScheduleFactory().service

    content = admin_client.get(CHANGELIST).content.decode()
    assert _title_and_h1(content) == (
        "Vyberte službu ke změně | Správa adresáře",
        "Vyberte službu ke změně",
    )
    assert re.search(r'class="addlink">\s*Přidat službu\s*</a>', content)

    content = admin_client.get(reverse("admin:services_service_add")).content.decode()
    assert _title_and_h1(content) == ("Přidat službu | Správa adresáře", "Přidat službu")
    assert "&rsaquo; Přidat službu\n</div>" in content  # the breadcrumbs
    assert "služba: přidat" not in content.lower()

    change = reverse("admin:services_service_change", args=[service.pk])
    content = admin_client.get(change).content.decode()
    assert _title_and_h1(content) == (
        f"{service.name} | Změnit službu | Správa adresáře",
        "Změnit službu",
    )
    assert _add_texts(content) == [
        "Přidat kontakt",
        "Přidat místo",
        "Přidat otevírací dobu",
        "Přidat území působnosti",
        "Přidat uzavření",
        "Přidat upozornění",
        "Přidat kapacitu",
    ]
    assert "Přidat další: Otevírací doba" not in content
    # The icons beside a choice name the model as a label (no case to get wrong).
    assert 'title="Přidat další: organizace"' in content

    delete = reverse("admin:services_service_delete", args=[service.pk])
    content = admin_client.get(delete).content.decode()
    assert _title_and_h1(content) == ("Odstranit službu | Správa adresáře", "Odstranit službu")


def test_other_models_pages_use_their_own_accusative(admin_client, db):
    content = admin_client.get(reverse("admin:events_event_add")).content.decode()
    assert _title_and_h1(content)[1] == "Přidat akci"
    content = admin_client.get(reverse("admin:directory_organization_changelist")).content
    assert "Vyberte organizaci ke změně" in content.decode()
    content = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert re.search(r'class="addlink">\s*Přidat uživatele\s*</a>', content)


def test_titles_not_made_by_django_are_kept(admin_client, db):
    service = ServiceFactory()
    history = reverse("admin:services_service_history", args=[service.pk])
    content = admin_client.get(history).content.decode()
    assert "Změnit službu" not in content


def test_service_pages_in_english(english_client, db):
    service = ScheduleFactory().service
    content = english_client.get(reverse("admin:services_service_add")).content.decode()
    assert _title_and_h1(content)[1] == "Add service"
    change = reverse("admin:services_service_change", args=[service.pk])
    content = english_client.get(change).content.decode()
    assert _title_and_h1(content)[1] == "Change service"
    assert "Add another opening hours" in _add_texts(content)
    content = english_client.get(CHANGELIST).content.decode()
    assert _title_and_h1(content)[1] == "Select service to change"
    assert re.search(r'class="addlink">\s*Add service\s*</a>', content)


def _act(client, action, services, **extra):
    data = {"action": action, "_selected_action": [s.pk for s in services], **extra}
    return client.post(CHANGELIST, data, follow=True).content.decode()


@pytest.mark.parametrize(
    ("count", "czech", "english"),
    [
        (1, "1 službu", "1 service marked"),
        (3, "3 služby", "3 services marked"),
        (5, "5 služeb", "5 services marked"),
    ],
)
def test_verifying_counts_services_in_czech_and_english(admin_client, db, count, czech, english):
    services = ServiceFactory.create_batch(count)
    content = _act(admin_client, "mark_verified_today", services)
    assert f"Dnešní ověření zaznamenáno pro {czech}." in content
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = _act(admin_client, "mark_verified_today", services)
    assert f"{english} as verified today." in content


@pytest.mark.parametrize(("count", "czech"), [(1, "1 službu"), (3, "3 služby"), (5, "5 služeb")])
def test_archiving_counts_services(admin_client, db, count, czech):
    services = ServiceFactory.create_batch(count)
    content = _act(admin_client, "archive_selected", services)
    assert f"Archivovali jste {czech} (skryto před veřejností)." in content


def test_archiving_in_english(english_client, db):
    services = ServiceFactory.create_batch(3)
    content = _act(english_client, "archive_selected", services)
    assert "Archived 3 services (hidden from the public)." in content


@pytest.mark.parametrize(("count", "czech"), [(1, "1 službu"), (3, "3 služby"), (5, "5 služeb")])
def test_deleting_selected_asks_and_reports_in_czech_counts(admin_client, db, count, czech):
    services = ServiceFactory.create_batch(count)
    content = _act(admin_client, "delete_selected", services)
    assert f"Opravdu odstranit {czech}?" in content
    content = _act(admin_client, "delete_selected", services, post="yes")
    assert f"Odstranili jste {czech}." in content
    assert not Service.objects.filter(pk__in=[s.pk for s in services]).exists()


def test_deleting_selected_in_english(english_client, db):
    services = ServiceFactory.create_batch(3)
    content = _act(english_client, "delete_selected", services)
    assert "Are you sure you want to delete 3 services?" in content
    content = _act(english_client, "delete_selected", services, post="yes")
    assert "Deleted 3 services." in content


def test_deleting_selected_stays_refused_without_the_permission(client, django_user_model, db):
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    service = ServiceFactory()
    response = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [service.pk], "post": "yes"}
    )
    assert response.status_code in (302, 403)
    assert Service.objects.filter(pk=service.pk).exists()
