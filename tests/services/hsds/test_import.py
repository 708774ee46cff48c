import copy
import datetime
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from directory.models import Organization, Publication
from services import weekdays
from services.hsds import ids, taxonomy
from services.hsds.export import exported_services
from services.hsds.import_ import MAX_DEPTH, ImportFileError, import_records, loads
from services.models import (
    Frequency,
    Location,
    LocationKind,
    Schedule,
    Service,
    ServiceArea,
    ServiceStatus,
)
from services.querysets import When
from tests.services.hsds.conftest import SECRET

# The report speaks the active language; these tests read it in English (Czech below).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ORG_ID = "7d0f7c57-93a6-4c4e-8a52-8f0f2f6d1a01"


def _id():
    return str(uuid.uuid4())


def _attribute(vocabulary, code, value=None):
    term = {
        "id": taxonomy.term_id(vocabulary, code),
        "code": code,
        "name": code,
        "description": code,
        "taxonomy": taxonomy.taxonomy_name(vocabulary),
    }
    return {"id": _id(), "taxonomy_term": term, **({"value": value} if value else {})}


def _location(city=None, code=None, *, street="Náměstí 1", postal_code="", schedules=()):
    location = {"id": _id(), "location_type": "physical", "name": f"Místo {city or code}"}
    if code:
        location |= {"external_identifier_type": "cz_obec", "external_identifier": code}
    location["addresses"] = [
        {
            "id": _id(),
            "address_1": street,
            "city": city or "",
            "state_province": "",
            "postal_code": postal_code,
            "country": "CZ",
            "address_type": "physical",
        }
    ]
    return {"id": _id(), "location": location, "schedules": list(schedules)}


def _schedule(byday="TH", opens="13:00", closes="18:00", **extra):
    return {
        "id": _id(),
        "freq": "WEEKLY",
        "byday": byday,
        "opens_at": opens,
        "closes_at": closes,
    } | extra


def record(name="Terénní program", **extra):
    data = {
        "id": _id(),
        "name": name,
        "status": "active",
        "organization": {"id": ORG_ID, "name": "Spolek Krajina", "description": ""},
        "service_at_locations": [
            _location("Humpolec", schedules=[_schedule("TH", "13:00", "18:00")])
        ],
        "attributes": [_attribute("service_type", "outreach")],
    }
    return data | extra


def _reasons(report):
    return " | ".join(reason for entry in report.rejected for reason in entry.reasons)


# --- the official example -----------------------------------------------------------------


def test_official_service_full_example_imports(places, official_example):
    report = import_records([official_example("service_full.json")])
    assert report.ok, report.lines()
    service = Service.objects.get(hsds_id="ac148810-d857-441c-9679-408f346de14b")
    assert service.name == "Community Counselling"
    assert service.organization.hsds_id == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
    assert (service.min_age, service.max_age) == (12, 100)
    assert service.is_free is False  # a cost option of 35 GBP
    assert service.phone == "+441234234567"  # the example's number is wrapped in quotes
    assert service.publication == Publication.DRAFT  # the file does not say it is published
    assert service.locations.count() == 0
    skipped = " | ".join(str(entry) for entry in report.skipped)
    assert "outside the Czech Republic (country US)" in skipped
    assert "geojson extent we cannot read" in skipped
    warnings = " | ".join(str(entry) for entry in report.warnings)
    assert "taxonomy term 'code'" in warnings
    assert "language 'ur'" in warnings


def test_official_example_with_publish_is_public(places, official_example):
    report = import_records([official_example("service_full.json")], publish=True)
    assert report.ok
    service = Service.objects.get(hsds_id="ac148810-d857-441c-9679-408f346de14b")
    assert service.publication == Publication.PUBLISHED
    assert service.organization.publication == Publication.PUBLISHED


def test_official_service_list_page_imports(places, official_example):
    report = import_records(loads(json.dumps(official_example("service_list.json"))))
    assert report.ok, report.lines()
    assert report.count("created") == 1
    assert Service.objects.filter(hsds_id="ac148810-d857-441c-9679-408f346de14b").exists()


