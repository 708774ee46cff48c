import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from directory.models import Municipality, Orp, Region
from directory.text import fold

VAZ_HEADER = [
    "KODJAZ",
    "TYPVAZ",
    "AKRCIS1",
    "KODCIS1",
    "CHODNOTA1",
    "TEXT1",
    "AKRCIS2",
    "KODCIS2",
    "CHODNOTA2",
    "TEXT2",
]

REGIONS = [
    ("3000", "Extra-Regio", "CZZZZ"),
    ("3107", "Kraj Vysočina", "CZ063"),
    ("3131", "Zlínský kraj", "CZ072"),
]
# okres code: (name, kraj code)
DISTRICTS = {
    "40002": ("Extra-Regio", "3000"),
    "40711": ("Pelhřimov", "3107"),
    "40851": ("Zlín", "3131"),
}
# code, name, ORP code, ORP name, okres code
MUNICIPALITIES = [
    ("547999", "Humpolec", "6105", "Humpolec", "40711"),
    ("548511", "Želiv", "6105", "Humpolec", "40711"),
    ("500011", "Želechovice nad Dřevnicí", "7213", "Zlín", "40851"),
]


def import_places(directory, **options) -> str:
    out = StringIO()
    call_command("import_places", str(directory), stdout=out, **options)
    return out.getvalue()


