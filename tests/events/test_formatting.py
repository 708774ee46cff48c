"""Dates read the Czech way in Prague time, with machine-readable <time> elements."""

import pytest

from events.templatetags.event_tags import event_when, event_when_text, when_parts
from tests.events.conftest import prague
from tests.factories import EventFactory


def text(start, end=None, *, all_day=False):
    return "".join(
        p if isinstance(p, str) else p[0] for p in when_parts(start, end, all_day=all_day)
    )


@pytest.mark.parametrize(
    ("start", "end", "all_day", "expected"),
    [
        (prague(2017, 5, 24, 10), None, False, "24. 5. 2017 10:00"),
        (prague(2017, 5, 24, 10), prague(2017, 5, 24, 14, 30), False, "24. 5. 2017 10:00–14:30"),
        (
            prague(2017, 5, 24, 10),
            prague(2017, 5, 25, 12),
            False,
            "24. 5. 2017 10:00 – 25. 5. 2017 12:00",
        ),
        (prague(2017, 5, 24), None, True, "24. 5. 2017"),
        (prague(2017, 5, 24), prague(2017, 5, 25), True, "24.–25. 5. 2017"),
        (prague(2017, 5, 30), prague(2017, 6, 2), True, "30. 5. – 2. 6. 2017"),
        (prague(2017, 12, 30), prague(2018, 1, 2), True, "30. 12. 2017 – 2. 1. 2018"),
    ],
)
def test_dates_read_the_czech_way(start, end, all_day, expected):
    assert text(start, end, all_day=all_day) == expected


def test_all_day_event_shows_no_times():
    assert text(prague(2017, 5, 24, 9, 30), prague(2017, 5, 24, 17), all_day=True) == "24. 5. 2017"


@pytest.mark.django_db
def test_event_time_is_shown_in_prague_time_with_time_elements():
    event = EventFactory(starts_at=prague(2017, 5, 24, 10), ends_at=prague(2017, 5, 24, 14))
    event.refresh_from_db()  # comes back from the database in UTC
    assert event_when(event) == (
        '<time datetime="2017-05-24T10:00+02:00">24. 5. 2017 10:00</time>'
        '–<time datetime="2017-05-24T14:00+02:00">14:00</time>'
    )
    assert event_when_text(event) == "24. 5. 2017 10:00–14:00"


@pytest.mark.django_db
def test_multi_day_all_day_event_marks_both_dates():
    event = EventFactory(all_day=True, starts_at=prague(2017, 5, 24), ends_at=prague(2017, 5, 25))
    assert event_when(event) == (
        '<time datetime="2017-05-24">24.</time>–<time datetime="2017-05-25">25. 5. 2017</time>'
    )
