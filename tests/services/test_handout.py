"""What a client can act on: a way to reach every service (card, handout, CSV), the search the
handout came from, postal codes as people write them, and Czech that reads well aloud."""

import csv
import io

import pytest

from directory.text import postal_code
from tests.factories import OrganizationFactory, ServiceAreaFactory, ServiceFactory
from tests.services.conftest import THU, outreach, premises

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

SEARCH = "/services/?town=Humpolec&day=thu"


def csv_records(client) -> dict[str, dict[str, str]]:
    text = client.get(f"{SEARCH}&format=csv").content.decode("utf-8")[1:]
    [header, *rows] = list(csv.reader(io.StringIO(text), delimiter=";"))
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def card(response, name: str) -> str:
    return response.text.split(name, 1)[1].split("</article>", 1)[0]


def handout_item(response, name: str) -> str:
    return response.text.split(name, 1)[1].split("</li>", 1)[0]


@pytest.fixture
def three_kinds_of_contact(humpolec):
    """One service with its own phone, one reachable only through its organization, one not at
    all."""
    outreach(humpolec, THU, service=ServiceFactory(name="Vlastní", phone="+420 567 000 111"))
    organization = OrganizationFactory(
        name="Charita Humpolec", phone="+420 565 000 222", email="info@charita.example.cz"
    )
    outreach(
        humpolec, THU, service=ServiceFactory(name="Přes organizaci", organization=organization)
    )
    outreach(humpolec, THU, name="Bez kontaktu")


def test_card_shows_own_contact_else_the_organizations_else_says_none(
    client, three_kinds_of_contact
):
    response = client.get(SEARCH)
    own = card(response, "Vlastní")
    assert '<a href="tel:+420567000111">+420 567 000 111</a>' in own
    assert "via the organization" not in own
    inherited = card(response, "Přes organizaci")
    assert '<a href="tel:+420565000222">+420 565 000 222</a>' in inherited
    assert '<a href="mailto:info@charita.example.cz">' in inherited
    assert "(via the organization Charita Humpolec)" in inherited
    assert "<dt>Contact</dt>\n        <dd>no contact listed</dd>" in card(response, "Bez kontaktu")


def test_handout_shows_the_same_contact_in_plain_text(client, three_kinds_of_contact):
    response = client.get(f"{SEARCH}&print=1")
    assert "Contact:</strong> phone +420 567 000 111</p>" in handout_item(response, "Vlastní")
    assert (
        "Contact:</strong> phone +420 565 000 222 · info@charita.example.cz "
        "(via the organization Charita Humpolec)</p>"
    ) in handout_item(response, "Přes organizaci")
    assert "Contact:</strong> no contact listed</p>" in handout_item(response, "Bez kontaktu")


def test_csv_fills_the_contact_columns_and_says_whose_they_are(client, three_kinds_of_contact):
    records = csv_records(client)
    assert records["Vlastní"]["Phone"] == "'+420 567 000 111"
    assert records["Vlastní"]["Whose contact"] == "the service's own"
    inherited = records["Přes organizaci"]
    assert (inherited["Phone"], inherited["E-mail"]) == (
        "'+420 565 000 222",
        "info@charita.example.cz",
    )
    assert inherited["Whose contact"] == "the organization's: Charita Humpolec"
    missing = records["Bez kontaktu"]
    assert (missing["Phone"], missing["E-mail"], missing["Website"]) == ("", "", "")
    assert missing["Whose contact"] == "no contact listed"


def test_no_contact_reads_kontakt_chybi_in_czech(client, humpolec):
    outreach(humpolec, THU, name="Bez kontaktu")
    client.cookies["django_language"] = "cs"
    assert "<dd>kontakt chybí</dd>" in client.get(SEARCH).text
    assert "Kontakt:</strong> kontakt chybí</p>" in client.get(f"{SEARCH}&print=1").text
    assert "kontakt chybí" in client.get(f"{SEARCH}&format=csv").content.decode()


def test_the_organizations_contact_comes_without_extra_queries(
    client, humpolec, django_assert_num_queries
):
    organization = OrganizationFactory(phone="+420 565 000 222")
    for number in range(3):
        service = ServiceFactory(name=f"Služba {number}", organization=organization)
        outreach(humpolec, THU, service=service)
    response = client.get(SEARCH)
    with django_assert_num_queries(0):
        lines = [result.contact.phone for result in response.context["results"]]
    assert lines == ["+420 565 000 222"] * 3


