"""The "Nearby" section: what the client could travel to when little reaches the place, and
searching around a position."""

import pytest
from django.http import QueryDict

from services import weekdays
from services.filters import ServiceFilter
from services.models import Service, ServiceAtLocation
from tests.factories import (
    LocationFactory,
    MunicipalityFactory,
    ScheduleFactory,
    ServiceFactory,
    term,
)
from tests.services.conftest import MON, THU, outreach, premises

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")


def nearby(response) -> list[tuple[str, float]]:
    assert response.status_code == 200
    return [(r.service.name, round(r.distance_km, 1)) for r in response.context["nearby"]]


def names(response) -> list[str]:
    return [result.service.name for result in response.context["results"]]


@pytest.fixture
def around_humpolec(towns):
    humpolec, pelhrimov, jihlava = towns
    outreach(humpolec, THU, name="Terénní program Humpolec")
    premises(jihlava, days=(THU,), name="K-centrum Jihlava")
    premises(pelhrimov, days=(MON, THU), name="Poradna Pelhřimov")
    premises(pelhrimov, days=(MON,), name="Pondělní poradna Pelhřimov")
    return towns


def test_nearby_lists_what_does_not_reach_the_town_nearest_first(client, around_humpolec):
    response = client.get("/services/?town=Humpolec&day=thu")
    assert names(response) == ["Terénní program Humpolec"]
    # Pelhřimov ~15.7 km, Jihlava ~23.3 km in a straight line; the Monday-only one is left out.
    assert nearby(response) == [("Poradna Pelhřimov", 15.7), ("K-centrum Jihlava", 23.3)]
    text = response.text
    assert "Nearby (within 25 km)" in text
    assert text.index("Terénní program Humpolec") < text.index("Nearby (within 25 km)")
    assert text.index("Nearby (within 25 km)") < text.index("K-centrum Jihlava")
    assert "23 km" in text


def test_within_narrows_and_widens_the_nearby_radius(client, around_humpolec):
    assert nearby(client.get("/services/?town=Humpolec&day=thu&within=20")) == [
        ("Poradna Pelhřimov", 15.7)
    ]
    assert nearby(client.get("/services/?town=Humpolec&day=thu&within=5")) == []
    assert len(nearby(client.get("/services/?town=Humpolec&within=100"))) == 3


def test_nearby_follows_the_type_filter_and_keeps_the_zero_result_suggestions(
    client, around_humpolec
):
    Service.objects.get(name="K-centrum Jihlava").types.set([term("service_type", "outreach")])
    response = client.get("/services/?town=Humpolec&day=thu&type=outreach")
    assert names(response) == []
    assert "Try a wider search:" in response.text  # the suggestions stay
    assert nearby(response) == [("K-centrum Jihlava", 23.3)]


@pytest.mark.parametrize(
    "query, message",
    [
        ("within=0", "Enter whole kilometres from 1 to 100."),
        ("within=101", "Enter whole kilometres from 1 to 100."),
        ("within=abc", "Enter whole kilometres from 1 to 100."),
        ("within=2.5", "Enter whole kilometres from 1 to 100."),
        ("lat=49.54", "Give both lat and lon, or neither."),
        ("lon=15.36", "Give both lat and lon, or neither."),
        ("lat=abc&lon=15.36", "Enter the latitude as a number, e.g. 49.54."),
        ("lat=40.0&lon=15.36", "This position is outside the Czech Republic."),
        ("lat=inf&lon=nan", "latitude"),
        ("lat=49.54&lon=15.36&town=Jihlava", "Search either by town or by position"),
    ],
)
def test_bad_radius_or_position_is_a_clear_message(client, around_humpolec, query, message):
    response = client.get(f"/services/?town=Humpolec&{query}".replace("town=Humpolec&lat", "lat"))
    assert response.status_code == 200
    assert not response.context["valid"]
    assert message.lower() in response.text.lower()
    assert response.context["nearby"] == []
    # The CSV answers 400 with the same message, never a server error.
    assert client.get(f"/services/?{query}&format=csv").status_code == 400


def test_searching_around_a_position_uses_the_nearest_town_and_measures_from_the_point(
    client, around_humpolec
):
    # A point ~2 km north of Humpolec's centre.
    response = client.get("/services/?lat=49.5595&lon=15.3594&day=thu")
    assert names(response) == ["Terénní program Humpolec"]
    assert "near your position (Humpolec)" in response.text
    [km] = [r.distance_km for r in response.context["results"]]
    assert 1.9 < km < 2.1
    assert [name for name, _ in nearby(response)] == ["Poradna Pelhřimov", "K-centrum Jihlava"]
    # Searching again from the form keeps the place: the town field holds the nearest town.
    assert 'value="Humpolec"' in response.text


