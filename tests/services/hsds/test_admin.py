import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Organization, Publication
from services.hsds.admin import MAX_FILE_SIZE
from services.hsds.export import exported_services
from services.models import Service
from tests.services.hsds.conftest import SECRET

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/services/service/hsds-import/"


def _upload(objects, name="services.json"):
    return SimpleUploadedFile(name, json.dumps(objects).encode(), "application/json")


@pytest.fixture
def en_admin_client(admin_client):
    """A superuser who chose English with the language switch (the admin is Czech otherwise)."""
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return admin_client


def test_export_selected_action_downloads_hsds(admin_client, sample):
    chosen = [sample["contact_centre"].pk, sample["draft"].pk]
    response = admin_client.post(
        reverse("admin:services_service_changelist"),
        {"action": "export_as_hsds", "_selected_action": chosen},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="hsds-services-')
    objects = json.loads(response.content)
    assert sorted(obj["name"] for obj in objects) == [
        "Kontaktní centrum Jihlava",
        "Rozpracovaná služba",
    ]
    by_name = {obj["name"]: obj for obj in objects}
    assert by_name["Kontaktní centrum Jihlava"]["service_at_locations"]
    assert SECRET not in response.content.decode()


def test_changelist_offers_the_export_and_links_the_import_page(admin_client, sample):
    response = admin_client.get(reverse("admin:services_service_changelist"))
    content = response.content.decode()
    assert IMPORT_URL in content
    assert '<option value="export_as_hsds">' in content
    assert "Exportovat vybrané služby do HSDS 3.0" in content
    popup = admin_client.get(reverse("admin:services_service_changelist"), {"_popup": "1"})
    assert "export_as_hsds" not in popup.content.decode()


def test_import_page_is_for_superusers_only(client, django_user_model, sample):
    assert client.get(IMPORT_URL).status_code == 302  # to the login page
    staff = django_user_model.objects.create_user("koordinator", password="x", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__endswith="_service"))
    client.force_login(staff)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"action": "import", "token": "x"}).status_code == 403
    changelist = client.get(reverse("admin:services_service_changelist")).content.decode()
    assert IMPORT_URL not in changelist


def test_preview_writes_nothing_then_import_writes(en_admin_client, sample):
    objects = exported_services()
    for obj in objects:
        obj["name"] += " (z kraje)"
    response = en_admin_client.get(IMPORT_URL)
    assert response.status_code == 200
    response = en_admin_client.post(IMPORT_URL, {"file": _upload(objects), "action": "preview"})
    content = response.content.decode()
    assert (
        "Dry run, nothing written. 3 services would be updated, "
        "2 organizations would stay unchanged." in content
    )
    assert "Kontaktní centrum Jihlava (z kraje)" in content
    assert not Service.objects.filter(name__endswith="(z kraje)").exists()
    token = response.context["token"]
    response = en_admin_client.post(IMPORT_URL, {"action": "import", "token": token})
    content = response.content.decode()
    summary = "Imported. 3 services updated, 2 organizations unchanged."
    assert f"<strong>{summary}</strong>" in content
    assert f".json: {summary}</li>" in content  # the message, after the file's name
    assert Service.objects.filter(name__endswith="(z kraje)").count() == 3
    # The preview is used up: a second confirmation does nothing.
    response = en_admin_client.post(IMPORT_URL, {"action": "import", "token": token})
    assert response.status_code == 302


def test_czech_coordinator_gets_the_preview_and_result_in_czech(admin_client, sample):
    objects = exported_services()
    for obj in objects:
        obj["name"] += " (z kraje)"
    response = admin_client.post(IMPORT_URL, {"file": _upload(objects), "action": "preview"})
    content = response.content.decode()
    assert (
        "Zkušební běh, nic nebylo uloženo. 3 služby by byly aktualizovány, "
        "2 organizace by zůstaly beze změny." in content
    )
    assert "služba &#x27;Kontaktní centrum Jihlava (z kraje)&#x27;" in content
    response = admin_client.post(
        IMPORT_URL, {"action": "import", "token": response.context["token"]}
    )
    content = response.content.decode()
    summary = "Importováno. 3 služby aktualizovány, 2 organizace beze změny."
    assert f"<strong>{summary}</strong>" in content
    assert f".json: {summary}</li>" in content
    assert "Imported" not in content


ORGANIZATION = {"id": "1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9", "name": "Spolek"}


