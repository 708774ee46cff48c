"""The number of queries does not grow with the number of results."""

import datetime

import pytest

from services import weekdays
from services.models import Alert, ServiceCapacity, Term, Vocabulary
from tests.factories import ClosureFactory, PlacePartFactory, ServiceAreaFactory, term
from tests.services.conftest import MON, NOW, THU, outreach, phone_line, premises

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

# Term choices (the first search only: then from the cache), the town, the page's ids with the
# total (COUNT(*) OVER ()), the page's services, and seven prefetches (types, locations with
# their municipality, schedules, areas, closures, capacities, the alerts shown today).
# Capacities (issue 20) added the seventh: one query for all the page's services (and the
# nearby ones), so 10 became 11 for every search and 7 became 8 for a separate listing, and
# ``capacity=free`` is a subquery of the page's own query, no more.
SEARCH_QUERIES = 11
# The "Nearby" section of a town search: how far locations lie from their municipality's
# centre at most (the first search only: then from the cache), the locations near the place,
# then which of their services match (its services' rows come with the page's).
NEARBY_QUERIES = 3
# A list sorted in Python has its rows already: the nearby ones are loaded on their own.
LISTING_QUERIES = 8


@pytest.fixture(params=[1, 20], ids=["1 result", "20 results"])
def services(request, towns):
    """``n`` services reaching Humpolec on Thursday, each with everything a result shows."""
    humpolec, pelhrimov, _ = towns
    for number in range(request.param):
        schedule = outreach(humpolec, THU, name=f"Služba {number:02}")
        service = schedule.service
        service.types.add(term("service_type", "outreach"))
        outreach(pelhrimov, MON, service=service)
        phone_line(service, region=humpolec.region, days=(MON, THU))
        ServiceAreaFactory(service=service, orp=humpolec.orp)
        # A closure to prefetch and show, dated after the pinned "now" so it closes nothing
        # searched for (the factory's default, the real today, could be the pinned day).
        ClosureFactory(service=service, starts_on=NOW.date() + datetime.timedelta(days=30))
        Alert.objects.create(service=service, text="Od 1. 3. nové číslo")
        # Free places to load and show (fresh: updated at the pinned "now").
        ServiceCapacity.objects.create(service=service, maximum=8, available=2, updated_at=NOW)
        # As many around Humpolec that do not reach it, for the "Nearby" section.
        near = premises(pelhrimov, days=(MON, THU), name=f"Služba v okolí {number:02}").service
        near.types.add(term("service_type", "outreach"))
        ServiceCapacity.objects.create(service=near, maximum=3, available=1, updated_at=NOW)
    return request.param


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("town=Humpolec&day=thu", SEARCH_QUERIES + NEARBY_QUERIES),
        (
            "town=humpolec&day=thu&time=14:00&type=outreach&q=sluzba",
            SEARCH_QUERIES + NEARBY_QUERIES,
        ),
        ("town=Humpolec&sort=distance", SEARCH_QUERIES + NEARBY_QUERIES),
        ("town=Humpolec&open_now=1&day=mon&day=thu", SEARCH_QUERIES + NEARBY_QUERIES),
        ("lat=49.5415&lon=15.3594&day=thu", SEARCH_QUERIES + NEARBY_QUERIES),
        ("orp=humpolec&date=2026-11-26", SEARCH_QUERIES),  # no nearby for a whole ORP
        ("town=Humpolec&print=1", SEARCH_QUERIES),  # the handout has no nearby section
        ("town=Humpolec&capacity=free", SEARCH_QUERIES + NEARBY_QUERIES),
        # One list, sorted in Python.
        ("town=Humpolec&sort=next_open", SEARCH_QUERIES - 1 + NEARBY_QUERIES + LISTING_QUERIES),
        # Every row at once, and no alerts (the CSV does not show them).
        ("town=Humpolec&day=thu&format=csv", SEARCH_QUERIES - 2),
        ("", SEARCH_QUERIES - 1),  # no town to look up
    ],
)
def test_search_runs_a_fixed_number_of_queries(
    client, services, django_assert_num_queries, query, expected
):
    with django_assert_num_queries(expected):
        response = client.get(f"/services/?{query}")
    assert response.status_code == 200
    if "format=csv" in query:
        assert response.content.decode().count("\n") == services + 1  # and a header
    elif not query:  # every service: those reaching Humpolec and those around it
        assert len(response.context["results"]) == min(2 * services, 20)
    else:
        assert len(response.context["results"]) == services
        nearby = response.context["nearby"]
        if "town=" in query or "lat=" in query:
            assert "print=1" in query or len(nearby) == min(services, 10)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The town's name is not matched, then the part is read; its premises sort first in SQL.
        ("town=Rozkoš&day=thu", SEARCH_QUERIES + 1 + NEARBY_QUERIES),
        # A choice's link, by the town's code: and whether the field may show its name instead.
        ("town=Rozkoš (548031)&day=thu", SEARCH_QUERIES + 2 + NEARBY_QUERIES),
    ],
)
def test_a_search_by_a_part_of_a_town_runs_a_fixed_number_of_queries(
    client, services, humpolec, django_assert_num_queries, query, expected
):
    PlacePartFactory(name="Rozkoš", municipality=humpolec, postal_codes="39601")
    with django_assert_num_queries(expected):
        response = client.get(f"/services/?{query}")
    assert response.context["form"].part.name == "Rozkoš"
    assert len(response.context["results"]) == services


