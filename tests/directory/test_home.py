"""Home page: the quick search first, regions and types with counts, upcoming events."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from directory.models import Publication
from events.models import EventKind
from services.models import ServiceStatus
from tests.factories import (
    EventFactory,
    LocationFactory,
    MunicipalityFactory,
    OrpFactory,
    RegionFactory,
    ServiceAreaFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def main(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split('<main id="content"', 1)[1].split("</main>", 1)[0]


def region_count(html: str, name: str) -> str:
    match = re.search(rf">{re.escape(name)}(?:</a>)?\s*<span class=\"count\">([^<]+)</span>", html)
    assert match, name
    return match.group(1)


def test_quick_search_comes_first_and_asks_for_town_day_and_type(client, service):
    html = main(client.get("/"))
    form = re.search(r"<form[^>]*>.*?</form>", html, flags=re.S).group(0)
    assert html.index("<form") < html.index("Typy služeb") < html.index("Kraje")
    assert 'action="/services/"' in form and 'method="get"' in form
    assert 'name="town"' in form
    assert 'name="day"' in form and '<option value="thu">Čtvrtek</option>' in form
    assert (
        'name="type"' in form
        and '<option value="contact_centre">Kontaktní centrum</option>' in form
    )
    # Town names are suggested as one types (htmx), not listed in the page.
    assert "<datalist" not in form
    assert 'hx-get="/services/towns/suggest/"' in form and 'hx-include="closest form"' in form
    assert 'aria-describedby="home-town-hint"' in form and 'id="home-town-hint"' in form
    assert '<label for="home-town">Obec</label>' in form


def test_town_suggestions_need_no_inline_script(client, db):
    content = client.get("/").content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in content
    assert '<meta name="htmx-config"' in content
    assert "<script>" not in content and " style=" not in content


def test_a_suggestion_keeps_the_day_and_type_chosen_on_the_home_page(client, db):
    MunicipalityFactory(name="Jihlava", code="586846")
    response = client.get("/services/towns/suggest/", {"town": "jihl", "day": "thu", "type": ""})
    assert 'href="/services/?town=586846&amp;day=thu"' in response.text


def test_region_counts_follow_locations_and_service_areas(client):
    vysocina = RegionFactory(name="Kraj Vysočina", slug="vysocina")
    jihomoravsky = RegionFactory(name="Jihomoravský kraj", slug="jihomoravsky")
    RegionFactory(name="Zlínský kraj", slug="zlinsky")
    jihlava = MunicipalityFactory(name="Jihlava", orp__region=vysocina)
    brno = MunicipalityFactory(name="Brno", orp__region=jihomoravsky)

    # Vysočina: premises there; an outreach by ORP; a phone line by region; a municipality area.
    LocationFactory(service__name="KC Jihlava", municipality=jihlava)
    ServiceAreaFactory(service__name="Terén", orp=OrpFactory(region=vysocina))
    ServiceAreaFactory(service__name="Linka", region=vysocina)
    ServiceAreaFactory(service__name="Obec", municipality=jihlava)
    # Counted once although it has premises in Brno and covers Brno's region too.
    both = LocationFactory(service__name="Brno", municipality=brno).service
    ServiceAreaFactory(service=both, region=jihomoravsky)
    # Not counted: unpublished or ended.
    LocationFactory(service__publication=Publication.DRAFT, municipality=jihlava)
    LocationFactory(service__status=ServiceStatus.ENDED, municipality=jihlava)
    # Planned services are listed (and labelled), so they count.
    LocationFactory(service__status=ServiceStatus.PLANNED, municipality=brno)

    html = main(client.get("/"))
    assert region_count(html, "Kraj Vysočina") == "4 služby"
    assert region_count(html, "Jihomoravský kraj") == "2 služby"
    assert region_count(html, "Zlínský kraj") == "0 služeb"
    assert 'href="/services/?region=vysocina"' in html
    assert 'href="/services/?region=zlinsky"' not in html  # nothing to find there


def test_service_types_link_to_the_search_with_counts(client, service):
    ServiceFactory(types=["outreach"])
    ServiceFactory(types=["outreach"], publication=Publication.DRAFT)
    html = main(client.get("/"))
    assert re.search(
        r'<a href="/services/\?type=outreach">Terénní program</a>\s*<span class="count">1 služba</span>',
        html,
    )
    assert 'href="/services/?type=contact_centre"' in html
    assert "?type=aftercare" not in html  # types without services are left out


def test_upcoming_published_events(client, db):
    upcoming = EventFactory(title="Setkání pracovní skupiny")
    EventFactory(title="Minulé setkání", starts_at=timezone.now() - datetime.timedelta(days=2))
    EventFactory(title="Koncept", publication=Publication.DRAFT)
    html = main(client.get("/"))
    assert f'href="{upcoming.get_absolute_url()}"' in html
    assert "Minulé setkání" not in html
    assert "Koncept" not in html


def test_empty_directory_still_renders(client, db):
    html = main(client.get("/"))
    assert "Zatím tu nejsou žádné služby." in html
    assert "Žádné akce se teď nechystají." in html


def test_home_is_czech_by_default_and_has_its_own_title(client, db):
    content = client.get("/").content.decode()
    assert '<html lang="cs">' in content
    assert "<title>Adresář adiktologických služeb</title>" in content


def test_home_rejects_post(client, db):
    assert client.post("/").status_code == 405


def fill(n: int) -> None:
    """n services with a location and n with an area, each in a region of its own; n events."""
    for _ in range(n):
        LocationFactory()
        ServiceAreaFactory(orp=OrpFactory())
        EventFactory()


@pytest.mark.parametrize("n", [1, 3])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, n):
    fill(n)
    # The fragment cache off (as in tests): regions, types, events and their audiences on
    # every request; the counts per region and type once (their own cache).
    with django_assert_num_queries(6):
        client.get("/")
    with django_assert_num_queries(4):
        client.get("/")


def test_counts_follow_changes_at_once(client, db, django_capture_on_commit_callbacks):
    """Once a change commits (the content version is bumped then), the counts follow it."""
    region = RegionFactory(name="Kraj Vysočina")
    town = MunicipalityFactory(orp__region=region)
    LocationFactory(municipality=town, service__types=["outreach"])
    assert region_count(main(client.get("/")), "Kraj Vysočina") == "1 služba"
    with django_capture_on_commit_callbacks(execute=True):
        second = ServiceAreaFactory(region=region, service__types=["outreach"]).service
    html = main(client.get("/"))
    assert region_count(html, "Kraj Vysočina") == "2 služby"
    assert re.search(r'>Terénní program</a>\s*<span class="count">2 služby</span>', html)
    second.status = ServiceStatus.ENDED
    with django_capture_on_commit_callbacks(execute=True):
        second.save()
    assert region_count(main(client.get("/")), "Kraj Vysočina") == "1 služba"


def test_regions_are_in_czech_alphabetical_order_ignoring_accents(client, db):
    for name in ("Zlínský kraj", "Ústecký kraj", "Jihočeský kraj"):
        RegionFactory(name=name)
    html = main(client.get("/"))
    assert html.index("Jihočeský kraj") < html.index("Ústecký kraj") < html.index("Zlínský kraj")


# The fragment cache on: the parts are rendered once per language and content version.


@pytest.mark.parametrize("n", [1, 3])
def test_home_again_runs_no_query(client, fragment_cache, django_assert_num_queries, n):
    fill(n)
    with django_assert_num_queries(6):  # as without the fragment cache
        first = client.get("/")
    with django_assert_num_queries(0):
        again = client.get("/")
    assert again.text == first.text
    html = main(again)
    assert html.count('class="card event-item"') == n
    assert html.count('<span class="count">1 služba</span>') == 2 * n  # a region each


@pytest.mark.parametrize("n", [1, 3])
def test_home_again_runs_only_the_sign_in_queries_for_a_professional(
    professional_client, fragment_cache, django_assert_num_queries, n
):
    fill(n)
    professional_client.get("/")
    with django_assert_num_queries(2):  # the session and the user
        again = professional_client.get("/")
    assert main(again).count('class="card event-item"') == n


def test_signed_in_users_see_the_shared_parts_under_their_own_header(
    client, professional, fragment_cache
):
    EventFactory(title="Setkání pracovní skupiny")
    anonymous = client.get("/").text
    assert "Přihlásit se" in anonymous and "Odhlásit se" not in anonymous
    client.force_login(professional)
    signed_in = client.get("/").text
    assert "Odhlásit se" in signed_in and "Přihlásit se" not in signed_in
    assert 'name="csrfmiddlewaretoken"' in signed_in  # the sign-out form, never cached
    assert main(client.get("/")) == main(Client().get("/"))
    assert "Setkání pracovní skupiny" in main(client.get("/"))


def test_home_edits_show_at_once(client, fragment_cache, django_capture_on_commit_callbacks):
    region = RegionFactory(name="Kraj Vysočina")
    town = MunicipalityFactory(orp__region=region)
    draft = LocationFactory(
        municipality=town, service__types=["outreach"], service__publication=Publication.DRAFT
    ).service
    html = main(client.get("/"))
    assert region_count(html, "Kraj Vysočina") == "0 služeb"
    assert "Žádné akce se teď nechystají." in html
    with django_capture_on_commit_callbacks(execute=True):  # the edits commit
        event = EventFactory(title="Setkání pracovní skupiny")
        draft.publication = Publication.PUBLISHED
        draft.save()
    html = main(client.get("/"))
    assert region_count(html, "Kraj Vysočina") == "1 služba"
    assert re.search(r'>Terénní program</a>\s*<span class="count">1 služba</span>', html)
    assert f'href="{event.get_absolute_url()}"' in html
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Setkání koordinátorů"
        event.save()
    html = main(client.get("/"))
    assert "Setkání koordinátorů" in html and "Setkání pracovní skupiny" not in html


def test_the_events_move_on_when_one_is_over(
    client, fragment_cache, time_machine, django_assert_num_queries
):
    """No edit retires the cached events when one of them ends: the page notices it."""
    now = datetime.datetime(2026, 12, 2, 15, 0, tzinfo=datetime.UTC)
    time_machine.move_to(now, tick=False)
    ending = EventFactory(
        title="Končí v 15:30",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(minutes=30),
    )
    for day in range(1, 6):
        EventFactory(title=f"Seminář za {day} dní", starts_at=now + datetime.timedelta(days=day))
    html = main(client.get("/"))
    assert "Končí v 15:30" in html and "Seminář za 5 dní" not in html

    # Within the hour the cached parts are kept for.
    time_machine.move_to(now + datetime.timedelta(minutes=45), tick=False)
    with django_assert_num_queries(2):  # the events and their audiences, once
        html = main(client.get("/"))
    assert "Končí v 15:30" not in html and "Seminář za 5 dní" in html
    with django_assert_num_queries(0):
        assert main(client.get("/")) == html
    assert ending.has_ended()


def test_each_language_has_its_own_home_parts(client, fragment_cache):
    EventFactory(kind=EventKind.SEMINAR)
    client.cookies["django_language"] = "en"
    html = main(client.get("/"))
    assert "Upcoming events" in html and "Thursday" in html and "seminar" in html
    client.cookies["django_language"] = "cs"
    html = main(client.get("/"))
    assert "Nejbližší akce" in html and "Čtvrtek" in html and "seminář" in html