def _in_atlantis(service_id="6d5c1f1e-4d7a-4b8e-9a6c-2f1e0d9c8b7a", name="Služba v Atlantidě"):
    """A service at a place no Czech municipality is called: rejected."""
    return {
        "id": service_id,
        "name": name,
        "status": "active",
        "organization": ORGANIZATION,
        "service_at_locations": [
            {
                "id": "0a1b2c3d-4e5f-4607-8819-2a3b4c5d6e7f",
                "location": {
                    "id": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
                    "location_type": "physical",
                    "addresses": [{"city": "Atlantida", "country": "CZ"}],
                },
            }
        ],
    }


def test_preview_with_rejections_offers_no_import(en_admin_client, places):
    response = en_admin_client.post(
        IMPORT_URL, {"file": _upload([_in_atlantis()]), "action": "preview"}
    )
    content = response.content.decode()
    assert "no Czech municipality is called" in content
    assert "token" not in response.context or not response.context.get("token")
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "cs",
            [
                "Nic nebylo importováno: 2 záznamy byly odmítnuty. 1 služba by byla vytvořena, "
                "1 organizace by byla vytvořena; 1 upozornění.",
                "<h3>Odmítnuto (dokud je některý záznam odmítnutý, nic se neimportuje) (2)</h3>",
                "služba &#x27;Služba v Atlantidě&#x27; (6d5c1f1e-4d7a-4b8e-9a6c-2f1e0d9c8b7a): "
                "service_at_locations[0] místo &#x27;&#x27;: "
                "žádná česká obec se nejmenuje &#x27;Atlantida&#x27;",
                "status &#x27;sometimes&#x27; není žádná z hodnot active, inactive",
                "<h3>Upozornění (1)</h3>",
                "status chybí: importováno jako v provozu (active)",
            ],
        ),
        (
            "en",
            [
                "Nothing imported: 2 records rejected. 1 service would be created, "
                "1 organization would be created; 1 warning.",
                "<h3>Rejected (nothing is imported while any record is rejected) (2)</h3>",
                "service &#x27;Služba v Atlantidě&#x27; (6d5c1f1e-4d7a-4b8e-9a6c-2f1e0d9c8b7a): "
                "service_at_locations[0] location &#x27;&#x27;: "
                "no Czech municipality is called &#x27;Atlantida&#x27;",
                "status &#x27;sometimes&#x27; is not one of active, inactive",
                "<h3>Warnings (1)</h3>",
                "status missing: imported as active",
            ],
        ),
    ],
)
def test_preview_report_is_in_the_coordinators_language(admin_client, places, language, expected):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    sometimes = _in_atlantis("2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b", "Občas otevřeno")
    sometimes |= {"status": "sometimes", "service_at_locations": []}
    no_status = {
        "id": "3f4a5b6c-7d8e-4f90-a1b2-c3d4e5f6a7b8",
        "name": "Poradna bez stavu",
        "organization": ORGANIZATION,
    }
    files = [_in_atlantis(), sometimes, no_status]
    response = admin_client.post(IMPORT_URL, {"file": _upload(files), "action": "preview"})
    content = response.content.decode()
    for text in expected:
        assert text in content
    assert not response.context.get("token")
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("language", "error"), [("cs", "není platný JSON"), ("en", "not valid JSON")]
)
def test_bad_files_are_form_errors(admin_client, db, language, error):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    upload = SimpleUploadedFile("x.json", b"{broken", "application/json")
    response = admin_client.post(IMPORT_URL, {"file": upload, "action": "preview"})
    assert response.status_code == 200
    assert error in response.content.decode()


def test_publish_checkbox_publishes(admin_client, places, official_example):
    upload = _upload(official_example("service_full.json"))
    response = admin_client.post(IMPORT_URL, {"file": upload, "action": "preview", "publish": "on"})
    admin_client.post(IMPORT_URL, {"action": "import", "token": response.context["token"]})
    assert Service.objects.get().publication == Publication.PUBLISHED


def test_utf16_files_are_read(admin_client, places):
    record = {
        "id": "6d5c1f1e-4d7a-4b8e-9a6c-2f1e0d9c8b7a",
        "name": "Poradna Žďár",
        "status": "active",
        "organization": {"id": "1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9", "name": "Spolek"},
    }
    upload = SimpleUploadedFile("x.json", json.dumps([record]).encode("utf-16"), "application/json")
    response = admin_client.post(IMPORT_URL, {"file": upload, "action": "preview"})
    admin_client.post(IMPORT_URL, {"action": "import", "token": response.context["token"]})
    service = Service.objects.get()
    assert service.name == "Poradna Žďár"
    assert service.history.first().history_change_reason == "HSDS import"