def test_search_finds_all_the_services_it_counts(client, services):
    response = client.get("/services/?town=Humpolec&day=thu")
    assert len(response.context["results"]) == services
    [first, *_] = response.context["results"]
    # The phone line covering the region (Monday and Thursday), then the outreach in Humpolec.
    assert [weekdays.label(reason.schedule.days) for reason in first.reasons] == ["Mon, Thu", "Thu"]


def test_town_page_runs_a_fixed_number_of_queries(client, services, django_assert_num_queries):
    # The town, its sessions and the covering ids (none: no rows to load).
    with django_assert_num_queries(3):
        response = client.get("/towns/humpolec-548031/")
    assert len(response.context["week"][THU].sessions) == services


@pytest.mark.parametrize("n", [1, 3, 25])
def test_town_page_covering_part_runs_a_fixed_number_of_queries(
    client, towns, django_assert_num_queries, n
):
    humpolec, pelhrimov, _ = towns
    for number in range(n):
        schedule = outreach(pelhrimov, MON, name=f"Linka {number:02}")
        phone_line(schedule.service, region=humpolec.region)
    # The town, its sessions, the covering ids, and the page's rows (listing.load: services,
    # types, locations, schedules, areas, closures, capacities, alerts; the terms once).
    with django_assert_num_queries(12):
        response = client.get("/towns/humpolec-548031/")
    assert len(response.context["covering"]) == min(n, 20)


def test_suggestions_run_one_query(client, towns, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/services/towns/suggest/?town=hum")


def test_later_searches_take_the_term_choices_the_town_and_its_nearest_from_the_cache(
    client, services, django_assert_num_queries
):
    first = client.get("/services/?town=Humpolec")
    # Another day: the term choices, the town and the services nearest to it (and the margin
    # they were found with) are cached; only which of those match the new criteria is asked.
    with django_assert_num_queries(SEARCH_QUERIES - 2 + NEARBY_QUERIES - 2):
        response = client.get("/services/?town=Humpolec&day=thu")
    assert response.context["filterset"].municipality.name == "Humpolec"
    assert len(response.context["nearby"]) == len(first.context["nearby"]) == min(services, 10)


def test_a_new_term_is_a_choice_at_once(client, db, django_capture_on_commit_callbacks):
    client.get("/services/?type=brand-new")  # caches the choices without it
    with django_capture_on_commit_callbacks(execute=True):
        Term.objects.create(
            vocabulary=Vocabulary.SERVICE_TYPE, code="brand-new", name_cs="Nový", name_en="New"
        )
    response = client.get("/services/?type=brand-new")
    assert "type" not in response.context["form"].errors


def test_the_same_search_again_takes_its_nearby_services_from_the_cache(
    client, services, django_assert_num_queries
):
    client.get("/services/?town=Humpolec&day=thu")
    # The term choices and the town are cached too.
    with django_assert_num_queries(SEARCH_QUERIES - 2):
        response = client.get("/services/?town=Humpolec&day=thu")
    assert len(response.context["nearby"]) == min(services, 10)
