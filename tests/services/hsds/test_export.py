import json

import pytest
from django.core.management import CommandError, call_command

from services.hsds import ids, taxonomy
from services.hsds.export import exported_services
from services.models import Service
from tests.services.hsds.conftest import SECRET

pytestmark = pytest.mark.django_db


def _by_name(objects):
    return {obj["name"]: obj for obj in objects}


def test_every_exported_service_conforms_to_the_official_schema(sample, conformance):
    objects = exported_services()
    assert len(objects) == 3
    for obj in objects:
        conformance.check(obj, "service")


def test_strict_check_catches_keys_the_schema_does_not_define(sample, conformance):
    obj = exported_services()[0]
    obj["service_at_locations"][0]["location"]["kind"] = "premises"
    obj["summary"] = "x"
    problems = conformance.errors(obj, "service")
    assert "$.summary: not defined by the schema" in problems
    assert "$.service_at_locations[0].location.kind: not defined by the schema" in problems


def test_export_never_contains_drafts_or_professional_information(sample):
    objects = exported_services()
    text = json.dumps(objects, ensure_ascii=False)
    assert "Rozpracovaná služba" not in text
    assert SECRET not in text
    for field in Service.PROFESSIONAL_FIELDS:
        assert f'"{field}"' not in text
    for obj in objects:
        assert "application_process" not in obj
        assert "wait_time" not in obj


def test_export_uses_czech_conventions(sample):
    services = _by_name(exported_services())
    centre = services["Kontaktní centrum Jihlava"]
    [premises] = centre["service_at_locations"]
    location = premises["location"]
    assert location["external_identifier_type"] == "cz_obec"
    assert location["external_identifier"] == "586846"
    assert location["location_type"] == "physical"
    assert location["addresses"][0] | {"id": None} == {
        "id": None,
        "address_1": "Žižkova 15",
        "city": "Jihlava",
        "state_province": "Kraj Vysočina",
        "postal_code": "58601",
        "country": "CZ",
        "address_type": "physical",
    }
    schedules = {(s["freq"], s["byday"]): s for s in premises["schedules"]}
    assert set(schedules) == {
        ("WEEKLY", "MO,TU,WE,TH,FR"),
        ("WEEKLY", "WE"),
        ("MONTHLY", "2MO"),
        ("MONTHLY", "-1FR"),
    }
    fortnightly = schedules[("WEEKLY", "WE")]
    assert fortnightly["interval"] == 2
    assert fortnightly["opens_at"] == "17:00:00"
    assert fortnightly["closes_at"] == "19:00:00"
    assert fortnightly["valid_from"] == "2026-01-07"
    assert fortnightly["valid_to"] == "2026-12-31"
    assert fortnightly["description"] == "Večerní testování"
    assert {(a["extent_type"], a["extent"]) for a in centre["service_areas"]} == {
        ("text", "orp:6107"),
        ("text", "kraj:CZ063"),
    }
    outreach = services["Terénní program Vysočina"]
    assert {a["extent"] for a in outreach["service_areas"]} == {"orp:6105", "obec:587869"}
    kinds = {
        sal["location"].get("external_identifier", "remote"): sal["location"]
        for sal in outreach["service_at_locations"]
    }
    assert kinds["remote"]["location_type"] == "virtual"
    assert kinds["remote"]["addresses"] == []
    assert kinds["547786"]["addresses"][0]["address_1"] == ""  # an outreach stop, no street


def test_export_carries_the_taxonomy_as_attributes_with_our_codes(sample):
    centre = _by_name(exported_services())["Kontaktní centrum Jihlava"]
    terms = {
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]): a
        for a in centre["attributes"]
    }
    assert ("adresar/service_type", "contact_centre") in terms
    assert ("adresar/activity", "needle_exchange") in terms
    assert ("adresar/target_group", "problem_drug_users") in terms
    assert ("adresar/substance", "pervitin") in terms
    contact_centre = terms[("adresar/service_type", "contact_centre")]
    assert contact_centre["taxonomy_term_id"] == taxonomy.term_id("service_type", "contact_centre")
    assert terms[("adresar/profile", "anonymous")]["value"] == "true"
    assert terms[("adresar/profile", "publication")]["value"] == "published"
    assert terms[("adresar/profile", "summary")]["value"].startswith("Nízkoprahové")
    assert [language["code"] for language in centre["languages"]] == ["cs", "sk"]
    assert centre["cost_options"][0]["amount"] == 0
    assert centre["licenses"].startswith("Registr poskytovatelů sociálních služeb MPSV")
    assert "2027-05-31" in centre["accreditations"]
    assert centre["organization"]["organization_identifiers"][0]["identifier"] == "26798336"
    assert centre["organization"]["parent_organization_id"] == ids.of(sample["charita"])


def test_export_ids_are_stored_ids_or_stable_derived_ones(sample):
    first = _by_name(exported_services())
    second = _by_name(exported_services())
    assert first == second
    kyjov = first["Poradna Kyjov"]
    assert kyjov["id"] == "0b6a3c8e-55f4-4d0c-9a51-6b7c2d1e0f93"
    assert kyjov["service_at_locations"][0]["id"] == "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
    centre = first["Kontaktní centrum Jihlava"]
    assert centre["id"] == ids.derived_id(Service, sample["contact_centre"].pk)
    # Apart from shared things (the organization, taxonomy terms), no two objects share an id.
    owned = [value for key, value in _walk(first) if key == "id"]
    assert len(owned) == len(set(owned))


def _walk(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("organization", "taxonomy_term"):
                yield key, item
                yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def test_export_command_writes_a_json_array(sample, tmp_path, capsys):
    out = tmp_path / "services.json"
    call_command("export_hsds", str(out))
    objects = json.loads(out.read_text(encoding="utf-8"))
    assert [obj["name"] for obj in objects] == [
        "Kontaktní centrum Jihlava",
        "Poradna Kyjov",
        "Terénní program Vysočina",
    ]
    assert "3 services written" in capsys.readouterr().err


def test_export_command_to_stdout_and_bad_path(sample, capsys, tmp_path):
    call_command("export_hsds", "-", "--indent", "0")
    assert len(json.loads(capsys.readouterr().out)) == 3
    with pytest.raises(CommandError, match="cannot write"):
        call_command("export_hsds", str(tmp_path / "missing" / "x.json"))
