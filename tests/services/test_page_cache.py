"""The town page reads what does not depend on its query from the fragment cache (``cards``):
its town, its week, the ids of the services covering it and their rows, per content version,
language and day; an edit shows at once."""

import pytest

from services import weekdays
from tests.factories import EventFactory, LocationFactory, ScheduleFactory, ServiceFactory
from tests.services.conftest import MON, THU, outreach, phone_line

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

TOWN = "/towns/humpolec-548031/"


@pytest.mark.parametrize("n", [1, 3, 25])
def test_the_town_page_again_runs_no_query(
    client, towns, fragment_cache, django_assert_num_queries, n
):
    humpolec, pelhrimov, _ = towns
    for number in range(n):
        outreach(humpolec, THU, name=f"Terén {number:02}")
        schedule = outreach(pelhrimov, MON, name=f"Linka {number:02}")
        phone_line(schedule.service, region=humpolec.region)
    first = client.get(TOWN)
    with django_assert_num_queries(0):
        again = client.get(TOWN)
    assert again.text == first.text
    assert len(again.context["week"][THU].sessions) == n
    assert len(again.context["covering"]) == min(n, 20)


def test_a_town_page_edit_shows_at_once(
    client, towns, fragment_cache, django_capture_on_commit_callbacks
):
    humpolec, _, _ = towns
    service = outreach(humpolec, THU, name="Terén Humpolec").location.service
    line = ServiceFactory(name="Linka pro Vysočinu")
    phone_line(line, region=humpolec.region)
    page = client.get(TOWN).text
    assert "Terén Humpolec</a>" in page and "Linka pro Vysočinu</a>" in page
    with django_capture_on_commit_callbacks(execute=True):  # the edits commit
        service.name = "Terénní program Humpolec"
        service.save()
        line.name = "Linka Vysočina"
        line.phone = "+420 567 000 111"
        line.save()
    page = client.get(TOWN).text
    assert "Terénní program Humpolec</a>" in page
    assert "Linka Vysočina</a>" in page
    assert '<a href="tel:+420567000111">+420 567 000 111</a>' in page


def test_each_language_has_its_own_town_week(client, towns, fragment_cache):
    humpolec, _, _ = towns
    outreach(humpolec, THU, name="Terén Humpolec")
    assert "<h3>Thursday</h3>" in client.get(TOWN).text
    client.cookies["django_language"] = "cs"
    assert "<h3>Čtvrtek</h3>" in client.get(TOWN).text


# The profile: its parts per service, language, audience and day, its events beside them.


@pytest.mark.parametrize("n", [1, 3])
def test_the_profile_again_runs_no_query(client, db, fragment_cache, django_assert_num_queries, n):
    service = ServiceFactory(name="Kontaktní centrum")
    for number in range(n):
        location = LocationFactory(service=service, address=f"Ulice {number}")
        ScheduleFactory(location=location, days=weekdays.bit(number % 7))
        EventFactory(organizer=service.organization).related_services.add(service)
    first = client.get(service.get_absolute_url())
    with django_assert_num_queries(0):
        again = client.get(service.get_absolute_url())
    assert again.text == first.text
    assert again.text.count('<table class="week">') == n
    assert again.text.count('class="card event-item"') == n


def test_a_profile_edit_shows_at_once(
    client, db, fragment_cache, django_capture_on_commit_callbacks
):
    service = ServiceFactory(name="Kontaktní centrum", description="Staré")
    assert "Kontaktní centrum</h1>" in client.get(service.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):  # the edit commits
        service.name = "Kontaktní centrum Jihlava"
        service.description = "Nové"
        service.save()
    page = client.get(service.get_absolute_url()).text
    assert "Kontaktní centrum Jihlava</h1>" in page
    assert "Nové" in page and "Staré" not in page


def test_professionals_and_others_never_share_the_profile_parts(
    client, professional, fragment_cache
):
    service = ServiceFactory(referral_process="Zavolejte koordinátorce")
    url = service.get_absolute_url()
    assert "Zavolejte koordinátorce" not in client.get(url).text
    client.force_login(professional)
    assert "Zavolejte koordinátorce" in client.get(url).text
    client.logout()
    assert "Zavolejte koordinátorce" not in client.get(url).text
