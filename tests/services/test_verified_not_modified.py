"""Verified is not modified: "Ověřeno" is when a person confirmed the whole listing, "Upraveno"
when anything changed; an edit never makes a listing verified."""

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from tests.admin_forms import change_form_data

CHANGE = "admin:services_service_change"
LONG_AGO = datetime.date(2026, 3, 5)


def _verified_long_ago(service):
    service.last_verified = LONG_AGO
    service.save()


def test_editing_a_field_keeps_the_verified_date(coordinator_client, world):
    service = world.our_service
    _verified_long_ago(service)
    url = reverse(CHANGE, args=[service.pk])
    data = change_form_data(coordinator_client.get(url))
    assert "last_verified" not in data  # shown, not editable
    data["summary"] = "Nové shrnutí"
    data["last_verified"] = timezone.localdate().isoformat()  # a crafted POST is ignored
    assert coordinator_client.post(url, data).status_code == 302
    service.refresh_from_db()
    assert service.summary == "Nové shrnutí"
    assert service.last_verified == LONG_AGO
    assert timezone.localdate(service.updated_at) == timezone.localdate()  # both in Prague


def test_the_verify_button_sets_the_date(coordinator_client, world):
    _verified_long_ago(world.our_service)
    url = reverse("admin:services_service_verify", args=[world.our_service.pk])
    assert coordinator_client.post(url).status_code == 302
    world.our_service.refresh_from_db()
    assert world.our_service.last_verified == timezone.localdate()


def test_profile_shows_verified_and_updated_separately(client, world):
    _verified_long_ago(world.our_service)
    html = client.get(world.our_service.get_absolute_url()).content.decode()
    today = timezone.localdate()
    assert "Ověřeno 5. 3. 2026" in html
    assert f"Upraveno {today.day}. {today.month}. {today.year}" in html


def test_a_never_verified_listing_says_so_on_profile_and_card(client, world):
    world.our_service.last_verified = None
    world.our_service.save()
    profile = client.get(world.our_service.get_absolute_url()).content.decode()
    assert "Dosud neověřeno" in profile and "Ověřeno " not in profile
    search = client.get(reverse("services:search"), {"q": "Jihlava"}).content.decode()
    card = search.split("Terénní program Jihlava</a>")[1].split("</article>")[0]
    assert "Dosud neověřeno" in card


def test_cards_show_the_verified_date(client, world):
    _verified_long_ago(world.our_service)
    search = client.get(reverse("services:search"), {"q": "Jihlava"}).content.decode()
    card = search.split("Terénní program Jihlava</a>")[1].split("</article>")[0]
    assert "Ověřeno 5. 3. 2026" in card


def test_hsds_assured_date_is_the_verified_date(client, world):
    _verified_long_ago(world.our_service)
    world.our_service.summary = "Upraveno později"
    world.our_service.save()
    response = client.get(f"/api/services/{world.our_service.derived_hsds_id}")
    record = json.loads(response.content)
    assert record["assured_date"] == "2026-03-05"
    assert record["last_modified"].startswith(timezone.localdate().isoformat())
