"""Upcoming and past are decided in Prague time, also for all-day events around midnight."""

import datetime

import pytest

from events.models import Event
from tests.events.conftest import prague
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def split(now):
    upcoming = set(Event.objects.upcoming(now).values_list("title", flat=True))
    past = set(Event.objects.past(now).values_list("title", flat=True))
    return upcoming, past


def test_event_ending_before_midnight_is_upcoming_until_it_ends():
    EventFactory(
        title="late", starts_at=prague(2017, 5, 24, 20), ends_at=prague(2017, 5, 24, 23, 30)
    )
    assert split(prague(2017, 5, 24, 23, 29)) == ({"late"}, set())
    assert split(prague(2017, 5, 24, 23, 31)) == (set(), {"late"})


def test_all_day_event_stays_upcoming_until_prague_midnight():
    # 0:01 on 25 May in Prague is still 24 May (22:01) in UTC: a UTC date would get this wrong.
    EventFactory(title="day", all_day=True, starts_at=prague(2017, 5, 24, 0))
    assert split(prague(2017, 5, 24, 23, 59)) == ({"day"}, set())
    just_after_midnight = prague(2017, 5, 25, 0, 1)
    assert just_after_midnight.astimezone(datetime.UTC).date() == datetime.date(2017, 5, 24)
    assert split(just_after_midnight) == (set(), {"day"})


def test_all_day_event_counts_its_last_day_whatever_time_was_entered():
    EventFactory(
        title="two days",
        all_day=True,
        starts_at=prague(2017, 5, 24, 9),
        ends_at=prague(2017, 5, 25, 9),
    )
    assert split(prague(2017, 5, 25, 23, 59)) == ({"two days"}, set())
    assert split(prague(2017, 5, 26, 0, 0)) == (set(), {"two days"})


def test_event_without_end_is_over_once_it_starts():
    EventFactory(title="talk", starts_at=prague(2017, 5, 24, 10))
    assert split(prague(2017, 5, 24, 9, 59)) == ({"talk"}, set())
    assert split(prague(2017, 5, 24, 10, 1)) == (set(), {"talk"})


def test_has_ended_agrees_with_the_querysets_around_midnight():
    events = [
        EventFactory(all_day=True, starts_at=prague(2017, 5, 24, 0)),
        EventFactory(starts_at=prague(2017, 5, 24, 23), ends_at=prague(2017, 5, 25, 0, 30)),
        EventFactory(starts_at=prague(2017, 5, 24, 23, 59)),
    ]
    for now in (prague(2017, 5, 24, 23, 58), prague(2017, 5, 25, 0, 0), prague(2017, 5, 25, 0, 31)):
        past = set(Event.objects.past(now))
        assert {event for event in events if event.has_ended(now)} == past, now


def test_upcoming_lists_soonest_first_and_past_most_recent_first():
    EventFactory(title="b", starts_at=prague(2030, 2, 1, 10))
    EventFactory(title="a", starts_at=prague(2030, 1, 1, 10))
    EventFactory(title="y", starts_at=prague(2010, 1, 1, 10))
    EventFactory(title="z", starts_at=prague(2011, 1, 1, 10))
    now = prague(2020, 1, 1)
    assert [e.title for e in Event.objects.upcoming(now)] == ["a", "b"]
    assert [e.title for e in Event.objects.past(now)] == ["z", "y"]