def test_import_command_reads_the_official_example(places, hsds_dir, capsys):
    call_command("import_hsds", str(hsds_dir / "examples" / "service_full.json"), "--publish")
    out = capsys.readouterr().out
    assert (
        "Imported. 1 service created, 1 organization created; 3 items skipped; 4 warnings." in out
    )
    assert "SKIPPED" in out


# --- round trip and idempotence -----------------------------------------------------------


def _without_last_modified(objects):
    objects = copy.deepcopy(objects)
    for obj in objects:
        obj.pop("last_modified")
    return objects


def _empty_directory():
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.update(parent=None)
    Organization.objects.all().delete()


def test_round_trip_export_import_export_gives_the_same_objects(sample):
    exported = exported_services()
    _empty_directory()
    report = import_records(loads(json.dumps(exported)))
    assert report.ok, report.lines()
    assert report.count("created") == 3
    assert report.count("created", "organization") == 2
    again = exported_services()
    assert _without_last_modified(again) == _without_last_modified(exported)


def test_reimport_changes_nothing_and_duplicates_nothing(sample):
    exported = exported_services()
    counts = (Service.objects.count(), Location.objects.count(), Schedule.objects.count())
    history = Service.history.count()
    report = import_records(exported)
    assert report.ok, report.lines()
    assert report.count("unchanged") == 3
    assert report.count("unchanged", "organization") == 2
    assert (Service.objects.count(), Location.objects.count(), Schedule.objects.count()) == counts
    assert Service.history.count() == history
    assert _without_last_modified(exported_services()) == _without_last_modified(exported)


def test_reimport_of_own_export_keeps_professional_information(sample):
    exported = exported_services()
    for obj in exported:
        obj["name"] += " (nově)"
    report = import_records(exported)
    assert report.count("updated") == 3
    centre = Service.objects.get(pk=sample["contact_centre"].pk)
    assert centre.name == "Kontaktní centrum Jihlava (nově)"
    assert centre.referral_process.startswith(SECRET)
    assert centre.professional_contact.startswith(SECRET)


def test_reimport_updates_in_place(places):
    data = record()
    import_records([data])
    data["name"] = "Terénní program Humpolec"
    data["service_at_locations"][0]["schedules"] = [_schedule("MO,TH", "12:00", "17:00")]
    report = import_records([data])
    assert report.count("updated") == 1
    service = Service.objects.get()
    assert service.name == "Terénní program Humpolec"
    schedule = Schedule.objects.get()
    assert schedule.days == weekdays.from_codes(["mon", "thu"])
    assert Location.objects.count() == 1


def test_removed_locations_and_areas_are_removed_absent_arrays_are_kept(places):
    data = record(service_areas=[{"id": _id(), "extent_type": "text", "extent": "obec:587869"}])
    data["service_at_locations"].append(_location("Jihlava"))
    import_records([data])
    assert Location.objects.count() == 2
    data["service_at_locations"] = data["service_at_locations"][:1]
    import_records([data])
    assert list(Location.objects.values_list("municipality__name", flat=True)) == ["Humpolec"]
    del data["service_at_locations"], data["service_areas"]
    data["name"] = "Jen nový název"
    report = import_records([data])
    assert report.count("updated") == 1
    assert Location.objects.count() == 1
    assert ServiceArea.objects.count() == 1


# --- all or nothing -----------------------------------------------------------------------


def test_unknown_municipality_rejects_with_reason_and_writes_nothing(places):
    good = record("Dobrá služba")
    bad = record("Špatná služba")
    bad["service_at_locations"] = [_location("Neexistující Lhotka")]
    report = import_records([good, bad])
    assert not report.ok
    assert [entry.name for entry in report.rejected] == ["Špatná služba"]
    assert "no Czech municipality is called 'Neexistující Lhotka'" in _reasons(report)
    assert not Service.objects.exists()
    assert not Organization.objects.exists()


def test_unknown_municipality_code_is_rejected(places):
    data = record()
    data["service_at_locations"] = [_location(code="999999")]
    report = import_records([data])
    assert "no municipality has the ČSÚ code 999999" in _reasons(report)


