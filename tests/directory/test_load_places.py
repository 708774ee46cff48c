"""The places the project ships: built from the official files, loaded by load_places."""

import gzip
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import places_data
from directory.cache import content_version
from directory.models import Municipality, Orp, PlacePart, PlacePartKind, Region
from directory.places import read_parts
from tests.factories import MunicipalityFactory


def load_places(*args) -> str:
    out = StringIO()
    call_command("load_places", *map(str, args), stdout=out)
    return out.getvalue()


def test_the_shipped_file_is_rebuilt_byte_for_byte_from_the_official_files(shared, tmp_path):
    rebuilt = tmp_path / "places.json.gz"
    out = StringIO()
    call_command("build_places", str(shared / "data" / "czech-places"), str(rebuilt), stdout=out)
    assert "6258 municipalities, 142 city districts, 15104 parts of municipalities" in (
        out.getvalue()
    )
    assert rebuilt.read_bytes() == places_data.PLACES_DATA.read_bytes(), (
        "directory/data/places.json.gz is not what build_places makes of ../shared: "
        "rebuild it with `manage.py build_places ../shared/data/czech-places`"
    )


def test_the_file_names_its_source_and_the_terms():
    document = json.loads(gzip.decompress(places_data.PLACES_DATA.read_bytes()))
    assert document["attribution"] == "Zdroj: Český statistický úřad"
    assert document["terms"] == "https://csu.gov.cz/conditions_for_use_and_further_dissemination"
    assert "build_places" in document["note"]
    assert len(document["inputs"]) == 7
    assert all(len(row["sha256"]) == 64 for row in document["inputs"])


@pytest.mark.django_db
def test_every_page_names_the_source_of_the_places(client):
    response = client.get("/")
    assert (
        '<a href="https://csu.gov.cz/conditions_for_use_and_further_dissemination">'
        "Zdroj: Český statistický úřad</a>"
    ) in response.text


@pytest.mark.django_db
def test_load_places_loads_the_whole_country_with_districts_and_parts():
    output = load_places()

    assert Region.objects.count() == 14
    assert Orp.objects.count() == 206
    assert Municipality.objects.count() == 6258
    assert PlacePart.objects.filter(kind=PlacePartKind.DISTRICT).count() == 142
    assert PlacePart.objects.filter(kind=PlacePartKind.PART).count() == 15104
    assert "Municipalities: 6258 created" in output
    assert Orp.objects.filter(region__nuts_code="CZ063").count() == 15

    tabor = Municipality.objects.get(name="Tábor")
    assert (tabor.code, tabor.orp.name, tabor.region.nuts_code) == ("552046", "Tábor", "CZ031")
    assert tabor.postal_code == "39002" and tabor.latitude and tabor.longitude
    assert tabor.search_name == "tabor" and tabor.slug == "tabor-552046"

    praha_5 = PlacePart.objects.get(kind=PlacePartKind.DISTRICT, name="Praha 5")
    assert praha_5.municipality.name == "Praha"
    assert "15000" in praha_5.postal_code_list
    lahovice = PlacePart.objects.get(name="Lahovice", municipality__name="Praha")
    assert (lahovice.kind, lahovice.code) == (PlacePartKind.PART, "129241")
    assert (lahovice.district_name, lahovice.postal_codes) == ("Praha-Zbraslav", "15900")
    assert lahovice.search_name == "lahovice"
    brno_sever = PlacePart.objects.get(name="Brno-sever")
    assert brno_sever.municipality.name == "Brno"
    assert brno_sever.postal_codes == "60200 61200 61300 61400 61500 63800 64400"
    # A part in two districts names both.
    assert PlacePart.objects.get(name="Bubeneč").district_name == "Praha 6, Praha 7"


@pytest.mark.django_db
def test_loading_twice_writes_nothing_the_second_time():
    load_places()
    before = content_version()
    with CaptureQueriesContext(connection) as queries:
        output = load_places()
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert "Parts of municipalities: 0 created, 0 updated, 15104 unchanged." in output
    assert content_version() == before  # nothing changed: cached pages stay