def write_csu(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="cp1250", newline="") as file:
        writer = csv.writer(file, delimiter=";", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_code_lists(directory: Path, municipalities=MUNICIPALITIES) -> Path:
    """A tiny ČSÚ export in cp1250 whose link files put the superior unit on side 1, the
    reverse of the 2020 files, and whose CIS0043 columns are in a different order."""
    directory.mkdir(exist_ok=True)
    write_csu(
        directory / "CIS0043_CS.csv",
        ["KODJAZ", "TEXT", "AKRCIS", "KODCIS", "ZKRTEXT", "CHODNOTA"],
        [["CS", name, "CISOB", 43, name[:10], code] for code, name, *_ in municipalities],
    )
    write_csu(
        directory / "CIS0100_CS.csv",
        ["KODJAZ", "AKRCIS", "KODCIS", "CHODNOTA", "ZKRTEXT", "TEXT", "CZNUTS"],
        [["CS", "KRAJ_NUTS", 100, code, name, name, nuts] for code, name, nuts in REGIONS],
    )
    write_csu(
        directory / "VAZ0043_0065_CS.csv",
        VAZ_HEADER,
        [
            ["CS", "Odvozená vazba", "CISORP", 65, orp, orp_name, "CISOB", 43, code, name]
            for code, name, orp, orp_name, _ in municipalities
        ],
    )
    write_csu(
        directory / "VAZ0043_0101_CS.csv",
        VAZ_HEADER,
        [
            [
                *("CS", "Editační vazba", "OKRES_NUTS", 101, okres, DISTRICTS[okres][0]),
                *("CISOB", 43, code, name),
            ]
            for code, name, _, _, okres in municipalities
        ],
    )
    region_names = {code: name for code, name, _ in REGIONS}
    write_csu(
        directory / "VAZ0100_0101_CS.csv",
        VAZ_HEADER,
        [
            [
                *("CS", "Editační vazba", "OKRES_NUTS", 101, okres, name),
                *("KRAJ_NUTS", 100, kraj, region_names[kraj]),
            ]
            for okres, (name, kraj) in DISTRICTS.items()
        ],
    )
    return directory


@pytest.fixture
def places(shared):
    return shared / "data" / "czech-places"


@pytest.fixture
def imported(db, places):
    return import_places(
        places / "csu-ciselniky-2020", coordinates=str(places / "souradnice-obci.csv")
    )


def test_official_code_lists_give_14_regions_206_orps_6258_municipalities(imported):
    assert Region.objects.count() == 14
    assert Orp.objects.count() == 206
    assert Municipality.objects.count() == 6258
    assert not Region.objects.filter(nuts_code="CZZZZ").exists()
    # The denormalised region agrees with the ORP's for every municipality.
    assert not Municipality.objects.exclude(region=F("orp__region")).exists()
    assert "Municipalities: 6258 created, 0 updated, 0 unchanged." in imported


def test_humpolec_lies_in_orp_humpolec_in_kraj_vysocina(imported):
    humpolec = Municipality.objects.with_orp().get(code="547999")

    assert humpolec.name == "Humpolec"
    assert humpolec.slug == "humpolec-547999"
    assert humpolec.orp.name == "Humpolec"
    assert humpolec.orp.slug == "humpolec"
    assert humpolec.region.name == "Kraj Vysočina"
    assert humpolec.region.nuts_code == "CZ063"
    assert humpolec.region.slug == "kraj-vysocina"


def test_municipality_is_found_by_its_name_without_diacritics(imported):
    pelhrimov = Municipality.objects.get(search_name=fold("pelhrimov"))

    assert pelhrimov.name == "Pelhřimov"
    assert list(Municipality.objects.named("PELHRIMOV")) == [pelhrimov]
    assert Orp.objects.get(search_name="pelhrimov").name == "Pelhřimov"


def test_coordinates_and_postal_code_come_from_the_coordinates_file(imported):
    humpolec = Municipality.objects.get(code="547999")

    assert humpolec.postal_code == "39601"
    assert humpolec.latitude == pytest.approx(49.541624)
    assert humpolec.longitude == pytest.approx(15.359423)
    assert not Municipality.objects.filter(latitude__isnull=True).exists()
    # The extra row is Brdy, a military district dissolved in 2016.
    assert "6258 matched, 1 not in the code list (ignored)" in imported


def test_second_run_creates_and_changes_nothing(imported, places):
    slugs = dict(Municipality.objects.values_list("code", "slug"))

    output = import_places(
        places / "csu-ciselniky-2020", coordinates=str(places / "souradnice-obci.csv")
    )

    assert (Region.objects.count(), Orp.objects.count(), Municipality.objects.count()) == (
        14,
        206,
        6258,
    )
    assert "Regions: 0 created, 0 updated, 14 unchanged." in output
    assert "ORPs: 0 created, 0 updated, 206 unchanged." in output
    assert "Municipalities: 0 created, 0 updated, 6258 unchanged." in output
    assert dict(Municipality.objects.values_list("code", "slug")) == slugs


@pytest.mark.django_db
def test_link_sides_are_picked_by_code_list_not_by_position(tmp_path):
    output = import_places(write_code_lists(tmp_path / "csu"))

    assert "Regions: 2 created" in output
    assert sorted(Region.objects.values_list("nuts_code", flat=True)) == ["CZ063", "CZ072"]
    assert sorted(Orp.objects.values_list("csu_code", "name", "region__csu_code")) == [
        ("6105", "Humpolec", "3107"),
        ("7213", "Zlín", "3131"),
    ]
    zeliv = Municipality.objects.with_orp().get(code="548511")
    assert (zeliv.name, zeliv.search_name, zeliv.slug) == ("Želiv", "zeliv", "zeliv-548511")
    assert (zeliv.orp.csu_code, zeliv.region.csu_code) == ("6105", "3107")
    zelechovice = Municipality.objects.get(code="500011")
    assert zelechovice.name == "Želechovice nad Dřevnicí"
    assert zelechovice.orp.name == "Zlín"


@pytest.mark.django_db
def test_an_import_retires_cached_pages_and_tables(tmp_path):
    """Bulk writes send no signals: the command itself moves the content version on."""
    from directory.cache import content_version

    before = content_version()
    import_places(write_code_lists(tmp_path / "csu"))
    assert content_version() != before


@pytest.mark.django_db
def test_renamed_municipality_is_updated_and_keeps_its_slug(tmp_path):
    directory = write_code_lists(tmp_path / "csu")
    import_places(directory)
    renamed = [("548511", "Želiv nad Trnavou", "6105", "Humpolec", "40711"), *MUNICIPALITIES[::2]]

    output = import_places(write_code_lists(directory, renamed))

    zeliv = Municipality.objects.get(code="548511")
    assert (zeliv.name, zeliv.search_name) == ("Želiv nad Trnavou", "zeliv nad trnavou")
    assert zeliv.slug == "zeliv-548511"
    assert "Municipalities: 0 created, 1 updated, 2 unchanged." in output


@pytest.mark.django_db
def test_orp_slug_gets_the_code_when_the_name_is_taken(tmp_path):
    same_names = [
        ("547999", "Humpolec", "6105", "Nové Město", "40711"),
        ("500011", "Želechovice nad Dřevnicí", "7213", "Nové Město", "40851"),
    ]

    import_places(write_code_lists(tmp_path / "csu", same_names))

    assert dict(Orp.objects.values_list("csu_code", "slug")) == {
        "6105": "nove-mesto",
        "7213": "nove-mesto-7213",
    }


@pytest.mark.django_db
def test_coordinates_of_unknown_municipalities_are_ignored_and_counted(tmp_path):
    coordinates = tmp_path / "souradnice.csv"
    coordinates.write_text(
        "Obec,Kód obce,Okres,PSČ,Latitude,Longitude\n"
        "Humpolec,547999,Pelhřimov,396 01,49.541624,15.359423\n"
        "Brdy (vojenský újezd),539996,Příbram,26101,49.69,13.87\n",
        encoding="utf-8",
    )

    output = import_places(write_code_lists(tmp_path / "csu"), coordinates=str(coordinates))

    assert "1 matched, 1 not in the code list (ignored), 2 municipalities without" in output
    assert Municipality.objects.get(code="547999").postal_code == "39601"
    assert Municipality.objects.get(code="548511").latitude is None


@pytest.mark.django_db
def test_orp_in_two_regions_is_an_error(tmp_path):
    straddling = [
        ("547999", "Humpolec", "6105", "Humpolec", "40711"),
        ("500011", "Želechovice nad Dřevnicí", "6105", "Humpolec", "40851"),
    ]

    with pytest.raises(CommandError, match="ORP 6105 Humpolec lies in regions 3107, 3131"):
        import_places(write_code_lists(tmp_path / "csu", straddling))
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_missing_file_is_a_command_error(tmp_path):
    directory = write_code_lists(tmp_path / "csu")
    (directory / "VAZ0043_0065_CS.csv").unlink()

    with pytest.raises(CommandError, match=r"VAZ0043_0065_CS\.csv: file not found"):
        import_places(directory)
    with pytest.raises(CommandError, match="not a directory"):
        import_places(tmp_path / "nowhere")


@pytest.mark.django_db
def test_missing_column_is_a_command_error(tmp_path):
    directory = write_code_lists(tmp_path / "csu")
    write_csu(directory / "CIS0100_CS.csv", ["CHODNOTA", "TEXT"], [["3107", "Kraj Vysočina"]])

    with pytest.raises(CommandError, match=r"CIS0100_CS\.csv: missing column\(s\) CZNUTS"):
        import_places(directory)


@pytest.mark.django_db
def test_link_file_between_other_code_lists_is_a_command_error(tmp_path):
    directory = write_code_lists(tmp_path / "csu")
    # The okres links where the ORP links belong: an easy mix-up between ČSÚ downloads.
    (directory / "VAZ0043_0065_CS.csv").write_bytes(
        (directory / "VAZ0043_0101_CS.csv").read_bytes()
    )

    with pytest.raises(CommandError, match="expected 43 and 65"):
        import_places(directory)
