"""Unmet demand: searches that found nothing reaching the place, counted for planners."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.models import VainSearch
from tests.directory.planning.conftest import THU, outreach, premises

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture
def person():
    return Client(HTTP_USER_AGENT=FIREFOX)


@pytest.fixture
def network(places):
    """Services in Humpolec (Thursday outreach) and Jihlava; nothing reaches Kejžlice."""
    outreach(places.humpolec, days=(THU,), types=["outreach"])
    premises(places.jihlava)
    return places


def search(client, **params):
    response = client.get(reverse("services:search"), params)
    assert response.status_code == 200
    return response


def cells():
    return sorted(
        (
            row.municipality.name if row.municipality else None,
            row.orp.name,
            row.weekday,
            row.service_type,
            row.count,
        )
        for row in VainSearch.objects.select_related("orp", "municipality")
    )


def test_a_search_that_finds_nothing_is_counted_per_place_weekday_and_type(person, network):
    search(person, town="Kejžlice", day="thu", type="outreach")
    search(person, town="Kejžlice", day="thu", type="outreach")
    assert cells() == [("Kejžlice", "Humpolec", THU, "outreach", 2)]
    assert VainSearch.objects.get().day == timezone.localdate()


def test_several_days_and_types_count_each_combination(person, network):
    search(person, town="Kejžlice", day=["mon", "thu"], type=["outreach", "harm_reduction"])
    assert [(weekday, kind) for _m, _o, weekday, kind, _c in cells()] == [
        (0, "harm_reduction"),
        (0, "outreach"),
        (3, "harm_reduction"),
        (3, "outreach"),
    ]


def test_any_day_and_any_type_are_counted_as_such(person, network):
    search(person, town="Kejžlice")
    assert cells() == [("Kejžlice", "Humpolec", None, "", 1)]


def test_a_whole_orp_is_counted_without_a_municipality(person, network):
    search(person, orp=network.humpolec_orp.csu_code, day="mon")
    assert cells() == [(None, "Humpolec", 0, "", 1)]


@pytest.mark.parametrize(
    "params",
    [
        {"town": "Humpolec", "day": "thu"},  # found
        {"town": "Kejžlice", "q": "vetrnik"},  # a text search: names, typos
        {"town": "Kejžlice", "print": "1"},  # the handout of a search already counted
        {"town": "Kejžlice", "format": "csv"},
        {"town": "Kejžlice", "page": "2"},
        {"region": "vysocina-test", "day": "sun"},  # a whole region is no place to plan for
        {"town": "Neexistující"},  # no place
        {"day": "funday", "town": "Kejžlice"},  # invalid
    ],
)
def test_other_searches_are_not_counted(person, network, params):
    person.get(reverse("services:search"), params)
    assert not VainSearch.objects.exists()


def test_nearby_results_do_not_make_a_search_successful(person, network):
    # Jihlava's premises are near Kejžlice but do not reach it.
    response = search(person, town="Kejžlice", day="mon")
    assert response.context["count"] == 0
    assert cells() == [("Kejžlice", "Humpolec", 0, "", 1)]


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no User-Agent
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1)"},
        {"HTTP_USER_AGENT": "python-requests/2.32"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 HeadlessChrome/131.0"},
        {"HTTP_USER_AGENT": FIREFOX, "HTTP_SEC_PURPOSE": "prefetch"},
    ],
)
def test_robots_and_prefetches_are_not_counted(network, headers):
    search(Client(**headers), town="Kejžlice")
    assert not VainSearch.objects.exists()


def test_pages_from_the_page_cache_are_not_counted(person, network, settings):
    settings.PAGE_CACHE_SECONDS = 60
    first = person.get(reverse("services:search"), {"town": "Kejžlice"})
    again = person.get(reverse("services:search"), {"town": "Kejžlice"})
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert cells() == [("Kejžlice", "Humpolec", None, "", 1)]


def test_the_demand_table_holds_no_personal_data(person, network):
    """Only a day, a place (ORP, municipality), a weekday, a taxonomy code and a count: no
    address, position, free text, time of day, user or client address can be stored."""
    fields = {field.name: type(field) for field in VainSearch._meta.get_fields() if field.concrete}
    assert fields == {
        "id": models.BigAutoField,
        "day": models.DateField,
        "orp": models.ForeignKey,
        "municipality": models.ForeignKey,
        "weekday": models.PositiveSmallIntegerField,
        "service_type": models.CharField,
        "count": models.PositiveIntegerField,
    }
    # A search around a position, signed in, from a known address: none of it is kept.
    person.get(
        reverse("services:search"),
        {"lat": "49.53", "lon": "15.38", "type": "harm_reduction"},
        REMOTE_ADDR="192.0.2.44",
    )
    [row] = VainSearch.objects.values()
    stored = " ".join(str(value) for value in row.values())
    for personal in ("49.53", "15.38", "192.0.2.44"):
        assert personal not in stored
    assert row["service_type"] == "harm_reduction"  # a code from the taxonomy, never free text


def _row(places, days_ago, count=1):
    return VainSearch.objects.create(
        day=timezone.localdate() - datetime.timedelta(days=days_ago),
        orp=places.humpolec_orp,
        municipality=places.kejzlice,
        weekday=THU,
        service_type="outreach",
        count=count,
    )


def test_purge_deletes_rows_past_the_retention(places, settings):
    settings.VAIN_SEARCH_RETENTION_DAYS = 730
    kept, _old = _row(places, 730), _row(places, 731)
    out = io.StringIO()
    call_command("purge_vain_searches", stdout=out)
    assert list(VainSearch.objects.all()) == [kept]
    assert "deleted 1 row older" in out.getvalue()


def test_planning_shows_the_vain_searches_of_its_orps(client, places):
    _row(places, 3, count=4)
    _row(places, 400, count=100)  # older than the year shown
    VainSearch.objects.create(day=timezone.localdate(), orp=places.dacice_orp, count=9)
    html = client.get(reverse("planning:region", args=[places.region.slug])).content.decode()
    section = html.split('id="vain-heading"')[1].split("</section>")[0]
    assert "Hledáno bez výsledku" in section
    weekdays = section.split('id="vain-weekdays"')[1].split("</table>")[0]
    assert '<th scope="row">Humpolec</th><td>4</td><td>0</td><td>0</td><td>0</td><td>4</td>' in (
        weekdays
    )
    assert "Dačice" not in section  # another region's ORP
    types = section.split('id="vain-types"')[1].split("</table>")[0]
    assert "Terénní program" in types


def test_planning_says_when_nothing_was_counted(client, places):
    html = client.get(reverse("planning:region", args=[places.region.slug])).content.decode()
    assert "Žádné hledání bez výsledku" in html


def test_vain_searches_export_as_csv_and_xlsx(client, places):
    from openpyxl import load_workbook

    _row(places, 3, count=4)
    slug = places.region.slug
    response = client.get(reverse("planning:vain_csv", args=[slug]))
    text = response.content.decode("utf-8")
    [header, row] = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert header[0] == "Den" and header[-1] == "Hledání"
    day = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    assert row == [
        day,
        "Humpolec",
        places.humpolec_orp.csu_code,
        "Kejžlice",
        places.kejzlice.code,
        "čtvrtek",
        "Terénní program",
        "4",
    ]
    workbook = load_workbook(io.BytesIO(client.get(reverse("planning:xlsx", args=[slug])).content))
    sheet = workbook["Hledáno bez výsledku"]
    assert [cell.value for cell in next(sheet.iter_rows(min_row=2))][-1] == 4


def test_vain_csv_refuses_post(client, places):
    assert client.post(reverse("planning:vain_csv", args=[places.region.slug])).status_code == 405
