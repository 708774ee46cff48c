"""Which town the caseworker means: names, codes, postal codes, namesakes, typos; town pages."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import transaction

from directory.models import PlacePartKind
from services import towns as town_resolution
from services.models import Service
from tests.factories import (
    LocationFactory,
    MunicipalityFactory,
    OrpFactory,
    PlacePartFactory,
    ScheduleFactory,
    ServiceFactory,
)
from tests.services.conftest import MON, THU, outreach, phone_line, region

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

PELHRIMOV_RESULT = ["V Pelhřimově"]


@pytest.fixture
def in_pelhrimov(pelhrimov):
    outreach(pelhrimov, MON, name="V Pelhřimově")
    return pelhrimov


def names(response) -> list[str]:
    assert response.status_code == 200
    return [result.service.name for result in response.context["results"]]


@pytest.mark.parametrize(
    "typed",
    [
        "Pelhřimov",
        "pelhrimov",
        "PELHŘIMOV",
        "  Pelhřimov ",
        "pelhrimov-547492",
        "547492",
        "39301",
        "393 01",
    ],
)
def test_town_by_name_slug_code_or_postal_code(client, in_pelhrimov, typed):
    assert names(client.get("/services/", {"town": typed})) == PELHRIMOV_RESULT


def test_multiword_and_hyphenated_names(db, vysocina):
    zdar = MunicipalityFactory(name="Žďár nad Sázavou", orp__region=vysocina)
    frydek = MunicipalityFactory(name="Frýdek-Místek", orp__region=vysocina)
    assert town_resolution.resolve("zdar nad sazavou").municipality == zdar
    assert town_resolution.resolve("zdar-nad-sazavou").municipality == zdar
    assert town_resolution.resolve("frydek-mistek").municipality == frydek
    assert town_resolution.resolve("Frýdek Místek").municipality is None


def test_a_postal_code_shared_by_several_towns_offers_a_choice(db, humpolec):
    neighbour = MunicipalityFactory(name="Hněvkovice", postal_code="39601", orp=humpolec.orp)
    resolution = town_resolution.resolve("396 01")
    assert set(resolution.choices) == {humpolec, neighbour}


def test_an_ambiguous_name_offers_the_namesakes_with_orp_and_region(client, lhotas):
    response = client.get("/services/?town=lhota&day=thu")
    assert response.status_code == 200
    assert response.context["results"] == []
    assert "Several towns are called “lhota”: choose one." in response.text
    assert "Lhota (ORP Kladno, Středočeský kraj)" in response.text
    assert "Lhota (ORP Zlín, Zlínský kraj)" in response.text
    assert 'href="/services/?town=532380&amp;day=thu"' in response.text
    assert 'aria-describedby="id_town_helptext id_town_error"' in response.text


def test_the_chosen_namesake_runs_the_search(client, lhotas):
    _kladno_lhota, zlin_lhota = lhotas
    outreach(zlin_lhota, THU, name="Na Zlínsku")
    assert names(client.get("/services/?town=585211&day=thu")) == ["Na Zlínsku"]
    assert names(client.get("/services/?town=532380&day=thu")) == []


def test_an_unknown_town_says_so_and_suggests_close_names(client, towns):
    response = client.get("/services/?town=Humpolc")
    assert "No town called “Humpolc” was found." in response.text
    assert "Did you mean:" in response.text
    assert 'href="/services/?town=548031">Humpolec (ORP Humpolec, Kraj Vysočina)</a>' in (
        response.text
    )


def test_close_names_start_like_the_text_or_resemble_it(db, towns):
    assert [m.name for m in town_resolution.close_names("humpol")] == ["Humpolec"]
    assert [m.name for m in town_resolution.close_names("Pelhrimof")] == ["Pelhřimov"]
    assert town_resolution.close_names("x") == []
    assert town_resolution.close_names("Zzzzzz") == []


def test_close_names_run_a_bounded_number_of_queries(db, towns, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        town_resolution.resolve("Pelhrimof")


def test_suggestions_as_you_type_keep_the_rest_of_the_search(client, towns):
    response = client.get(
        "/services/towns/suggest/?town=hum&day=thu&type=outreach&evil=1&page=3",
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.text.strip().startswith('<ul class="town-list"')
    assert (
        '<a href="/services/?town=548031&amp;day=thu&amp;type=outreach">'
        "Humpolec (ORP Humpolec, Kraj Vysočina)</a>"
    ) in response.text
    assert "Pelhřimov" not in response.text


@pytest.mark.parametrize("typed", ["", "h", "x" * 101, "pel\x00"])
def test_suggestions_for_too_little_or_bad_input_are_empty(client, towns, typed):
    response = client.get("/services/towns/suggest/", {"town": typed})
    assert response.status_code == 200
    assert response.text.strip() == ""


def test_the_town_field_asks_for_suggestions_with_htmx_and_works_without(client, db):
    response = client.get("/services/")
    assert 'hx-get="/services/towns/suggest/"' in response.text
    assert 'hx-include="closest form"' in response.text
    assert '<form class="search-form search-filters" method="get" action="/services/"' in (
        response.text
    )
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in response.text
    assert "<script>" not in response.text  # strict CSP: no inline script
    assert " style=" not in response.text


# The town page


def test_town_page_shows_the_week_and_what_covers_the_town(client, towns):
    humpolec, pelhrimov, _ = towns
    outreach(humpolec, THU, name="Terén v Humpolci", note="u nádraží")
    outreach(pelhrimov, MON, name="Terén v Pelhřimově")
    line = ServiceFactory(name="Linka pro Vysočinu")
    phone_line(line, region=humpolec.region)
    response = client.get(f"/towns/{humpolec.slug}/")
    assert response.status_code == 200
    week = {day.name: [s.service.name for s in day.sessions] for day in response.context["week"]}
    assert week["Thursday"] == ["Terén v Humpolci"]
    assert week["Monday"] == []
    assert [item["service"].name for item in response.context["covering"]] == ["Linka pro Vysočinu"]
    assert "covers Kraj Vysočina (by phone)" in response.text
    assert "by phone: Mon–Fri 09:00–17:00" in response.text
    assert "13:00–18:00" in response.text
    assert "u nádraží" in response.text
    assert "Terén v Pelhřimově" not in response.text
    assert 'href="/services/?town=548031"' in response.text


def test_town_page_lists_every_session_in_the_town_however_many(client, towns):
    humpolec, _, _ = towns
    for number in range(30):
        outreach(humpolec, (MON, THU), name=f"Služba {number:02}", opens=f"{8 + number % 10:02}:00")
    response = client.get(f"/towns/{humpolec.slug}/")
    for day in (MON, THU):
        assert len(response.context["week"][day].sessions) == 30
    assert response.text.count('href="/services/sluzba-') == 60
    assert "30 services hold hours or outreach sessions here." in response.text


def test_covering_part_shows_its_count_and_pages_with_a_link_to_the_search(client, towns):
    humpolec, _, _ = towns
    for number in range(23):
        line = ServiceFactory(name=f"Linka {number:02}")
        phone_line(line, region=humpolec.region)
    # Holds a session in Humpolec too: in the week, not among the covering ones.
    both = outreach(humpolec, THU, name="Terén i linka").service
    phone_line(both, orp=humpolec.orp)
    first = client.get(f"/towns/{humpolec.slug}/")
    assert "23 services cover the town by area (outreach, phone or online)." in first.text
    assert "Showing 1–20, by name." in first.text
    assert [item["service"].name for item in first.context["covering"]][:2] == [
        "Linka 00",
        "Linka 01",
    ]
    assert 'href="?page=2#covering-heading"' in first.text
    assert 'href="/services/?town=548031"' in first.text
    last = client.get(f"/towns/{humpolec.slug}/", {"page": "2"})
    assert [item["service"].name for item in last.context["covering"]] == [
        "Linka 20",
        "Linka 21",
        "Linka 22",
    ]
    bad = client.get(f"/towns/{humpolec.slug}/", {"page": "-1"})
    assert bad.status_code == 200 and len(bad.context["covering"]) == 3


def test_town_week_leaves_out_ended_sessions_and_dates_future_ones(client, humpolec):
    outreach(humpolec, THU, name="Skončil", valid_to=datetime.date(2026, 10, 1))
    outreach(humpolec, THU, name="Začne", valid_from=datetime.date(2027, 1, 7))
    response = client.get(f"/towns/{humpolec.slug}/")
    thursday = response.context["week"][THU]
    assert [s.service.name for s in thursday.sessions] == ["Začne"]
    assert "from 7. 1. 2027" in response.text


def test_town_page_lists_only_listed_services(client, humpolec):
    outreach(humpolec, THU, name="Koncept")
    Service.objects.update(publication="draft")
    response = client.get(f"/towns/{humpolec.slug}/")
    assert "Koncept" not in response.text
    assert "No service holds regular hours or outreach sessions in this town." in response.text


def test_a_plain_name_redirects_to_the_canonical_town_page(client, humpolec):
    for slug in ("humpolec", "Humpolec"):
        response = client.get(f"/towns/{slug}/")
        assert response.status_code == 302
        assert response["Location"] == "/towns/humpolec-548031/"


def test_a_plain_ambiguous_name_offers_a_choice(client, lhotas):
    response = client.get("/towns/lhota/")
    assert response.status_code == 200
    assert 'href="/towns/lhota-532380/">Lhota (ORP Kladno, Středočeský kraj)</a>' in response.text
    assert 'href="/towns/lhota-585211/">Lhota (ORP Zlín, Zlínský kraj)</a>' in response.text


def test_an_unknown_town_page_is_404_with_close_names(client, humpolec):
    response = client.get("/towns/humpolc/")
    assert response.status_code == 404
    assert 'href="/towns/humpolec-548031/"' in response.text
    assert client.get("/towns/lhota-999999/").status_code == 404


def test_town_page_allows_only_get(client, humpolec):
    assert client.post(f"/towns/{humpolec.slug}/").status_code == 405


@pytest.mark.django_db
def test_town_suggestions_are_rate_limited_per_client(client, rate_limits):
    for _ in range(120):
        assert client.get("/services/towns/suggest/", {"town": "hum"}).status_code == 200
    limited = client.get("/services/towns/suggest/", {"town": "hum"})
    assert limited.status_code == 429
    assert limited["Retry-After"] == "31"  # the rest of the minute, rounded up


# City districts and parts of municipalities


@pytest.fixture
def brno(db):
    orp = OrpFactory(
        name="Brno",
        slug="brno",
        csu_code="6202",
        region=region("Jihomoravský kraj", "CZ064", "3115"),
    )
    brno = MunicipalityFactory(
        name="Brno", code="582786", orp=orp, postal_code="60200", latitude=49.19, longitude=16.6
    )
    PlacePartFactory(
        kind=PlacePartKind.DISTRICT,
        code="551031",
        name="Brno-sever",
        municipality=brno,
        postal_codes="61300 61400",
    )
    PlacePartFactory(
        code="411701",
        name="Husovice",
        municipality=brno,
        postal_codes="61300 61400",
        district_name="Brno-sever",
    )
    return brno


@pytest.fixture
def lahovices(db):
    """Two parts called Lahovice: of Praha (in its district Praha-Zbraslav) and of Libčeves."""
    praha = MunicipalityFactory(
        name="Praha",
        code="554782",
        postal_code="11000",
        orp=OrpFactory(
            name="Praha", csu_code="1000", region=region("Hlavní město Praha", "CZ010", "3018")
        ),
    )
    libceves = MunicipalityFactory(
        name="Libčeves",
        code="566349",
        postal_code="43901",
        orp=OrpFactory(
            name="Louny", csu_code="4207", region=region("Ústecký kraj", "CZ042", "3069")
        ),
    )
    PlacePartFactory(
        code="129241",
        name="Lahovice",
        municipality=praha,
        postal_codes="15900",
        district_name="Praha-Zbraslav",
    )
    PlacePartFactory(code="81761", name="Lahovice", municipality=libceves, postal_codes="44001")
    return praha, libceves


def centre(town, postal_code: str, name: str):
    """Premises of a new service ``name`` in ``town`` at ``postal_code``, open on Thursdays."""
    location = LocationFactory(
        municipality=town, address="Náměstí 1", postal_code=postal_code, service__name=name
    )
    return ScheduleFactory(location=location, days=1 << THU)


def test_a_city_district_resolves_to_its_town_and_is_named(client, brno):
    outreach(brno, THU, name="Terén v Brně")
    response = client.get("/services/", {"town": "Brno-sever", "day": "thu"})
    assert names(response) == ["Terén v Brně"]
    assert response.context["form"].town == brno
    assert response.context["summary"][0] == "Brno-sever (Brno)"
    assert _shown_query(response).startswith("Brno-sever (Brno) · Thu")
    assert 'value="Brno-sever"' in response.text  # the field keeps what was typed


@pytest.mark.parametrize("typed", ["Husovice", "husovice", "HUSOVICE", " Husovice "])
def test_a_part_resolves_ignoring_case_and_diacritics(db, brno, typed):
    resolution = town_resolution.resolve(typed)
    assert resolution.municipality == brno
    assert resolution.part.name == "Husovice"
    assert resolution.postal_codes == ["61300", "61400"]


def test_a_municipality_of_the_name_takes_precedence_over_a_part(db, brno, humpolec):
    PlacePartFactory(name="Humpolec", municipality=brno)
    resolution = town_resolution.resolve("humpolec")
    assert resolution.municipality == humpolec
    assert resolution.part is None


def test_a_district_and_a_part_of_one_name_in_one_town_name_the_district(db, brno):
    PlacePartFactory(name="Brno-sever", municipality=brno, postal_codes="61200")
    resolution = town_resolution.resolve("brno-sever")
    assert resolution.municipality == brno
    assert resolution.part.kind == PlacePartKind.DISTRICT
    assert resolution.postal_codes == ["61200", "61300", "61400"]


def test_an_ambiguous_part_offers_a_choice_that_then_resolves(client, lahovices):
    praha, _libceves = lahovices
    response = client.get("/services/?town=lahovice&day=thu")
    assert response.context["results"] == []
    assert "Several towns are called “lahovice”: choose one." in response.text
    assert "Lahovice, Libčeves (ORP Louny, Ústecký kraj)</a>" in response.text
    link = 'href="/services/?town=Lahovice+%28554782%29&amp;day=thu"'
    assert f"{link}>Lahovice (Praha-Zbraslav), Praha (ORP Praha, Hlavní město Praha)</a>" in (
        response.text
    )

    chosen = client.get("/services/?town=Lahovice+%28554782%29&day=thu")
    assert chosen.context["valid"]
    assert chosen.context["form"].town == praha
    assert chosen.context["summary"][0] == "Lahovice (Praha)"
    assert 'value="Lahovice (Praha)"' in chosen.text  # the field shows the name, not the code


def test_a_part_given_with_its_town_by_name(db, lahovices):
    _praha, libceves = lahovices
    assert town_resolution.resolve("lahovice (libceves)").municipality == libceves
    unknown = town_resolution.resolve("Lahovice (Plzeň)")
    assert unknown.is_unknown
    assert town_resolution.resolve("Zbraslav (554782)").is_unknown


def test_the_towns_coverage_reaches_its_parts(client, brno, humpolec):
    line = ServiceFactory(name="Linka pro Brno")
    phone_line(line, orp=brno.orp)
    outreach(humpolec, THU, name="Jinde")
    assert names(client.get("/services/", {"town": "Husovice", "day": "thu"})) == ["Linka pro Brno"]


def test_premises_in_the_searched_district_come_first(client, brno):
    centre(brno, "60200", "Alfa")  # Brno, elsewhere than Brno-sever
    centre(brno, "61300", "Zeta")  # in Brno-sever
    assert names(client.get("/services/", {"town": "Brno"})) == ["Alfa", "Zeta"]
    assert names(client.get("/services/", {"town": "Brno-sever"})) == ["Zeta", "Alfa"]
    csv = client.get("/services/", {"town": "Husovice", "format": "csv"}).content.decode()
    assert csv.index("Zeta") < csv.index("Alfa")


def test_parts_resolve_in_a_bounded_number_of_queries(
    db, brno, lahovices, django_assert_max_num_queries
):
    for typed in ("Brno-sever", "lahovice", "Lahovice (554782)", "Lahovice (Praha)"):
        with django_assert_max_num_queries(2):
            town_resolution.resolve(typed)
    with django_assert_max_num_queries(1):
        town_resolution.resolve("Brno")


# The whole country, as load_demo (and so `make run`) loads it


@pytest.fixture(scope="class")
def whole_country(django_db_setup, django_db_blocker):
    """The demo with every place of the country, loaded once for the class, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.mark.usefixtures("whole_country")