def test_import_command_fails_with_a_report_and_writes_nothing(places, tmp_path, capsys):
    bad = record()
    bad["service_at_locations"] = [_location("Atlantida")]
    path = tmp_path / "in.json"
    path.write_text(json.dumps([record("Jiná"), bad]), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing imported: 1 record"):
        call_command("import_hsds", str(path))
    assert "REJECTED service 'Terénní program'" in capsys.readouterr().out
    assert not Service.objects.exists()


def test_import_command_rejects_unreadable_files(places, tmp_path):
    path = tmp_path / "in.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_hsds", str(path))
    path.write_text('{"total_items": 0}', encoding="utf-8")
    with pytest.raises(CommandError, match="expected a JSON array"):
        call_command("import_hsds", str(path))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_hsds", str(tmp_path / "missing.json"))


def test_malformed_records_are_rejected_not_crashed(places):
    records = [
        "a string",
        {"id": "not-a-uuid", "name": "X"},
        record(status="sometimes"),
        record(minimum_age="old"),
        record(organization={"id": _id(), "name": ""}),
        record(service_at_locations=[{"id": _id()}]),
    ]
    report = import_records(records)
    assert report.count("rejected") == 6
    assert report.count("rejected", "organization") == 1
    reasons = _reasons(report)
    assert "not a JSON object" in reasons
    assert "id is missing or not a UUID" in reasons
    assert "status 'sometimes'" in reasons
    assert "minimum_age 'old' is not a number" in reasons
    assert "has no location object" in reasons
    assert "name is missing" in reasons


def test_duplicate_ids_in_one_file_are_rejected(places):
    data = record()
    report = import_records([data, copy.deepcopy(data)])
    assert "appears twice" in _reasons(report)


def test_dry_run_reports_and_writes_nothing(places):
    report = import_records([record()], dry_run=True)
    assert report.ok and report.dry_run
    assert report.count("created") == 1
    assert "Dry run" in report.summary()
    assert not Service.objects.exists()


# --- places -------------------------------------------------------------------------------


def test_city_is_resolved_ignoring_case_and_diacritics(places):
    data = record(service_at_locations=[_location("PELHRIMOV")])
    assert import_records([data]).ok
    assert Location.objects.get().municipality == places["pelhrimov"]


def test_repeated_city_needs_postal_code_or_code(places):
    data = record(service_at_locations=[_location("Lhota")])
    report = import_records([data])
    assert "municipality 'Lhota' is ambiguous" in _reasons(report)
    assert "code 548103" in _reasons(report) and "code 588211" in _reasons(report)
    data = record(service_at_locations=[_location("Lhota", postal_code="696 42")])
    assert import_records([data]).ok
    assert Location.objects.get().municipality == places["lhota_b"]


def test_code_wins_over_city(places):
    data = record(service_at_locations=[_location("Lhota", code="547786")])
    assert import_records([data]).ok
    assert Location.objects.get().municipality == places["humpolec"]


def test_location_kinds(places):
    outreach = _location("Humpolec", street="")
    virtual = {
        "id": _id(),
        "location": {
            "id": _id(),
            "location_type": "virtual",
            "attributes": [_attribute("profile", "remote_channel", "phone")],
        },
    }
    assert import_records([record(service_at_locations=[outreach, virtual])]).ok
    kinds = dict(Location.objects.values_list("kind", "channel"))
    assert kinds == {LocationKind.OUTREACH: "", LocationKind.REMOTE: "phone"}


def test_service_areas_by_extent_and_by_name(places):
    areas = [
        {"id": _id(), "extent_type": "text", "extent": "obec:587869"},
        {"id": _id(), "extent_type": "text", "extent": "orp:6105"},
        {"id": _id(), "extent_type": "text", "extent": "kraj:CZ064"},
        {"id": _id(), "name": "ORP Pelhřimov"},
        {"id": _id(), "name": "Kraj Vysočina"},
        {"id": _id(), "name": "kyjov"},
    ]
    assert import_records([record(service_areas=areas)]).ok
    assert {str(area.place) for area in ServiceArea.objects.all()} == {
        "Telč",
        "Humpolec",
        "Jihomoravský kraj",
        "Pelhřimov",
        "Kraj Vysočina",
        "Kyjov",
    }
    assert ServiceArea.objects.get(orp=places["pelhrimov_orp"])


