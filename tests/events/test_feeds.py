"""iCalendar and Atom feeds: valid, in Prague time, stable ids, no drafts, no private links."""

import datetime
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from directory.models import Publication
from events.models import EventKind
from tests.events.conftest import prague
from tests.factories import EventFactory, MunicipalityFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

FEED_ICS = reverse("events:feed_ics")
FEED_XML = reverse("events:feed_xml")
ATOM = "{http://www.w3.org/2005/Atom}"
SECRET_LINK = "https://meet.example.org/tajne-setkani"


def soon(days=7):
    return timezone.now() + datetime.timedelta(days=days)


def event_ics(client, event):
    response = client.get(reverse("events:event_ics", args=[event.slug]))
    assert response.status_code == 200
    return response


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    for component in calendar.events:
        component.start  # noqa: B018 (raises InvalidCalendar on mismatched DTSTART/DTEND)
        component.end  # noqa: B018 (same)
    return calendar


def parse_atom(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


@override_settings(SITE_URL="https://adresar.example.cz")
def test_event_ics_is_in_prague_time_with_a_vtimezone(client, seminar):
    calendar = parse(event_ics(client, seminar))
    [component] = calendar.events
    assert component["DTSTART"].params["TZID"] == "Europe/Prague"
    assert component.start.astimezone(datetime.UTC) == datetime.datetime(
        2017, 5, 24, 8, 0, tzinfo=datetime.UTC
    )
    assert component.end.astimezone(datetime.UTC) == datetime.datetime(
        2017, 5, 24, 12, 0, tzinfo=datetime.UTC
    )
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Prague"]
    assert b"DTSTART;TZID=Europe/Prague:20170524T100000" in event_ics(client, seminar).content
    assert str(component["SUMMARY"]) == "Seminář OSPOD a K-centrum"
    assert str(component["URL"]) == f"https://adresar.example.cz{seminar.get_absolute_url()}"
    assert str(component["UID"]) == f"event-{seminar.pk}@adresar.example.cz"
    assert "Pražská 2490" in str(component["LOCATION"])
    assert "Pelhřimov" in str(component["LOCATION"])
    updated = seminar.updated_at.replace(microsecond=0)
    assert component["LAST-MODIFIED"].dt == updated
    assert component["DTSTAMP"].dt == updated


def test_uid_stays_when_the_event_is_updated(client, seminar):
    before = parse(event_ics(client, seminar)).events[0]
    seminar.title = "Seminář OSPOD a K-centrum (přesunuto)"
    seminar.starts_at = prague(2017, 5, 31, 10)
    seminar.ends_at = None
    seminar.slug = "presunuty-seminar"
    seminar.save()
    after = parse(event_ics(client, seminar)).events[0]
    assert str(after["UID"]) == str(before["UID"])
    assert after["LAST-MODIFIED"].dt >= before["LAST-MODIFIED"].dt
    assert after.start == prague(2017, 5, 31, 10)


def test_all_day_event_has_date_values_with_exclusive_end(client):
    event = EventFactory(
        all_day=True, starts_at=prague(2017, 5, 24, 9), ends_at=prague(2017, 5, 25, 9)
    )
    [component] = parse(event_ics(client, event)).events
    assert component.start == datetime.date(2017, 5, 24)
    assert component.end == datetime.date(2017, 5, 26)
    assert b"DTSTART;VALUE=DATE:20170524" in event_ics(client, event).content


def test_event_ics_is_a_download_named_by_the_slug(client, seminar):
    response = event_ics(client, seminar)
    assert response["Content-Disposition"] == f'attachment; filename="{seminar.slug}.ics"'


def test_feed_lists_only_upcoming_published_events(client):
    EventFactory(title="Next", starts_at=soon())
    EventFactory(title="Old", starts_at=soon(-2))
    EventFactory(title="Draft", starts_at=soon(), publication=Publication.DRAFT)
    calendar = parse(client.get(FEED_ICS))
    assert [str(component["SUMMARY"]) for component in calendar.events] == ["Next"]


def test_feed_applies_the_list_filters(client):
    vysocina = MunicipalityFactory(orp__region__slug="kraj-vysocina")
    EventFactory(title="Pelhřimov", municipality=vysocina, starts_at=soon())
    EventFactory(title="Liberec", municipality=MunicipalityFactory(), starts_at=soon())
    EventFactory(
        title="Group", kind=EventKind.WORKING_GROUP, municipality=vysocina, starts_at=soon()
    )
    calendar = parse(client.get(FEED_ICS, {"region": "kraj-vysocina", "kind": "seminar"}))
    assert [str(component["SUMMARY"]) for component in calendar.events] == ["Pelhřimov"]


def test_feed_with_a_bad_filter_is_a_clear_400(client, db):
    response = client.get(FEED_ICS, {"region": "atlantis", "date_from": "notadate"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().count("\n") == 2


def test_empty_feed_is_a_valid_calendar(client, db):
    assert parse(client.get(FEED_ICS)).events == []


def test_draft_event_ics_is_404_for_visitors(client):
    event = EventFactory(publication=Publication.DRAFT)
    assert client.get(reverse("events:event_ics", args=[event.slug])).status_code == 404


def test_private_online_link_is_in_no_feed(client, django_user_model):
    event = EventFactory(
        kind=EventKind.ONLINE_MEETING,
        online_url=SECRET_LINK,
        online_url_private=True,
        starts_at=soon(),
    )
    client.force_login(django_user_model.objects.create_user("signed-in"))
    for url in (FEED_ICS, FEED_XML, reverse("events:event_ics", args=[event.slug])):
        content = client.get(url).content.decode()
        assert event.title in content, url
        assert "tajne-setkani" not in content, url
    client.logout()
    for url in (FEED_ICS, FEED_XML, reverse("events:event_ics", args=[event.slug])):
        assert "tajne-setkani" not in client.get(url).content.decode(), url


def test_public_online_link_is_in_the_calendar(client):
    event = EventFactory(online_url=SECRET_LINK, online_url_private=False, starts_at=soon())
    [component] = parse(event_ics(client, event)).events
    assert SECRET_LINK in str(component["DESCRIPTION"])
    assert "online" in str(component["LOCATION"])


def test_organizer_with_an_email_is_the_calendar_organizer(client):
    event = EventFactory(organizer=OrganizationFactory(name="Maják", email="info@majak.example"))
    [component] = parse(event_ics(client, event)).events
    assert str(component["ORGANIZER"]) == "mailto:info@majak.example"
    assert component["ORGANIZER"].params["CN"] == "Maják"


@pytest.mark.parametrize("count", [1, 3])
def test_calendar_feed_query_count_does_not_grow(client, django_assert_num_queries, count):
    EventFactory.create_batch(count, starts_at=soon(), municipality=MunicipalityFactory())
    with django_assert_num_queries(1):
        calendar = parse(client.get(FEED_ICS))
    assert len(calendar.events) == count


@override_settings(SITE_URL="https://adresar.example.cz")
def test_atom_feed_has_new_events_and_reports_with_absolute_links(client):
    EventFactory(title="Nový seminář", summary="Pro OSPOD", starts_at=soon())
    report = EventFactory(
        title="Setkání v Liberci",
        starts_at=prague(2015, 3, 5, 9),
        report="Setkání se účastnilo přibližně 50 účastníků <z organizací>.",
    )
    EventFactory(title="Koncept", publication=Publication.DRAFT)
    feed = parse_atom(client.get(FEED_XML))
    entries = list(feed.iter(f"{ATOM}entry"))
    # The past event has an entry of its own for its report (newest first), then the others.
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert len(titles) == 3
    assert not any("Koncept" in title for title in titles)
    assert sum("Setkání v Liberci" in title for title in titles) == 2
    assert sum("Nový seminář" in title for title in titles) == 1
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert f"https://adresar.example.cz{report.get_absolute_url()}#report" in links
    assert all(link.startswith("https://adresar.example.cz/events/") for link in links)
    report_entry = entries[
        links.index(f"https://adresar.example.cz{report.get_absolute_url()}#report")
    ]
    assert "&lt;z organizací&gt;" in report_entry.findtext(f"{ATOM}summary")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 3
    assert all(identifier.startswith("tag:adresar.example.cz,") for identifier in ids)
    assert feed.find(f"{ATOM}link").get("href") == "https://adresar.example.cz/events/"


def test_a_past_event_entered_later_is_dated_by_its_own_day_in_the_feed(client):
    EventFactory(title="Setkání v Liberci", starts_at=prague(2015, 3, 5, 9))  # published now
    [entry] = parse_atom(client.get(FEED_XML)).iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}published").startswith("2015-03-05")


def test_atom_feed_query_count_does_not_grow(client, django_assert_num_queries):
    for count in (1, 3):
        EventFactory.create_batch(count, starts_at=soon(), municipality=MunicipalityFactory())
        EventFactory.create_batch(count, starts_at=soon(-3), report="Zpráva")
        # announcements and reports
        with django_assert_num_queries(2):
            feed = parse_atom(client.get(FEED_XML))
        assert len(list(feed.iter(f"{ATOM}entry"))) == (3 if count == 1 else 12)


@pytest.mark.parametrize("url", [FEED_ICS, FEED_XML])
def test_feeds_reject_post(client, db, url):
    assert client.post(url).status_code == 405


def test_event_ics_rejects_post(client, seminar):
    assert client.post(reverse("events:event_ics", args=[seminar.slug])).status_code == 405