def test_a_service_saved_after_the_preview_is_not_overwritten_by_the_import(
    en_admin_client, sample
):
    objects = exported_services()
    for obj in objects:
        obj["name"] += " (z kraje)"
    response = en_admin_client.post(IMPORT_URL, {"file": _upload(objects), "action": "preview"})
    token = response.context["token"]

    # A coordinator edits one of the services the file updates, between preview and import.
    centre = Service.objects.get(pk=sample["contact_centre"].pk)
    centre.phone = "+420 777 000 111"
    centre.save()

    response = en_admin_client.post(IMPORT_URL, {"action": "import", "token": token})
    content = response.content.decode()
    assert "Nothing imported: since your preview, somebody saved service" in content
    assert "Kontaktní centrum Jihlava" in content and "+420 777 000 111" in content
    assert not Service.objects.filter(name__endswith="(z kraje)").exists()
    centre.refresh_from_db()
    assert centre.phone == "+420 777 000 111"

    # Nothing is lost: the same file is previewed again and can be imported knowingly.
    assert "Dry run, nothing written." in content
    token = response.context["token"]
    response = en_admin_client.post(IMPORT_URL, {"action": "import", "token": token})
    assert "Imported. 3 services updated" in response.content.decode()
    assert Service.objects.filter(name__endswith="(z kraje)").count() == 3


def test_a_part_changed_after_the_preview_stops_the_import_too(en_admin_client, sample):
    objects = exported_services()
    response = en_admin_client.post(IMPORT_URL, {"file": _upload(objects), "action": "preview"})
    location = sample["contact_centre"].locations.first()
    location.address = "Jinde 12"
    location.save()
    response = en_admin_client.post(
        IMPORT_URL, {"action": "import", "token": response.context["token"]}
    )
    content = response.content.decode()
    assert "Nothing imported" in content and "Jinde 12" in content
    location.refresh_from_db()
    assert location.address == "Jinde 12"


NESTED_TOO_DEEPLY = {"cs": "není platný JSON (příliš hluboké vnoření)", "en": "nested too deeply"}


@pytest.mark.parametrize("language", ["cs", "en"])
@pytest.mark.parametrize(
    "content",
    [
        "[" * 200_000 + "]" * 200_000,  # beyond json's own recursion
        # Parsed fine, but deep enough to exhaust the stack while the records are checked.
        '[{"id": "6d5c1f1e-4d7a-4b8e-9a6c-2f1e0d9c8b7a", "status": "active", "name": '
        + '{"a": ' * 400
        + "1"
        + "}" * 400
        + "}]",
    ],
    ids=["beyond-json", "beyond-the-importer"],
)
def test_deeply_nested_file_is_a_form_error_and_writes_nothing(
    admin_client, places, language, content
):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    upload = SimpleUploadedFile("nested.json", content.encode(), "application/json")
    response = admin_client.post(IMPORT_URL, {"file": upload, "action": "preview"})
    assert response.status_code == 200
    assert NESTED_TOO_DEEPLY[language] in response.content.decode()
    assert not response.context.get("token")
    assert not Service.objects.exists()
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("language", "limit"), [("cs", "nejvýše 5,0\xa0MB"), ("en", "at most 5.0\xa0MB")]
)
def test_import_form_states_the_size_limit(admin_client, db, language, limit):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert limit in admin_client.get(IMPORT_URL).content.decode()


def test_oversized_upload_is_refused_with_the_limit(en_admin_client, places):
    # More than DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) too: that limit is for form fields
    # besides files, so the file reaches the form and its size check.
    content = b"[" + b" " * MAX_FILE_SIZE + b"]"
    upload = SimpleUploadedFile("big.json", content, "application/json")
    response = en_admin_client.post(IMPORT_URL, {"file": upload, "action": "preview"})
    assert response.status_code == 200
    assert "The file is larger than 5.0\xa0MB: split it." in response.content.decode()
    assert not response.context.get("token")


def test_form_fields_over_the_request_limit_get_a_page_saying_so(en_admin_client, db):
    upload = SimpleUploadedFile("x.json", b"[]", "application/json")
    data = {"file": upload, "action": "preview", "publish": "x" * 3_000_000}
    response = en_admin_client.post(IMPORT_URL, data)
    assert response.status_code == 413
    assert "The form sent more than this site accepts: at most 2.5\xa0MB" in (
        response.content.decode()
    )
