"""Capacities on the planning pages (issue 20): free of all places per ORP and service type,
from fresh figures; older figures counted apart."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.planning import tables
from directory.planning.coverage import Toggles, gather
from services.models import CapacityUnit, ServiceCapacity
from tests.directory.planning.conftest import premises
from tests.factories import ServiceAreaFactory, ServiceFactory

TYPES = ["housing_first", "aftercare", "contact_centre"]


def capacity(service, available, maximum, *, days_old=0, unit=CapacityUnit.PLACES):
    return ServiceCapacity.objects.create(
        service=service,
        unit=unit,
        available=available,
        maximum=maximum,
        updated_at=timezone.now() - datetime.timedelta(days=days_old),
    )


@pytest.fixture
def housing(places):
    """Housing First in Humpolec (fresh and old figures), an aftercare flat covering the whole
    region, and a contact centre without any capacity."""
    first = premises(places.humpolec, types=["housing_first"])
    capacity(first, 2, 12)
    capacity(first, 1, 4, unit=CapacityUnit.BEDS)
    capacity(first, 3, 6, days_old=15)  # too old to count as free
    flats = ServiceFactory(types=["aftercare", "housing_first"])
    ServiceAreaFactory(service=flats, region=places.region)
    capacity(flats, 0, 5, unit=CapacityUnit.BEDS)
    premises(places.jihlava)
    return places


def figures(places) -> dict[str, list[tuple[int, int, int]]]:
    coverage = gather(region=places.region, toggles=Toggles(), today=timezone.localdate())
    return {
        row.orp.name: [(cell.available, cell.maximum, cell.stale) for cell in row.cells]
        for row in tables.capacity_rows(coverage, TYPES)
        if not row.is_empty
    }


def test_capacity_per_orp_and_type_sums_fresh_figures_and_counts_old_ones_apart(housing):
    assert figures(housing) == {
        # housing_first: 2+1 of 12+4 (Humpolec's own) and 0 of 5 (the region's flats);
        # aftercare: the flats only; the old figure's 6 places apart.
        "Humpolec": [(3, 21, 6), (0, 5, 0), (0, 0, 0)],
        "Jihlava": [(0, 5, 0), (0, 5, 0), (0, 0, 0)],
        "Pelhřimov": [(0, 5, 0), (0, 5, 0), (0, 0, 0)],
    }


def test_without_capacities_every_row_is_empty(places):
    premises(places.humpolec)
    assert figures(places) == {}


def test_the_region_page_and_its_export_show_the_capacities(client, housing):
    page = client.get(reverse("planning:region", args=[housing.region.slug]))
    html = page.content.decode()
    assert 'id="capacity-matrix"' in html
    assert "3 z 21 volných" in html
    assert "6 míst se starším údajem" in html
    export = client.get(reverse("planning:capacity_csv", args=[housing.region.slug]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    header, humpolec = rows[0], rows[1]
    column = header.index("Housing First: volná")
    assert humpolec[0] == "Humpolec"
    assert humpolec[column : column + 3] == ["3", "21", "6"]


def test_a_region_without_capacities_has_no_capacity_table(client, places):
    premises(places.humpolec)
    page = client.get(reverse("planning:region", args=[places.region.slug]))
    assert 'id="capacity-matrix"' not in page.content.decode()
