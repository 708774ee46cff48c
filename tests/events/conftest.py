import datetime

import pytest

from events.models import PRAGUE
from tests.factories import EventFactory, MunicipalityFactory


def prague(*args) -> datetime.datetime:
    """An aware Prague time: prague(2017, 5, 24, 10) is 24 May 2017 10:00 CEST."""
    return datetime.datetime(*args, tzinfo=PRAGUE)


@pytest.fixture
def seminar(db):
    """The Pelhřimov OSPOD seminar of the seeds, on 24 May 2017 10:00–14:00 Prague time."""
    town = MunicipalityFactory(name="Pelhřimov", orp__region__slug="kraj-vysocina")
    return EventFactory(
        title="Seminář OSPOD a K-centrum",
        starts_at=prague(2017, 5, 24, 10),
        ends_at=prague(2017, 5, 24, 14),
        municipality=town,
        venue_name="Městský úřad",
        venue_address="Pražská 2490",
    )
