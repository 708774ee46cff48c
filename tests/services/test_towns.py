"""Which town the caseworker means: names, codes, postal codes, namesakes, typos; town pages."""

import datetime

import pytest

from services import towns as town_resolution
from services.models import Service
from tests.factories import MunicipalityFactory, ServiceFactory
from tests.services.conftest import MON, THU, outreach, phone_line

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