def test_unknown_service_area_is_rejected(places):
    report = import_records(
        [record(service_areas=[{"id": _id(), "extent_type": "text", "extent": "orp:0000"}])]
    )
    assert "no ORP has the ČSÚ code 0000" in _reasons(report)
    report = import_records([record(service_areas=[{"id": _id(), "name": "Mordor"}])])
    assert "Mordor" in _reasons(report)


# --- schedules ----------------------------------------------------------------------------


def test_weekly_and_monthly_schedules(places):
    schedules = [
        _schedule("MO,TH", "09:00", "12:00:00"),
        _schedule("WE", "17:00", "19:00", interval=2, valid_from="2026-01-07"),
        {**_schedule("2MO", "08:00", "09:00"), "freq": "MONTHLY"},
        {**_schedule("-1FR", "12:00", "14:00"), "freq": "MONTHLY"},
        {**_schedule("1TU,3TU", "10:00", "11:00"), "freq": "MONTHLY"},
    ]
    data = record(service_at_locations=[_location("Jihlava", schedules=schedules)])
    assert import_records([data]).ok
    rows = {(s.freq, s.days, s.week_of_month, s.interval) for s in Schedule.objects.all()}
    assert rows == {
        (Frequency.WEEKLY, weekdays.from_codes(["mon", "thu"]), None, 1),
        (Frequency.WEEKLY, weekdays.from_codes(["wed"]), None, 2),
        (Frequency.MONTHLY, weekdays.from_codes(["mon"]), 2, 1),
        (Frequency.MONTHLY, weekdays.from_codes(["fri"]), -1, 1),
        (Frequency.MONTHLY, weekdays.from_codes(["tue"]), 1, 1),
        (Frequency.MONTHLY, weekdays.from_codes(["tue"]), 3, 1),
    }
    fortnightly = Schedule.objects.get(interval=2)
    assert fortnightly.occurs_on(datetime.date(2026, 1, 21))
    assert not fortnightly.occurs_on(datetime.date(2026, 1, 14))


@pytest.mark.parametrize(
    ("schedule", "reason"),
    [
        (_schedule("TH", "18:00", "13:00"), "is not after opens_at"),
        (_schedule("TH", "25:99", "26:00"), "is not a time of day"),
        (_schedule("XX"), "is not a weekday"),
        (_schedule("2TH"), "a weekly schedule cannot name the n-th weekday"),
        (_schedule("TH", interval=3), "needs valid_from"),
        (_schedule("TH", freq="DAILY"), "is not WEEKLY or MONTHLY"),
        (_schedule("TH", valid_from="2026-05-01", valid_to="2026-01-01"), "is before valid_from"),
    ],
)
def test_bad_schedules_are_rejected(places, schedule, reason):
    data = record(service_at_locations=[_location("Jihlava", schedules=[schedule])])
    report = import_records([data])
    assert reason in _reasons(report)


# --- taxonomy, organizations, publication -------------------------------------------------


def test_taxonomy_terms_matched_by_code_unknown_reported(places):
    attributes = [
        _attribute("service_type", "outreach"),
        _attribute("substance", "pervitin"),
        {"id": _id(), "taxonomy_term": {"id": _id(), "code": "harm_reduction", "name": "x"}},
        {"id": _id(), "taxonomy_term": {"id": _id(), "code": "counselling", "name": "x"}},
        {"id": _id(), "taxonomy_term": {"id": _id(), "code": "unicorns", "name": "x"}},
        _attribute("profile", "anonymous", "true"),
        _attribute("profile", "summary", "Krátce."),
    ]
    report = import_records([record(attributes=attributes)])
    assert report.ok
    service = Service.objects.get()
    assert set(service.types.values_list("code", flat=True)) == {"outreach", "harm_reduction"}
    assert list(service.substances.values_list("code", flat=True)) == ["pervitin"]
    assert service.is_anonymous and service.summary == "Krátce."
    warnings = " | ".join(str(entry) for entry in report.warnings)
    assert "'unicorns'" in warnings
    assert "'counselling'" in warnings  # both a service type and an activity: ambiguous