@pytest.mark.django_db
class TestTheWholeCountry:
    @pytest.mark.parametrize(
        ("typed", "name", "orp"),
        [
            ("Tabor", "Tábor", "Tábor"),
            ("Zdar nad Sazavou", "Žďár nad Sázavou", "Žďár nad Sázavou"),
            ("Karlovy Vary", "Karlovy Vary", "Karlovy Vary"),
        ],
    )
    def test_every_municipality_resolves(self, client, typed, name, orp):
        response = client.get("/services/", {"town": typed})
        assert response.context["valid"]
        assert response.context["form"].town.name == name
        assert response.context["form"].town.orp.name == orp

    @pytest.mark.parametrize(
        ("typed", "town", "named"),
        [
            ("Brno-sever", "Brno", "Brno-sever (Brno)"),
            ("Praha 5", "Praha", "Praha 5 (Praha)"),
            ("Praha-Zbraslav", "Praha", "Praha-Zbraslav (Praha)"),
            ("smichov", "Praha", "Smíchov (Praha)"),
            ("Poruba", "Ostrava", None),  # Ostrava's district, and parts of two other towns
        ],
    )
    def test_districts_and_parts_resolve_and_are_named(self, client, typed, town, named):
        response = client.get("/services/", {"town": typed})
        if named is None:
            labels = [choice.label for choice, _url in response.context["town_choices"]]
            assert any(label.startswith(f"{typed}, {town} (") for label in labels), labels
            return
        assert response.context["valid"]
        assert response.context["form"].town.name == town
        assert _shown_query(response).startswith(named)

    def test_lahovice_is_a_choice_of_praha_and_libceves_and_praha_resolves(self, client):
        response = client.get("/services/", {"town": "Lahovice"})
        labels = [choice.label for choice, _url in response.context["town_choices"]]
        assert labels == [
            "Lahovice, Libčeves (ORP Louny, Ústecký kraj)",
            "Lahovice (Praha-Zbraslav), Praha (ORP Praha, Hlavní město Praha)",
        ]
        chosen = client.get(response.context["town_choices"][1][1])
        assert chosen.context["form"].town.name == "Praha"
        assert "Lahovice (Praha)" in chosen.context["summary"]

    def test_zdar_is_a_choice_not_a_silent_zdar(self, client):
        response = client.get("/services/", {"town": "zdar"})
        assert not response.context["valid"]
        labels = [choice.label for choice, _url in response.context["town_choices"]]
        assert "Žďár (ORP Blansko, Jihomoravský kraj)" in labels
        assert len(labels) >= 2

    def test_a_district_finds_the_services_of_its_city(self, client):
        response = client.get("/services/", {"town": "Brno-sever"})
        slugs = {result.service.slug for result in response.context["results"]}
        assert {"podane-ruce-kontaktni-centrum-brno", "centrum-vlhka"} <= slugs

    def test_planning_for_vysocina_shows_all_its_15_orps(self, client):
        response = client.get("/planning/kraj-vysocina/")
        assert response.status_code == 200
        orps = [row.orp.name for row in response.context["type_rows"]]
        assert len(orps) == 15
        assert {"Žďár nad Sázavou", "Třebíč", "Humpolec", "Pelhřimov", "Jihlava"} <= set(orps)


def _shown_query(response) -> str:
    """The query as the page says it: folded above the results, or above "nothing found"."""
    found = re.search(r'class="(?:meta search-summary|search-again-query)">([^<]*)<', response.text)
    assert found, "the page does not say what was searched for"
    return found.group(1)
