"""The caseworker's question on the demo data: what reaches Humpolec, and on which day."""

import datetime

import pytest
import time_machine

from services.models import Service
from tests.services.conftest import PRAGUE

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

OUTREACH = "Terénní program Centra U Větrníku (Telč, Třešť, Dačice, Pelhřimov, Humpolec)"


def results(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    return {
        result.service.name: [reason.text for reason in result.reasons]
        for result in response.context["results"]
    }


@pytest.mark.usefixtures("demo")
def test_humpolec_on_thursday_finds_the_vetrnik_outreach_and_says_when(client):
    found = results(client.get("/services/?town=Humpolec&day=thu"))
    assert OUTREACH in found
    [reason] = found[OUTREACH]
    assert reason.startswith("Humpolec: every Thursday 13:00–18:00")


@pytest.mark.usefixtures("demo")
def test_humpolec_on_monday_does_not_find_that_outreach(client):
    assert OUTREACH not in results(client.get("/services/?town=Humpolec&day=mon"))
    # Monday is the Pelhřimov day, typed without diacritics.
    found = results(client.get("/services/?town=pelhrimov&day=mon"))
    assert found[OUTREACH][0].startswith("Pelhřimov: every Monday 13:00–18:00")


@pytest.mark.usefixtures("demo")
def test_humpolec_week_shows_the_thursday_outreach(client):
    response = client.get("/towns/humpolec/", follow=True)
    assert response.redirect_chain[0][1] == 302
    week = {day.number: [s.service.name for s in day.sessions] for day in response.context["week"]}
    assert OUTREACH in week[3]
    assert OUTREACH not in week[0]


@pytest.mark.usefixtures("demo")
def test_demo_handout_and_csv_for_humpolec_on_thursday(client):
    handout = client.get("/services/?town=Humpolec&day=thu&print=1")
    assert OUTREACH in handout.text
    assert "outreach in Humpolec" in handout.text
    csv = client.get("/services/?town=Humpolec&day=thu&format=csv").content.decode()
    assert OUTREACH in csv
    for field in Service.PROFESSIONAL_FIELDS:
        for value in Service.objects.values_list(field, flat=True):
            if value and len(value) > 12:  # long enough not to occur by chance
                assert value not in csv


@pytest.mark.usefixtures("demo")
@time_machine.travel(datetime.datetime(2026, 12, 2, 15, 0, tzinfo=PRAGUE), tick=False)
def test_next_opening_in_humpolec_is_its_thursday_visit_not_another_towns_stop(client):
    """On a Wednesday afternoon the outreach is at its Třešť stop; Humpolec sees Thursday."""
    response = client.get("/services/?town=Humpolec&day=thu")
    [result] = [r for r in response.context["results"] if r.service.name == OUTREACH]
    assert result.opening.location.municipality.name == "Humpolec"
    assert result.opening.date == datetime.date(2026, 12, 3)
    assert not result.opening.is_open_now
    assert result.opening_line == "tomorrow 13:00–18:00"
    assert "open now" not in response.text.split(OUTREACH)[1].split("</article>")[0]

    # The handout and the CSV say the same; "open now" in Humpolec finds nothing, as the card.
    assert "tomorrow 13:00–18:00" in client.get("/services/?town=Humpolec&day=thu&print=1").text
    csv = client.get("/services/?town=Humpolec&day=thu&format=csv").content.decode()
    [row] = [
        line
        for line in csv.splitlines()
        if line.startswith(f'"{OUTREACH}"') or line.startswith(OUTREACH)
    ]
    assert "tomorrow 13:00–18:00" in row
    open_now = client.get("/services/?town=Humpolec&open_now=1")
    assert OUTREACH not in {r.service.name for r in open_now.context["results"]}

    # Without a place, the opening names where it is.
    anywhere = client.get("/services/?q=Větrník")
    [result] = [r for r in anywhere.context["results"] if r.service.name == OUTREACH]
    assert result.opening.is_open_now
    assert result.opening_line.endswith(f"· {result.opening.location.municipality.name}")


@pytest.mark.usefixtures("demo")
def test_humpolec_on_thursday_offers_the_jihlava_contact_centre_nearby(client):
    response = client.get("/services/?town=Humpolec&day=thu")
    nearby = {r.service.name: r.distance_km for r in response.context["nearby"]}
    [(name, km)] = [(name, km) for name, km in nearby.items() if "Jihlava" in name]
    assert "K-centrum" in name or "Kontaktní centrum" in name
    assert 20 < km < 30
    assert OUTREACH not in nearby  # it reaches Humpolec: listed above, not again