def test_organization_matched_by_ico_and_parent_linked(places):
    existing = Organization.objects.create(name="Charita", ico="45581061")
    parent_id = _id()
    data = record()
    data["organization"] = {
        "id": _id(),
        "name": "Charita Kyjov",
        "description": "",
        "parent_organization_id": parent_id,
        "organization_identifiers": [
            {
                "id": _id(),
                "identifier_scheme": "CZ-ICO",
                "identifier_type": "IČO",
                "identifier": "45581061",
            }
        ],
    }
    parent = record("Služba mateřské organizace")
    parent["organization"] = {"id": parent_id, "name": "Diecézní charita", "description": ""}
    report = import_records([data, parent])
    assert report.ok, report.lines()
    existing.refresh_from_db()
    assert existing.name == "Charita Kyjov"
    assert existing.parent.name == "Diecézní charita"
    assert Organization.objects.count() == 2


def test_publication_rule(places):
    data = record()
    import_records([data])
    assert Service.objects.get().publication == Publication.DRAFT
    import_records([data], publish=True)
    service = Service.objects.get()
    assert service.publication == Publication.PUBLISHED
    assert service.organization.publication == Publication.PUBLISHED
    import_records([data | {"name": "Nový název"}])  # no flag: never unpublishes
    assert Service.objects.get().publication == Publication.PUBLISHED
    marked = record("Zveřejněná", attributes=[_attribute("profile", "publication", "published")])
    import_records([marked])
    assert Service.objects.get(name="Zveřejněná").publication == Publication.PUBLISHED


def test_imported_file_is_immediately_searchable_by_town_and_day(places):
    data = record(status="active")
    import_records([data], publish=True)
    thursday = When(days=weekdays.from_codes(["thu"]))
    found = Service.objects.listed().available(
        town=places["humpolec"], when=thursday, today=datetime.date(2026, 3, 2)
    )
    assert [s.name for s in found] == ["Terénní program"]
    monday = When(days=weekdays.from_codes(["mon"]))
    assert not Service.objects.listed().available(
        town=places["humpolec"], when=monday, today=datetime.date(2026, 3, 2)
    )


def test_status_is_mapped_both_ways(places):
    for status, ours in (
        ("active", ServiceStatus.ACTIVE),
        ("inactive", ServiceStatus.PLANNED),
        ("temporarily closed", ServiceStatus.TEMPORARILY_CLOSED),
        ("defunct", ServiceStatus.ENDED),
    ):
        import_records([record(status=status, id=ids.derive("test", status))])
        assert Service.objects.get(hsds_id=ids.derive("test", status)).status == ours


def test_records_of_accepts_the_three_shapes():
    one = {"id": _id(), "name": "X"}
    assert loads(json.dumps([one])) == [one]
    assert loads(json.dumps({"contents": [one], "total_items": 1})) == [one]
    assert loads(json.dumps(one)) == [one]
    with pytest.raises(ImportFileError):
        loads(b"\xff\xfe")


def test_official_example_imported_twice_is_unchanged(places, official_example):
    import_records([official_example("service_full.json")])
    report = import_records([official_example("service_full.json")])
    assert report.count("unchanged") == 1 and report.count("unchanged", "organization") == 1
    assert Service.objects.count() == 1 and Organization.objects.count() == 1


def test_record_may_name_an_existing_organization_by_id(places):
    import_records([record("První")])
    second = record("Druhá")
    del second["organization"]
    second["organization_id"] = ORG_ID
    assert import_records([second]).ok
    assert Organization.objects.get().services.count() == 2
    second["organization_id"] = _id()
    report = import_records([second])
    assert "neither in the file nor in the directory" in _reasons(report)


