"""Export the visible listings to CSV/XLSX and import them back with a dry-run preview, scoped."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from services.models import Service

CSV_FORMAT, XLSX_FORMAT = "0", "1"


def _export(client, file_format=CSV_FORMAT):
    url = reverse("admin:services_service_export")
    form = client.get(url).context["form"]
    data = {name: "on" for name in form.fields if name.startswith("serviceresource_")}
    data.update(resource="0", format=file_format)
    response = client.post(url, data)
    assert response.status_code == 200
    return response


def _rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("sluzby.csv", out.getvalue().encode(), content_type="text/csv")


def _preview(client, rows):
    return client.post(
        reverse("admin:services_service_import"),
        {"resource": "0", "format": CSV_FORMAT, "import_file": _csv(rows)},
    )


def test_export_holds_only_the_services_in_scope(coordinator_client, world):
    rows = _rows(_export(coordinator_client))
    assert [row["name"] for row in rows] == [world.our_service.name]
    assert rows[0]["types"] == "contact_centre"
    assert rows[0]["version"] == str(world.our_service.version)


def test_export_to_xlsx(coordinator_client, world):
    response = _export(coordinator_client, XLSX_FORMAT)
    assert "spreadsheetml" in response["Content-Type"]
    assert response.content[:2] == b"PK"


def test_import_previews_then_saves_changes_with_history(coordinator_client, world):
    rows = _rows(_export(coordinator_client))
    rows[0]["summary"] = "Z tabulky"
    preview = _preview(coordinator_client, rows)
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert Service.objects.get(pk=world.our_service.pk).summary == ""  # only a dry run
    confirm = preview.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    response = coordinator_client.post(reverse("admin:services_service_process_import"), data)
    assert response.status_code == 302
    service = Service.objects.get(pk=world.our_service.pk)
    assert service.summary == "Z tabulky"
    assert service.history.first().history_user.username == "koordinatorka"


def test_import_refuses_rows_outside_scope(coordinator_client, world):
    rows = _rows(_export(coordinator_client))
    crafted = dict(rows[0], id=str(world.their_service.pk), name="Převzato")
    foreign_org = dict(rows[0], id="", name="Nová cizí", organization_id=str(world.theirs.pk))
    preview = _preview(coordinator_client, [crafted, foreign_org])
    result = preview.context["result"]
    assert result.has_validation_errors()
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    messages = " ".join(
        str(error) for row in result.invalid_rows for error in row.error_dict.values()
    )
    assert "No service of yours" in messages
    assert "is not one of yours" in messages
    assert Service.objects.get(pk=world.their_service.pk).name == "K-centrum Kyjov"
    assert not Service.objects.filter(name="Nová cizí").exists()


def test_import_refuses_a_row_saved_by_somebody_else_since_the_export(coordinator_client, world):
    rows = _rows(_export(coordinator_client))
    world.our_service.save()  # somebody saved it meanwhile
    rows[0]["summary"] = "Pozdě"
    result = _preview(coordinator_client, rows).context["result"]
    assert result.has_validation_errors()
    assert "version" in result.invalid_rows[0].error_dict


def test_import_rejects_unknown_taxonomy_codes(coordinator_client, world):
    rows = _rows(_export(coordinator_client))
    rows[0]["types"] = "contact_centre,teleportace"
    rows[0]["summary"] = "S neznámým typem"
    preview = _preview(coordinator_client, rows)
    result = preview.context["result"]
    assert result.has_errors() or result.has_validation_errors()
    assert "teleportace" in preview.content.decode()
    assert Service.objects.get(pk=world.our_service.pk).summary == ""
