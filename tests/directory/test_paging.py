"""A page and its total without counting twice; a count only past the end."""

import pytest

from directory.models import Region
from directory.paging import page_with_total
from tests.factories import RegionFactory


@pytest.fixture
def regions(db):
    return [RegionFactory(name=f"Kraj {n}") for n in range(5)]


def test_a_page_and_its_total_come_in_one_query(regions, django_assert_num_queries):
    with django_assert_num_queries(2):  # the ids with the total, then their rows
        page, beyond = page_with_total(Region.objects.order_by("name"), 2, 2)
    assert [region.name for region in page] == ["Kraj 2", "Kraj 3"]
    assert (page.paginator.count, page.paginator.num_pages, beyond) == (5, 3, False)
    assert page.start_index() == 3


def test_past_the_end_gives_the_last_page(regions, django_assert_num_queries):
    with django_assert_num_queries(4):  # no ids, the count, the last page's ids, its rows
        page, beyond = page_with_total(Region.objects.order_by("name"), 9, 2)
    assert ([region.name for region in page], page.number, beyond) == (["Kraj 4"], 3, True)


def test_nothing_at_all_is_one_empty_page(db):
    page, beyond = page_with_total(Region.objects.none(), 1, 20)
    assert (list(page), page.number, page.paginator.num_pages, beyond) == ([], 1, 1, False)
    page, beyond = page_with_total(Region.objects.all(), 4, 20)
    assert (list(page), page.number, beyond) == ([], 1, True)


def test_a_page_number_of_any_size_gives_the_last_page(regions):
    """Its offset would overflow the database's integers: no query may carry it."""
    page, beyond = page_with_total(Region.objects.order_by("name"), 10**20, 2)
    assert ([region.name for region in page], page.number, beyond) == (["Kraj 4"], 3, True)