def test_a_location_far_from_its_municipalitys_centre_is_found_by_its_own_point(
    client, around_humpolec
):
    """A city reaches far: its centre ~43 km east of Humpolec, a centre of it with its own
    point ~17 km away. The municipalities looked at around the place reach as far beyond the
    radius as the data's own points lie from their centres."""
    city = MunicipalityFactory(name="Velkoměsto", latitude=49.5415, longitude=15.95)
    location = LocationFactory(
        municipality=city, latitude=49.5415, longitude=15.60, service__name="Poradna na okraji"
    )
    ScheduleFactory(location=location, days=weekdays.mask([THU]))
    response = client.get("/services/?town=Humpolec&day=thu")
    assert ("Poradna na okraji", 17.4) in nearby(response)


def test_no_town_no_nearby_section(client, around_humpolec):
    response = client.get("/services/?day=thu")
    assert response.context["nearby"] == []
    assert "Nearby (within" not in response.text


@pytest.mark.parametrize("candidates", [1, 2, 40])
@pytest.mark.parametrize("reaching_known", [True, False])
def test_nearby_is_the_same_however_many_candidates_are_tested_first(
    around_humpolec, monkeypatch, candidates, reaching_known
):
    """The filters are tried on the nearest few candidates first, then on all; the search's own
    results are left out by the ids the page fetched, or by the search as a subquery (when it
    found more than the page fetched). Each way the section is the same."""
    humpolec, pelhrimov, _ = around_humpolec
    # In the town but not on Thursday: neither a result nor nearby (it fails the day).
    premises(humpolec, days=(MON,), name="Pondělní poradna Humpolec")
    premises(pelhrimov, days=(THU,), name="Druhá poradna Pelhřimov")
    monkeypatch.setattr("services.filters.NEARBY_CANDIDATES", candidates)
    filterset = ServiceFilter(QueryDict("town=Humpolec&day=thu"))
    assert filterset.is_valid()
    found = list(filterset.qs.values_list("pk", flat=True))
    assert [Service.objects.get(pk=pk).name for pk in found] == ["Terénní program Humpolec"]
    nearest = filterset.nearby(10, reaching=found if reaching_known else None)
    assert [Service.objects.get(pk=pk).name for pk, _distance in nearest] == [
        "Druhá poradna Pelhřimov",  # as near as the next one: by name
        "Poradna Pelhřimov",
        "K-centrum Jihlava",
    ]


@pytest.mark.parametrize("reaching_known", [True, False])
def test_a_shared_location_counts_for_each_of_its_services(around_humpolec, reaching_known):
    """A contact centre in Pelhřimov shared by a service that also goes to Humpolec on
    Thursdays and one that does not: only the first is a result, the second is nearby."""
    humpolec, pelhrimov, _ = around_humpolec
    roaming = outreach(humpolec, THU, name="Terén z Pelhřimova").location.service
    shared = LocationFactory(service=roaming, municipality=pelhrimov)
    ScheduleFactory(service=roaming, location=shared, days=weekdays.bit(THU))
    staying = ServiceFactory(name="Poradna v centru", organization=roaming.organization)
    ServiceAtLocation.objects.create(service=staying, location=shared)
    ScheduleFactory(service=staying, location=shared, days=weekdays.bit(THU))
    filterset = ServiceFilter(QueryDict("town=Humpolec&day=thu"))
    assert filterset.is_valid()
    found = list(filterset.qs.values_list("pk", flat=True))
    assert roaming.pk in found and staying.pk not in found
    nearest = filterset.nearby(10, reaching=found if reaching_known else None)
    names = [Service.objects.get(pk=pk).name for pk, _distance in nearest]
    assert "Poradna v centru" in names and "Terén z Pelhřimova" not in names


def test_a_new_service_nearby_shows_at_once_although_the_place_was_searched(
    client, around_humpolec, django_capture_on_commit_callbacks
):
    """The services nearest to a place are kept between searches (another day, another
    filter): a listing added meanwhile retires them."""
    _humpolec, pelhrimov, _jihlava = around_humpolec
    assert ("Nová poradna Pelhřimov", 15.7) not in nearby(client.get("/services/?town=Humpolec"))
    with django_capture_on_commit_callbacks(execute=True):
        premises(pelhrimov, days=(THU,), name="Nová poradna Pelhřimov")
    response = client.get("/services/?town=Humpolec&day=thu")
    assert nearby(response) == [
        ("Nová poradna Pelhřimov", 15.7),
        ("Poradna Pelhřimov", 15.7),
        ("K-centrum Jihlava", 23.3),
    ]
