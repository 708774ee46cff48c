"""The caseworker's question on the demo data: what reaches Humpolec, and on which day."""

import pytest

from services.models import Service

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