def test_import_command_dry_run_writes_nothing(places, tmp_path, capsys):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(record()), encoding="utf-8")
    call_command("import_hsds", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Dry run, nothing written. 1 service would be created, 1 organization would" in out
    assert not Service.objects.exists()


def test_import_command_prints_english_whatever_the_active_language(places, tmp_path, capsys):
    data = record()
    del data["status"]
    path = tmp_path / "in.json"
    path.write_text(json.dumps([data, record("Druhá", status="sometimes")]), encoding="utf-8")
    with translation.override("cs"):
        with pytest.raises(CommandError, match=r"Nothing imported: 1 record rejected\."):
            call_command("import_hsds", str(path), "--dry-run")
        assert translation.get_language() == "cs"  # the command's English does not leak out
    out = capsys.readouterr().out
    assert "REJECTED service 'Druhá'" in out
    assert "status 'sometimes' is not one of" in out
    assert "WARNINGS service 'Terénní program'" in out
    assert "status missing: imported as active" in out


# --- the report in Czech ------------------------------------------------------------------


def test_czech_report_has_czech_reasons_and_plural_forms(places):
    bad = [record(f"Špatná {n}", minimum_age="old") for n in range(3)]
    missing_status = record("Bez stavu")
    del missing_status["status"]
    with translation.override("cs"):
        report = import_records([*bad, missing_status])
        assert report.summary() == (
            "Nic nebylo importováno: 3 záznamy byly odmítnuty. 1 služba by byla vytvořena, "
            "1 organizace by byla vytvořena; 1 upozornění."
        )
        assert "minimum_age 'old' není číslo" in _reasons(report)
        assert str(report.warnings[0]) == (
            f"služba 'Bez stavu' ({missing_status['id']}): "
            "status chybí: importováno jako v provozu (active)"
        )
        assert "  ODMÍTNUTO služba 'Špatná 0'" in "\n".join(report.lines())
        rejected = import_records([record(f"Špatná {n}", status="x") for n in range(5)])
        assert rejected.summary().startswith("Nic nebylo importováno: 5 záznamů bylo odmítnuto.")
        single = import_records([record(minimum_age="old")])
        assert single.summary() == (
            "Nic nebylo importováno: 1 záznam byl odmítnut. 1 organizace by byla vytvořena."
        )
    assert not Service.objects.exists()


def test_czech_summary_of_an_import_agrees_with_each_count(sample):
    exported = exported_services()
    for obj in exported:
        obj["name"] += " (z kraje)"
    with translation.override("cs"):
        assert import_records(exported, dry_run=True).summary() == (
            "Zkušební běh, nic nebylo uloženo. 3 služby by byly aktualizovány, "
            "2 organizace by zůstaly beze změny."
        )
        assert import_records(exported).summary() == (
            "Importováno. 3 služby aktualizovány, 2 organizace beze změny."
        )
        assert import_records([]).summary() == "Importováno. Soubor neobsahuje žádné služby."


def test_bad_contact_details_are_left_out_with_a_warning(places):
    data = record(email="not an address", url="notaurl")
    data["organization"]["website"] = "also wrong"
    report = import_records([data])
    assert report.ok, report.lines()
    service = Service.objects.get()
    assert (service.email, service.website, service.organization.website) == ("", "", "")
    warnings = " | ".join(str(entry) for entry in report.warnings)
    assert "email 'not an address' is not valid" in warnings
    assert "website 'also wrong' is not valid" in warnings


def test_import_command_rejects_deeply_nested_files(places, tmp_path):
    path = tmp_path / "nested.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(CommandError, match=r"nested\.json: not valid JSON \(nested too deeply\)"):
        call_command("import_hsds", str(path))
    assert not Service.objects.exists()
    assert not Organization.objects.exists()


def test_files_may_nest_as_deep_as_the_limit_not_deeper():
    def nested(depth):  # a list holding a list … ``depth`` levels in all
        return "[" * depth + "]" * depth

    assert loads(nested(MAX_DEPTH)) == json.loads(nested(MAX_DEPTH))
    with pytest.raises(ImportFileError, match="nested too deeply"):
        loads(nested(MAX_DEPTH + 1))
    deep_object = '[{"name": ' + '{"a": ' * MAX_DEPTH + "1" + "}" * MAX_DEPTH + "}]"
    with pytest.raises(ImportFileError, match="nested too deeply"):
        loads(deep_object)
