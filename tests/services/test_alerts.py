"""Alerts: a dated notice on a service, shown while active on the profile, the search cards and
the handout, and exported as HSDS ``alert``."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services.hsds.export import exported_services
from services.models import Alert
from tests.services.conftest import NOW, THU, outreach

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

SEARCH = "/services/?town=Humpolec&day=thu"
TODAY = NOW.date()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def today(monkeypatch):
    """The profile's and the export's "today" (the search's is the pinned NOW), set by hand."""

    def set_today(date):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: date)

    set_today(TODAY)
    return set_today


@pytest.fixture
def service(humpolec, today):
    return outreach(humpolec, THU, name="Terénní program Humpolec").service


def alert(service, text, starts_on=None, ends_on=None):
    return Alert.objects.create(service=service, text=text, starts_on=starts_on, ends_on=ends_on)


def shown_on_every_page(client, text) -> dict[str, bool]:
    profile = reverse("services:detail", args=["terenni-program-humpolec"])
    return {
        "profile": text in client.get(profile).content.decode(),
        "card": text in client.get(SEARCH).content.decode(),
        "handout": text in client.get(f"{SEARCH}&print=1").content.decode(),
    }


def test_an_active_alert_is_a_banner_everywhere(client, service):
    alert(service, "Dnes terén nevyjíždí", starts_on=TODAY, ends_on=TODAY)
    assert shown_on_every_page(client, "Dnes terén nevyjíždí") == dict.fromkeys(
        ("profile", "card", "handout"), True
    )


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [(TODAY + DAY, None), (None, TODAY - DAY), (TODAY - 10 * DAY, TODAY - DAY)],
    ids=["not yet", "over", "over, dated"],
)
def test_an_inactive_alert_is_shown_nowhere(client, service, starts_on, ends_on):
    alert(service, "Od 1. 3. nové číslo", starts_on=starts_on, ends_on=ends_on)
    assert not any(shown_on_every_page(client, "Od 1. 3. nové číslo").values())


def test_an_alert_appears_and_disappears_by_its_dates(client, service, today):
    alert(service, "Od 1. 3. nové číslo", starts_on=TODAY, ends_on=TODAY + 2 * DAY)
    url = service.get_absolute_url()
    for day, shown in ((-1, False), (0, True), (2, True), (3, False)):
        today(TODAY + day * DAY)
        assert ("Od 1. 3. nové číslo" in client.get(url).content.decode()) is shown, day


def test_an_alert_that_ends_before_it_starts_is_refused(service):
    with pytest.raises(ValidationError):
        Alert(service=service, text="x", starts_on=TODAY, ends_on=TODAY - DAY).full_clean()


def test_hsds_exports_the_active_alerts_as_alert(client, service):
    alert(service, "Dnes terén nevyjíždí", starts_on=TODAY - DAY, ends_on=TODAY + DAY)
    alert(service, "Nové číslo", starts_on=TODAY)
    alert(service, "Staré upozornění", ends_on=TODAY - DAY)
    [record] = exported_services()
    api = json.loads(client.get(f"/api/services/{record['id']}").content)
    assert record["alert"] == "Dnes terén nevyjíždí\nNové číslo"
    assert api["alert"] == record["alert"]


def test_a_service_without_alerts_exports_no_alert(service):
    [record] = exported_services()
    assert "alert" not in record