@pytest.mark.django_db
def test_a_load_retires_cached_pages_and_updates_what_differs():
    town = MunicipalityFactory(code="552046", name="Tabor (old)", slug="tabor-old")
    before = content_version()
    load_places()
    assert content_version() != before  # bulk writes send no signals: the command bumps it
    town.refresh_from_db()
    assert (town.name, town.search_name) == ("Tábor", "tabor")
    assert town.slug == "tabor-old"  # links to it keep working
    assert town.orp.name == "Tábor"


@pytest.mark.django_db
def test_load_demo_keeps_places_already_there_as_they_are():
    town = MunicipalityFactory(code="552046", name="Tábor (refreshed)", slug="tabor-refreshed")
    call_command("load_demo", verbosity=0)
    town.refresh_from_db()
    assert town.name == "Tábor (refreshed)"
    assert Municipality.objects.count() == 6258
    assert PlacePart.objects.count() == 142 + 15104


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"", b"not gzip", gzip.compress(b"{}"), gzip.compress(b"[")])
def test_a_bad_file_is_a_clear_error_and_writes_nothing(tmp_path, content):
    path = tmp_path / "places.json.gz"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=r"places\.json\.gz"):
        load_places(path)
    with pytest.raises(CommandError, match="file not found"):
        load_places(tmp_path / "missing.json.gz")
    assert not Municipality.objects.exists()


def test_build_names_a_part_of_an_unknown_municipality(shared, tmp_path):
    source = shared / "data" / "czech-places"
    parts = tmp_path / "parts.csv"
    parts.write_text(
        "kodcobce,nazcobce,psc,kodobce,nazobce,kodmomc,nazmomc\n"
        "129241,Lahovice,15900,999999,Nikde,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="municipality 999999 is not in the code list"):
        call_command("build_places", str(source), str(tmp_path / "out.gz"), parts=str(parts))
    assert not (tmp_path / "out.gz").exists()


def test_parts_carry_their_districts_and_districts_the_postal_codes_of_their_rows(tmp_path):
    path = tmp_path / "parts.csv"
    path.write_text(
        "kodcobce,nazcobce,psc,kodobce,nazobce,kodmomc,nazmomc\n"
        "490024,Bubeneč,16000,554782,Praha,500178,Praha 6\n"
        "490024,Bubeneč,17000,554782,Praha,500186,Praha 7\n"
        "400301,Smíchov,150 00,554782,Praha,500143,Praha 5\n"
        "81761,Lahovice,44001,566349,Libčeves,,\n",
        encoding="utf-8",
    )
    parts = read_parts(path, {"554782", "566349"})

    assert parts.parts["490024"].district_codes == ("500178", "500186")
    assert parts.parts["490024"].postal_codes == ("16000", "17000")
    assert parts.districts["500178"].postal_codes == ("16000",)  # not the whole part's
    assert parts.parts["400301"].postal_codes == ("15000",)
    assert parts.parts["81761"].district_codes == ()
    assert set(parts.districts) == {"500143", "500178", "500186"}


def test_a_part_called_two_names_is_an_error(tmp_path):
    from directory.places import PlacesError

    path = tmp_path / "parts.csv"
    path.write_text(
        "kodcobce,nazcobce,psc,kodobce,kodmomc,nazmomc\n"
        "81761,Lahovice,44001,566349,,\n"
        "81761,Lahovic,44002,566349,,\n",
        encoding="utf-8",
    )
    with pytest.raises(PlacesError, match="part 81761 is called both 'Lahovice' and 'Lahovic'"):
        read_parts(path, {"566349"})


@pytest.mark.django_db
def test_import_places_refreshes_districts_and_parts_from_official_files(shared):
    source = shared / "data" / "czech-places"
    out = StringIO()
    call_command(
        "import_places",
        str(source / "csu-ciselniky-2020"),
        coordinates=str(source / "souradnice-obci.csv"),
        parts=str(source / "psc-casti-obci.csv"),
        stdout=out,
    )
    assert "City districts: 142 created" in out.getvalue()
    assert "Parts of municipalities: 15104 created" in out.getvalue()
    assert PlacePart.objects.get(name="Praha-Zbraslav").municipality.code == "554782"
