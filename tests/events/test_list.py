"""The events page: upcoming first, past with reports, filters, pagination, bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Publication
from events.models import EventKind
from services.models import Vocabulary
from tests.events.conftest import prague
from tests.factories import EventFactory, MunicipalityFactory, OrganizationFactory, term

pytestmark = pytest.mark.django_db

URL = reverse("events:list")


def soon(days=7):
    return timezone.now() + datetime.timedelta(days=days)


def titles(response):
    return [event.title for event in response.context["events"]]


def test_upcoming_events_come_first_with_recent_reports_below(client):
    EventFactory(title="Next week", starts_at=soon(7))
    EventFactory(title="Tomorrow", starts_at=soon(1))
    EventFactory(
        title="Last year",
        starts_at=soon(-365),
        report="Setkání se účastnilo přibližně 50 účastníků.",
        attendance=50,
    )
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Tomorrow", "Next week"]
    assert [event.title for event in response.context["recent_past"]] == ["Last year"]
    content = response.content.decode()
    assert content.index("Tomorrow") < content.index("Next week") < content.index("Last year")
    assert "přibližně 50 účastníků" in content
    assert reverse("events:detail", args=["last-year"]) + "#report" in content


def test_past_tab_lists_past_events_most_recent_first(client):
    EventFactory(title="Upcoming", starts_at=soon(3))
    EventFactory(title="Older", starts_at=soon(-30))
    EventFactory(title="Recent", starts_at=soon(-2))
    response = client.get(URL, {"when": "past"})
    assert titles(response) == ["Recent", "Older"]
    assert response.context["recent_past"] == []
    assert 'when=past" aria-current="page"' in response.content.decode()


def test_unknown_tab_shows_upcoming_events(client):
    EventFactory(title="Upcoming", starts_at=soon(3))
    EventFactory(title="Past", starts_at=soon(-3))
    assert titles(client.get(URL, {"when": "yesterday"})) == ["Upcoming"]


def test_event_in_progress_is_still_upcoming(client):
    EventFactory(
        title="Now",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert titles(client.get(URL)) == ["Now"]


def test_all_day_event_is_listed_as_upcoming_until_prague_midnight(client, monkeypatch):
    EventFactory(title="Day", all_day=True, starts_at=prague(2017, 5, 24))
    monkeypatch.setattr(timezone, "now", lambda: prague(2017, 5, 24, 23, 59))
    assert titles(client.get(URL)) == ["Day"]
    monkeypatch.setattr(timezone, "now", lambda: prague(2017, 5, 25, 0, 1))
    assert titles(client.get(URL)) == []
    assert titles(client.get(URL, {"when": "past"})) == ["Day"]


def test_drafts_and_archived_events_are_not_listed(client):
    EventFactory(title="Draft", publication=Publication.DRAFT, starts_at=soon())
    EventFactory(title="Archived", publication=Publication.ARCHIVED, starts_at=soon(-5))
    EventFactory(title="Public", starts_at=soon())
    response = client.get(URL)
    assert titles(response) == ["Public"]
    assert "Draft" not in response.content.decode()
    assert "Archived" not in response.content.decode()


def test_region_filter_takes_a_slug(client):
    vysocina = MunicipalityFactory(orp__region__slug="kraj-vysocina")
    EventFactory(title="Pelhřimov", municipality=vysocina, starts_at=soon())
    EventFactory(title="Elsewhere", municipality=MunicipalityFactory(), starts_at=soon())
    EventFactory(title="Online", kind=EventKind.ONLINE_MEETING, starts_at=soon())
    assert titles(client.get(URL, {"region": "kraj-vysocina"})) == ["Pelhřimov"]


def test_kind_filter(client):
    EventFactory(title="Group", kind=EventKind.WORKING_GROUP, starts_at=soon())
    EventFactory(title="Seminar", kind=EventKind.SEMINAR, starts_at=soon())
    assert titles(client.get(URL, {"kind": "working_group"})) == ["Group"]


def test_audience_filter_takes_a_term_code(client):
    ospod = EventFactory(title="For OSPOD", starts_at=soon())
    ospod.audiences.add(term(Vocabulary.AUDIENCE, "ospod"), term(Vocabulary.AUDIENCE, "health"))
    schools = EventFactory(title="For schools", starts_at=soon())
    schools.audiences.add(term(Vocabulary.AUDIENCE, "schools"))
    assert titles(client.get(URL, {"audience": "ospod"})) == ["For OSPOD"]


def test_organizer_filter_takes_a_slug(client):
    vetrnik = OrganizationFactory(name="Centrum U Větrníku")
    EventFactory(title="Ours", organizer=vetrnik, starts_at=soon())
    other = EventFactory(title="Theirs", starts_at=soon())
    other.participants.add(vetrnik)
    assert titles(client.get(URL, {"organizer": vetrnik.slug})) == ["Ours"]


def test_date_range_finds_past_events_overlapping_it(client):
    EventFactory(title="March", starts_at=prague(2015, 3, 5, 9), ends_at=prague(2015, 3, 5, 13))
    EventFactory(
        title="Across",
        all_day=True,
        starts_at=prague(2015, 2, 27),
        ends_at=prague(2015, 3, 2),
    )
    EventFactory(title="May", starts_at=prague(2015, 5, 24, 10))
    params = {"when": "past", "date_from": "2015-03-01", "date_to": "2015-03-31"}
    assert titles(client.get(URL, params)) == ["March", "Across"]
    # Prague dates: an event late on 31 March Prague time is in, one on 1 April is out.
    EventFactory(title="Late", starts_at=prague(2015, 3, 31, 23, 30))
    EventFactory(title="April", starts_at=prague(2015, 4, 1, 0, 30))
    assert titles(client.get(URL, params)) == ["Late", "March", "Across"]


def test_typed_czech_date_is_understood(client):
    EventFactory(title="March", starts_at=prague(2015, 3, 5, 9))
    params = {"when": "past", "date_from": "5.3.2015", "date_to": "5.3.2015"}
    assert titles(client.get(URL, params)) == ["March"]


def test_text_search_matches_title_description_venue_and_organizer(client):
    EventFactory(title="Potravinová banka", starts_at=soon())
    EventFactory(title="Platforma", description="Studijní návštěva v Brně", starts_at=soon())
    EventFactory(title="Other", organizer=OrganizationFactory(name="Podané ruce"), starts_at=soon())
    EventFactory(title="Nothing", starts_at=soon())
    assert titles(client.get(URL, {"q": "potravinová"})) == ["Potravinová banka"]
    assert titles(client.get(URL, {"q": "návštěva brně"})) == ["Platforma"]
    assert titles(client.get(URL, {"q": "Podané ruce"})) == ["Other"]
    # Case and diacritics do not matter, as in the services' search.
    assert titles(client.get(URL, {"q": "POTRAVINOVA"})) == ["Potravinová banka"]
    assert titles(client.get(URL, {"q": "navsteva brne"})) == ["Platforma"]
    assert titles(client.get(URL, {"q": "podane"})) == ["Other"]


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "notadate"},
        {"date_to": "0001-01-01"},
        {"date_from": "9999-12-31"},
        {"kind": "xyz"},
        {"region": "atlantis"},
        {"audience": "martians"},
        {"organizer": "nobody"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"q": "x" * 10_000},
        {"q": "nul\x00byte"},
        {"region": ["kraj-vysocina", "x\x00"]},
    ],
)
def test_bad_filter_values_give_the_page_not_an_error(client, params):
    EventFactory(title="Still listed", starts_at=soon())
    response = client.get(URL, params)
    assert response.status_code == 200
    assert titles(response) == ["Still listed"]


def test_bad_filter_value_is_explained_and_the_others_still_apply(client):
    EventFactory(title="Group", kind=EventKind.WORKING_GROUP, starts_at=soon())
    EventFactory(title="Seminar", kind=EventKind.SEMINAR, starts_at=soon())
    response = client.get(URL, {"kind": "working_group", "date_from": "notadate"})
    assert titles(response) == ["Group"]
    assert response.context["filter_errors"]
    assert 'role="alert"' in response.content.decode()


def test_range_ending_before_it_starts_is_explained(client):
    response = client.get(URL, {"date_from": "2017-05-24", "date_to": "2017-05-01"})
    assert response.status_code == 200
    assert response.context["filter_errors"]


def test_pagination_keeps_filters_and_out_of_range_pages_show_the_last(client):
    for day in range(25):
        EventFactory(kind=EventKind.SEMINAR, starts_at=soon(day + 1))
    response = client.get(URL, {"kind": "seminar"})
    assert len(response.context["events"]) == 20
    assert "kind=seminar&amp;page=2" in response.content.decode()
    assert len(client.get(URL, {"kind": "seminar", "page": "2"}).context["events"]) == 5
    assert client.get(URL, {"kind": "seminar", "page": "7"}).context["page_obj"].number == 2


def test_every_filter_field_has_a_label(client):
    content = client.get(URL).content.decode()
    for name in ("q", "region", "kind", "audience", "organizer", "date_from", "date_to"):
        assert f'<label for="id_{name}">' in content
        assert f'id="id_{name}"' in content


def test_subscription_link_carries_the_filters(client):
    response = client.get(URL, {"region": "kraj-vysocina", "page": "1"})
    feed = reverse("events:feed_ics")
    # region is invalid here (no such region yet), so the link is the plain feed
    assert f'href="{feed}"' in response.content.decode()
    MunicipalityFactory(orp__region__slug="kraj-vysocina")
    response = client.get(URL, {"region": "kraj-vysocina", "page": "1"})
    assert f'href="{feed}?region=kraj-vysocina"' in response.content.decode()


def test_list_rejects_post(client):
    assert client.post(URL).status_code == 405


def _events(count):
    for number in range(count):
        event = EventFactory(
            starts_at=soon(number + 1),
            municipality=MunicipalityFactory(),
        )
        past = EventFactory(starts_at=soon(-number - 1), report="Zpráva")
        for each in (event, past):
            each.audiences.add(term(Vocabulary.AUDIENCE, "ospod"))


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_does_not_grow_with_events(client, django_assert_num_queries, count):
    _events(count)
    # regions, audiences and organizers for the form; count, page, its audiences;
    # recent past events and their audiences
    with django_assert_num_queries(8):
        response = client.get(URL)
    assert len(response.context["events"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_filtered_list_query_count_does_not_grow_with_events(
    client, django_assert_num_queries, count
):
    _events(count)
    # + one lookup of the audience code
    with django_assert_num_queries(9):
        response = client.get(URL, {"audience": "ospod"})
    assert len(response.context["events"]) == count
