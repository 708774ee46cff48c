"""Property: for any schedules over several towns, what a town's search says about the next
opening and "open now" agrees with the sessions at that town's places, and the "open now"
filter returns exactly the cards whose badge says open."""

import datetime

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services import weekdays
from services.models import LocationKind, RemoteChannel, Service, ServiceArea
from services.querysets import When
from tests.factories import (
    LocationFactory,
    MunicipalityFactory,
    ScheduleFactory,
    ServiceAreaFactory,
    ServiceFactory,
)
from tests.services.conftest import PRAGUE

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

MONDAY = datetime.datetime(2026, 11, 23, tzinfo=PRAGUE)
TOWNS = 3
REMOTE = TOWNS  # a "town index" meaning the phone line

sessions = st.tuples(
    st.integers(0, REMOTE),  # where: one of the towns, or the phone line
    st.integers(0, 6),  # weekday
    st.integers(6, 18),  # opens at (hour)
    st.integers(1, 5),  # hours open
    st.sampled_from([1, 1, 2]),  # every week, or every other week
)
services = st.lists(
    st.tuples(
        st.lists(sessions, min_size=0, max_size=4),
        st.none() | st.integers(0, TOWNS - 1),  # a town its area covers, if any
    ),
    min_size=1,
    max_size=3,
)
moments = st.tuples(st.integers(0, 13), st.integers(0, 23), st.sampled_from([0, 30]))


def _build(towns, spec):
    for index, (schedules, covered) in enumerate(spec):
        service = ServiceFactory(name=f"Služba {index}")
        if covered is not None:
            ServiceAreaFactory(service=service, municipality=towns[covered])
        for where, day, opens, length, interval in schedules:
            if where == REMOTE:
                location = LocationFactory(
                    service=service,
                    kind=LocationKind.REMOTE,
                    channel=RemoteChannel.PHONE,
                    municipality=None,
                    address="",
                )
            else:
                location = LocationFactory(
                    service=service, kind=LocationKind.OUTREACH, municipality=towns[where]
                )
            ScheduleFactory(
                service=service,
                location=location,
                days=weekdays.bit(day),
                opens_at=datetime.time(opens),
                closes_at=datetime.time(min(opens + length, 23)),
                interval=interval,
                valid_from=MONDAY.date(),
            )


def _available(service, town, when, today) -> bool:
    return (
        Service.objects.filter(pk=service.pk).available(town=town, when=when, today=today).exists()
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=services, moment=moments)
def test_next_opening_and_open_now_agree_with_the_towns_own_sessions(client, db, spec, moment):
    days, hour, minute = moment
    now = MONDAY + datetime.timedelta(days=days, hours=hour, minutes=minute)
    today = now.date()
    with time_machine.travel(now, tick=False), transaction.atomic():
        towns = [MunicipalityFactory(name=f"Město {n}") for n in range(TOWNS)]
        _build(towns, spec)
        for town in towns:
            results = client.get(f"/services/?town={town.code}").context["results"]
            for result in results:
                opening, service = result.opening, result.service
                if opening is None:
                    # Nothing reaches the town on any of the next three weeks' days.
                    for offset in range(1, 22):
                        date = today + datetime.timedelta(days=offset)
                        assert not _available(service, town, When(date=date), today)
                    continue
                location = opening.location
                assert location.municipality_id == town.pk or (
                    location.is_remote
                    and ServiceArea.objects.filter(
                        service_id=service.pk, municipality=town
                    ).exists()
                ), "an opening borrowed from another place"
                starts = datetime.datetime.combine(opening.date, opening.starts)
                assert _available(
                    service, town, When(date=opening.date, time=opening.starts), today
                )
                assert opening.is_open_now == _available(
                    service, town, When(date=today, time=now.time()), today
                )
                for offset in range(1, (opening.date - today).days):
                    date = today + datetime.timedelta(days=offset)
                    assert not _available(service, town, When(date=date), today), starts
            badge_open = {r.service.name for r in results if r.opening and r.opening.is_open_now}
            filtered = client.get(f"/services/?town={town.code}&open_now=1").context["results"]
            assert {r.service.name for r in filtered} == badge_open
        transaction.set_rollback(True)
