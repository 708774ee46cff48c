"""Search cards' service parts come from the ``cards`` cache (services/cards.py): rendered once
per service, language and content version; an edit shows at the next search."""

import datetime

import pytest
import time_machine
from django.core.cache import caches

from services import cards
from services.models import Alert
from tests.factories import ServiceFactory, term
from tests.services.conftest import NOW, THU, outreach

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

# The same search again: only the page's ids with the total (the town and "Nearby" are
# computed once per search and content version; the test client has no session), none of the
# rows' seven queries.
QUERIES_WITH_CACHED_ROWS = 1

SEARCH = "/services/?town=Humpolec&day=thu"


@pytest.fixture
def card_cache(settings):
    settings.CARD_CACHE_SECONDS = 3600
    caches["cards"].clear()
    yield caches["cards"]
    caches["cards"].clear()


@pytest.fixture
def rendered(monkeypatch):
    """The services whose parts were rendered (not taken from the cache)."""
    seen = []
    original = cards._render_parts

    def spy(service):
        seen.append(service.name)
        return original(service)

    monkeypatch.setattr(cards, "_render_parts", spy)
    return seen


def test_parts_are_rendered_once_then_read_from_the_cache(client, humpolec, card_cache, rendered):
    outreach(humpolec, THU, name="Terén Humpolec")
    first = client.get(SEARCH).text
    assert rendered == ["Terén Humpolec"]
    second = client.get(SEARCH).text
    assert rendered == ["Terén Humpolec"]  # nothing rendered again
    assert first.split('<ol class="results-list"')[1] == second.split('<ol class="results-list"')[1]


def test_an_edit_shows_at_the_next_search(
    client, humpolec, card_cache, django_capture_on_commit_callbacks
):
    service = outreach(humpolec, THU, name="Terén Humpolec").location.service
    assert "Terén Humpolec</a>" in client.get(SEARCH).text
    with django_capture_on_commit_callbacks(execute=True):  # the edit commits
        service.name = "Terénní program Humpolec"
        service.phone = "+420 567 000 111"
        service.save()
    page = client.get(SEARCH).text
    assert "Terénní program Humpolec</a>" in page
    assert '<a href="tel:+420567000111">+420 567 000 111</a>' in page


def test_each_language_has_its_own_parts(client, humpolec, card_cache):
    outreach(humpolec, THU, service=ServiceFactory(name="Terén Humpolec", is_anonymous=True))
    assert '<span class="badge">anonymous</span>' in client.get(SEARCH).text
    client.cookies["django_language"] = "cs"
    assert '<span class="badge">anonymní</span>' in client.get(SEARCH).text


def test_the_cached_term_checkboxes_follow_the_choice_and_the_language(client, db, card_cache):
    checked = '<input type="checkbox" name="type" value="outreach" checked>'
    assert checked in client.get("/services/?type=outreach").text
    assert checked not in client.get("/services/?type=contact_centre").text
    assert checked not in client.get("/services/").text
    assert checked in client.get("/services/?type=outreach").text
    english = client.get("/services/").text
    client.cookies["django_language"] = "cs"
    czech = client.get("/services/").text
    assert "<legend>Type of service</legend>" in english
    assert "<legend>Typ služby</legend>" in czech
    # The term names too (the form class is kept per language and choices).
    outreach = term("service_type", "outreach")
    assert f"{outreach.name_en}</label>" in english and outreach.name_cs not in english
    assert f"{outreach.name_cs}</label>" in czech


def test_an_unknown_code_keeps_its_message_when_cached(client, db, card_cache):
    for _ in range(2):
        page = client.get("/services/?type=nonsense").text
        assert "nonsense" in page.split('class="field field-terms"', 1)[1].split("</fieldset>")[0]


def test_rows_come_from_the_cache_and_a_schedule_edit_shows_at_once(
    client,
    humpolec,
    card_cache,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    """A service's row (its parts: locations, schedules, areas, closures, capacities, alerts)
    is loaded once; later searches skip its seven queries until something is edited."""
    schedule = outreach(humpolec, THU, name="Terén Humpolec")
    client.get(SEARCH)
    with django_assert_num_queries(QUERIES_WITH_CACHED_ROWS):
        assert "13:00–18:00" in client.get(SEARCH).text
    with django_capture_on_commit_callbacks(execute=True):  # the edit commits
        schedule.opens_at, schedule.closes_at = "14:00", "19:00"
        schedule.save()
    page = client.get(SEARCH).text
    assert "14:00–19:00" in page and "13:00–18:00" not in page


def test_an_alert_from_the_cache_shows_only_on_its_days(client, humpolec, card_cache):
    service = outreach(humpolec, THU, name="Terén Humpolec").location.service
    Alert.objects.create(
        service=service, text="Dnes nevyjíždíme", starts_on=NOW.date(), ends_on=NOW.date()
    )
    assert "Dnes nevyjíždíme" in client.get(SEARCH).text
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        assert "Dnes nevyjíždíme" not in client.get(SEARCH).text  # the same cached row
