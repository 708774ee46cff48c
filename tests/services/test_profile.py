"""The service profile: what, for whom, where and when, contacts, status, events, access."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from directory.models import Publication
from services import weekdays
from services.models import Frequency, LocationKind, ServiceStatus
from tests.conftest import T
from tests.factories import (
    EventFactory,
    LocationFactory,
    OrganizationFactory,
    ScheduleFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def page(client, service):
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def main(html: str) -> str:
    return html.split('<main id="content"', 1)[1].split("</main>", 1)[0]


def test_profile_says_what_for_whom_and_how_in_czech(client, service):
    html = main(page(client, service))
    assert "<h1>Kontaktní centrum Jihlava</h1>" in html
    assert "Výměna injekčního materiálu" in html  # activity
    assert "Problémoví uživatelé drog (EMCDDA)" in html  # target group
    assert "Pervitin (metamfetamin)" in html  # substance
    assert "čeština" in html  # language
    assert "od 15 let" in html
    assert "Zdarma" in html
    assert "nemusíte uvádět své jméno" in html
    assert "§ 59" in html and "1234567" in html


def test_paid_and_named_services_say_so_plainly(client, service):
    service.is_free = False
    service.cost_note = "50 Kč za konzultaci"
    service.is_anonymous = False
    service.save()
    html = main(page(client, service))
    assert "Za poplatek" in html and "50 Kč za konzultaci" in html
    assert "služba se zeptá na vaše jméno" in html


def test_weekly_table_per_location_with_every_weekday(client, service):
    html = main(page(client, service))
    tables = re.findall(r'<table class="week">.*?</table>', html, flags=re.S)
    assert len(tables) == 2  # the contact centre and the outreach stop in Humpolec
    premises, outreach = tables
    for day in ("Pondělí", "Úterý", "Středa", "Čtvrtek", "Pátek", "Sobota", "Neděle"):
        assert day in premises and day in outreach
    assert premises.count("10:00–17:00") == 5
    assert "zavřeno" in premises  # the weekend
    assert outreach.count("13:00–18:00") == 1
    assert "odpoledne až večer" not in outreach  # the note is written once, below the table
    assert "<li>Čt 13:00–18:00: odpoledne až večer</li>" in html
    assert "Zavřeno ve státní svátky." in html


def test_every_n_weeks_and_monthly_rules_are_written_out(client, service):
    premises = service.locations.get(kind=LocationKind.PREMISES)
    ScheduleFactory(
        location=premises,
        days=weekdays.bit(5),
        freq=Frequency.MONTHLY,
        week_of_month=-1,
        opens_at=T("09:00"),
        closes_at=T("12:00"),
    )
    ScheduleFactory(
        location=premises,
        days=weekdays.bit(6),
        interval=2,
        valid_from=datetime.date(2026, 1, 4),
        opens_at=T("14:00"),
        closes_at=T("16:00"),
    )
    html = main(page(client, service))
    assert "poslední sobota v měsíci 09:00–12:00" in html
    assert "každý 2. týden: Ne 14:00–16:00" in html


def test_next_opening_and_closures_are_shown(client, service, closure):
    html = main(page(client, service))
    assert "Nejbližší otevření" in html
    start = closure.starts_on
    assert f"{start.day}. {start.month}. {start.year}" in html
    assert "dovolená" in html


def test_remote_line_and_service_area_are_listed(client, service, remote_line):
    html = main(page(client, service))
    assert "Telefonicky" in html
    assert "Působí také v" in html
    assert f"ORP {remote_line.location.service.areas.get().orp.name}" in html


def test_addresses_and_map_work_without_javascript(client, service):
    html = page(client, service)
    body = main(html)
    # The address and a plain link to OpenStreetMap are in the HTML.
    assert "Žižkova 15, 586 01 Jihlava" in body
    assert "https://www.openstreetmap.org/?mlat=49.39790&amp;mlon=15.58660" in body
    # The map is an enhancement: hidden until the script draws it.
    assert re.search(r'<div class="map no-print" hidden\s', body)
    points = json.loads(
        re.search(
            r'<script id="service-map-points" type="application/json">(.*?)</script>', body
        ).group(1)
    )
    assert {
        "lat": 49.3979,
        "lng": 15.5866,
        "title": "Kontaktní centrum",
        "address": "Žižkova 15, Jihlava",
    } in points
    assert len(points) == 2
    assert "/static/leaflet/leaflet.js" in html
    assert "/static/leaflet/leaflet.css" in html
    assert "/static/js/map.js" in html
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in body


def test_a_service_without_places_has_no_map_scripts(client):
    service = ServiceFactory()
    html = page(client, service)
    assert "leaflet" not in html
    assert "neuvedla místo ani otevírací dobu" in html


def test_no_inline_scripts_or_styles(client, service, remote_line, event):
    """The strict CSP blocks inline code: only data blocks and external scripts are allowed."""
    html = page(client, service)
    for attributes, content in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        if content.strip():
            assert re.search(r'type="application/(ld\+)?json"', attributes), attributes
        else:
            assert "src=" in attributes
    assert " style=" not in html
    assert "<style" not in html
    assert not re.search(r"<[^>]+\son[a-z]+=", html)  # no onclick= and the like


def test_contacts_and_organization(client, service):
    html = main(page(client, service))
    assert 'href="tel:+420567123456"' in html
    assert 'href="mailto:kc@example.cz"' in html
    assert f'href="{service.organization.get_absolute_url()}"' in html
    assert "IČO 27006905" in html


def test_service_without_contacts_points_to_the_organization(client, organization):
    service = ServiceFactory(organization=organization)
    html = main(page(client, service))
    assert "Kontaktujte organizaci Centrum U Větrníku" in html
    assert 'href="mailto:info@example.cz"' in html


def test_service_of_an_unpublished_organization_is_a_preview_for_staff_only(client, admin_client):
    organization = OrganizationFactory(name="Skrytá organizace", publication=Publication.DRAFT)
    service = ServiceFactory(organization=organization)
    assert client.get(service.get_absolute_url()).status_code == 404
    # Staff preview it as the public would see it once the organization is published.
    html = main(page(admin_client, service))
    assert "Skrytá organizace" in html
    assert organization.get_absolute_url() not in html


def test_related_upcoming_events(client, service):
    other = OrganizationFactory()
    related = EventFactory(title="Událost ke službě", organizer=other)
    related.related_services.add(service)
    EventFactory(title="Pořádá organizace", organizer=service.organization)
    joined = EventFactory(title="Organizace se účastní", organizer=other)
    joined.participants.add(service.organization)
    EventFactory(title="Cizí událost", organizer=other)
    EventFactory(
        title="Proběhlá událost",
        organizer=service.organization,
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    EventFactory(
        title="Rozpracovaná událost",
        organizer=service.organization,
        publication=Publication.DRAFT,
    )
    html = main(page(client, service))
    for title in ("Událost ke službě", "Pořádá organizace", "Organizace se účastní"):
        assert title in html
    for title in ("Cizí událost", "Proběhlá událost", "Rozpracovaná událost"):
        assert title not in html


def test_verified_date_is_shown(client, service):
    service.last_verified = datetime.date(2026, 3, 5)
    service.save()
    html = main(page(client, service))
    assert "Ověřeno 5. 3. 2026" in html


def test_stale_listing_shows_a_warning(client, service, settings):
    settings.STALE_AFTER_DAYS = 183
    service.last_verified = timezone.localdate() - datetime.timedelta(days=200)
    service.save()
    html = main(page(client, service))
    assert "naposledy ověřeny před více než 6 měsíci" in html


def test_fresh_listing_has_no_warning(client, service):
    html = main(page(client, service))
    assert "naposledy ověřeny" not in html
    assert "Před návštěvou" not in html


def test_never_verified_listing_shows_a_warning(client, service):
    service.last_verified = None
    service.save()
    html = main(page(client, service))
    assert "zatím nikdo neověřil" in html


@pytest.mark.parametrize(
    ("status", "banner"),
    [
        (ServiceStatus.PLANNED, "Služba se připravuje."),
        (ServiceStatus.TEMPORARILY_CLOSED, "Dočasně uzavřeno."),
        (ServiceStatus.ENDED, "Služba skončila."),
    ],
)
def test_status_banners(client, service, status, banner):
    service.status = status
    service.save()
    html = main(page(client, service))
    assert banner in html
    assert "Nejbližší otevření" not in html  # only active services announce openings


def test_active_service_has_no_status_banner(client, service):
    html = main(page(client, service))
    for banner in ("Služba se připravuje.", "Dočasně uzavřeno.", "Služba skončila."):
        assert banner not in html


@pytest.mark.parametrize("publication", [Publication.DRAFT, Publication.ARCHIVED])
def test_unpublished_profiles_are_404_for_anonymous_and_professionals(
    client, professional, service, publication
):
    service.publication = publication
    service.save()
    assert client.get(service.get_absolute_url()).status_code == 404
    client.force_login(professional)
    assert client.get(service.get_absolute_url()).status_code == 404


def test_staff_may_preview_a_draft_with_a_banner(client, django_user_model, service):
    service.publication = Publication.DRAFT
    service.save()
    client.force_login(django_user_model.objects.create_user("koordinator", is_staff=True))
    html = main(page(client, service))
    assert "Koncept: profil zatím není veřejný." in html


def test_unknown_service_is_404(client, db):
    response = client.get("/services/neexistuje/")
    assert response.status_code == 404


def test_post_to_a_profile_is_not_allowed(client, service):
    response = client.post(service.get_absolute_url())
    assert response.status_code == 405


def test_profile_in_english(client, service):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = main(page(client, service))
    assert "Free of charge" in html
    assert "from 15 years" in html
    assert "Monday" in html
    assert "Problem drug users (EMCDDA)" in html


def _profile_with(n: int):
    service = ServiceFactory()
    for i in range(n):
        location = LocationFactory(service=service, address=f"Ulice {i}")
        ScheduleFactory(location=location, days=weekdays.bit(i % 7))
        EventFactory(organizer=service.organization).related_services.add(service)
    return service


@pytest.mark.parametrize("n", [1, 3])
def test_profile_query_count_does_not_grow(client, django_assert_num_queries, n):
    service = _profile_with(n)
    # The id by slug, service+organization, 12 prefetches (types, locations, schedules, areas,
    # closures, the alerts shown today, activities, target groups, substances, languages,
    # capacities, contacts), related events and their audiences (the fragment cache is off in
    # tests).
    with django_assert_num_queries(16):
        response = client.get(service.get_absolute_url())
    assert response.content.decode().count('<table class="week">') == n