def test_handout_footer_is_the_absolute_search_url_from_the_request(client, humpolec, settings):
    settings.SITE_URL_IS_SET = False
    settings.ALLOWED_HOSTS = ["adresar.local"]
    outreach(humpolec, THU)
    response = client.get(f"{SEARCH}&print=1", HTTP_HOST="adresar.local:8001")
    url = "http://adresar.local:8001/services/?town=Humpolec&amp;day=thu"
    assert f'<a href="{url}">{url}</a></p>' in response.text
    assert "127.0.0.1:8000" not in response.text.split('class="handout-source"')[1]


def test_handout_footer_uses_site_url_when_it_is_configured(client, humpolec, settings):
    settings.SITE_URL, settings.SITE_URL_IS_SET = "https://adresar.example.cz", True
    settings.ALLOWED_HOSTS = ["adresar.local"]
    outreach(humpolec, THU)
    response = client.get(f"{SEARCH}&print=1", HTTP_HOST="adresar.local:8001")
    url = "https://adresar.example.cz/services/?town=Humpolec&amp;day=thu"
    assert f'<a href="{url}">{url}</a></p>' in response.text


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("69701", "697 01"), ("697 01", "697 01"), ("", ""), ("1234", "1234"), (" 39601", "396 01")],
)
def test_postal_code_is_written_with_its_space(stored, shown):
    assert postal_code(stored) == shown


def test_addresses_show_the_postal_code_with_its_space(client, humpolec):
    premises(humpolec, days=(THU,), name="Kontaktní centrum")
    address = "Náměstí 1, 396 01 Humpolec"
    assert f"<dd>{address}</dd>" in card(client.get(SEARCH), "Kontaktní centrum")
    assert address in client.get(f"{SEARCH}&print=1").text
    assert csv_records(client)["Kontaktní centrum"]["Address"] == address


def test_a_schedule_note_follows_a_dash_not_nested_parentheses(client, humpolec):
    outreach(humpolec, THU, note="přesné hodiny jsou orientační (doplněno pro ukázku)")
    client.cookies["django_language"] = "cs"
    text = client.get(f"{SEARCH}&print=1").text
    assert (
        "Humpolec: každý čtvrtek 13:00–18:00 – přesné hodiny jsou orientační (doplněno pro ukázku)"
    ) in text
    assert "18:00 (" not in text


@pytest.mark.usefixtures("demo")
def test_demo_humpolec_thursday_reads_well_in_czech(client):
    client.cookies["django_language"] = "cs"
    text = client.get(f"{SEARCH}&print=1").text
    assert (
        "Humpolec: každý čtvrtek 13:00–18:00 – přesné hodiny jsou orientační (doplněno pro ukázku)"
    ) in text
    assert "Každý čtvrtek" not in text  # the note no longer repeats the day
    assert "Kontakt:</strong> kontakt chybí" in text  # the seed gives no phone


def test_town_week_says_what_an_empty_day_means(client, humpolec):
    outreach(humpolec, THU)
    client.cookies["django_language"] = "cs"
    text = client.get("/towns/humpolec/", follow=True).text
    assert "tento den žádná otevírací doba ani terénní výjezd" in text
    assert ">nic<" not in text


def test_the_town_field_hint_names_the_town_not_just_a_name(client, db):
    client.cookies["django_language"] = "cs"
    text = client.get("/services/").text
    assert "Název obce, PSČ (např. 396 01) nebo kód obce." in text


def test_a_printed_profile_names_the_server_it_came_from(client, humpolec, settings):
    settings.SITE_URL_IS_SET = False
    settings.ALLOWED_HOSTS = ["adresar.local"]
    service = outreach(humpolec, THU).service
    response = client.get(service.get_absolute_url(), HTTP_HOST="adresar.local:8001")
    assert f"Printed from http://adresar.local:8001{service.get_absolute_url()}</p>" in (
        response.text
    )


def test_town_page_cards_of_covering_services_show_how_to_reach_them(client, humpolec, jihlava):
    organization = OrganizationFactory(name="Charita Jihlava", phone="+420 565 000 222")
    schedule = outreach(jihlava, THU, service=ServiceFactory(organization=organization))
    ServiceAreaFactory(service=schedule.service, orp=humpolec.orp)
    text = client.get("/towns/humpolec/", follow=True).text
    assert '<a href="tel:+420565000222">+420 565 000 222</a>' in text
    assert "(via the organization Charita Jihlava)" in text
