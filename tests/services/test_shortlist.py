"""The caseworker's shortlist (issue 20): collected over several searches, kept in the session,
printed as one handout, shared by a signed link and sent by e-mail."""

import re

import pytest
from django.core import mail
from django.test import Client

from services.models import ServiceStatus
from services.shortlist import MAX_ITEMS, Shortlist
from tests.factories import ServiceFactory
from tests.services.conftest import MON, THU, outreach, premises

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

SHORTLIST = "/services/shortlist/"


@pytest.fixture
def three(humpolec, jihlava):
    """A Thursday outreach stop in Humpolec, a Jihlava centre and a Jihlava-only line."""
    return (
        outreach(humpolec, THU, name="Terén Humpolec").location.service,
        premises(jihlava, name="Kontaktní centrum Jihlava").location.service,
        outreach(jihlava, MON, name="Terén Jihlava").location.service,
    )


def add(client, service, **extra):
    return client.post(SHORTLIST, {"add": service.slug, **extra})


def listed_names(response) -> list[str]:
    items = response.text.split('<ol class="shortlist-items">', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"<h2><a [^>]*>([^<]+)</a></h2>", items)


def share_url(response) -> str:
    return re.search(r'id="share-url" value="([^"]+)"', response.text)[1].replace("&amp;", "&")


def test_a_card_adds_its_service_and_goes_back_to_the_search(client, three):
    humpolec_outreach = three[0]
    search = "/services/?town=Humpolec&day=thu"
    response = add(client, humpolec_outreach, next=search, town="548031")
    assert response.status_code == 302 and response.url == search

    page = client.get(search)
    assert "Added to the shortlist: Terén Humpolec." in page.text
    card = page.text.split("Terén Humpolec", 1)[1].split("</article>", 1)[0]
    assert 'name="remove" value="ter' in card
    assert 'Shortlist<span id="shortlist-count"> (1)</span>' in page.text
    assert listed_names(client.get(SHORTLIST)) == ["Terén Humpolec"]


def test_the_search_cards_offer_the_button_without_a_token_so_pages_stay_cacheable(client, three):
    page = client.get("/services/?town=Humpolec")
    card = page.text.split("Terén Humpolec", 1)[1].split("</article>", 1)[0]
    assert 'name="add"' in card
    assert 'name="town" value="548031"' in card
    assert "csrfmiddlewaretoken" not in page.text
    assert "sessionid" not in page.cookies


def test_adding_and_removing_needs_no_token_but_sending_does(three):
    client = Client(enforce_csrf_checks=True)
    assert add(client, three[0]).status_code == 302
    assert client.post(SHORTLIST, {"remove": three[0].slug}).status_code == 302
    add(client, three[0])
    response = client.post(SHORTLIST, {"send": "", "email": "klient@example.cz"})
    assert response.status_code == 403
    assert mail.outbox == []


def test_the_list_keeps_the_order_moves_and_notes(client, three):
    for service in three:
        add(client, service)
    first, second, third = three
    # "Move down" also saves the notes typed meanwhile: nothing entered is lost.
    client.post(
        SHORTLIST,
        {"down": first.slug, f"note-{first.pk}": "Ptejte se na Petra", f"note-{third.pk}": "Út"},
    )
    page = client.get(SHORTLIST)
    assert listed_names(page) == [second.name, first.name, third.name]
    assert ">Ptejte se na Petra</textarea>" in page.text
    client.post(SHORTLIST, {"up": third.slug})
    client.post(SHORTLIST, {"remove": second.slug})
    page = client.get(SHORTLIST)
    assert listed_names(page) == [third.name, first.name]
    assert ">Út</textarea>" in page.text


def test_at_most_thirty_services(client, humpolec):
    services = [premises(humpolec, name=f"Služba {n:02}").location.service for n in range(31)]
    for service in services[:MAX_ITEMS]:
        add(client, service)
    response = add(client, services[-1], next="/services/")
    assert (
        "The shortlist holds at most 30 services: remove one first."
        in client.get(response.url).text
    )
    assert len(listed_names(client.get(SHORTLIST))) == MAX_ITEMS


def test_unknown_or_unlisted_services_are_refused_or_dropped(client, three):
    response = client.post(SHORTLIST, {"add": "no-such-service"}, follow=True)
    assert response.status_code == 200
    assert "That service is not in the directory (any more)." in response.text
    add(client, three[0])
    add(client, three[1])
    three[0].status = ServiceStatus.ENDED
    three[0].save()
    assert listed_names(client.get(SHORTLIST)) == [three[1].name]


def test_one_handout_with_every_service_its_note_and_the_clients_towns_openings(client, three):
    humpolec_outreach, jihlava_centre, _ = three
    add(client, humpolec_outreach, town="548031")
    add(client, jihlava_centre)
    client.post(SHORTLIST, {f"note-{jihlava_centre.pk}": "Vezměte si průkaz", "save": ""})
    response = client.post(SHORTLIST, {"print": ""})
    assert response.url == f"{SHORTLIST}?print=1"

    handout = client.get(response.url).text
    assert "Next openings for Humpolec" in handout
    assert handout.count('<li class="handout-item">') == 2
    humpolec_item = handout.split("<h2>Terén Humpolec", 1)[1].split("</li>", 1)[0]
    assert "Thu 26. 11." in humpolec_item  # the next Thursday, in Humpolec
    jihlava_item = handout.split("<h2>Kontaktní centrum Jihlava", 1)[1].split("</li>", 1)[0]
    # It does not reach Humpolec: its own next opening, with where.
    assert "Jihlava" in jihlava_item.split("Next opening", 1)[1]
    assert "Vezměte si průkaz" in jihlava_item


def test_the_clients_town_can_be_set_and_a_wrong_one_is_explained(client, three):
    add(client, three[0])
    response = client.post(SHORTLIST, {"town": "Jihlava", "save": ""}, follow=True)
    assert 'name="town" value="Jihlava"' in response.text
    response = client.post(
        SHORTLIST, {"town": "Nikde", "save": "", f"note-{three[0].pk}": "kept"}, follow=True
    )
    assert "No town called “Nikde” was found; the client&#x27;s town was not changed." in (
        response.text
    )
    assert 'name="town" value="Jihlava"' in response.text
    assert ">kept</textarea>" in response.text


def test_the_share_link_shows_the_same_list_elsewhere_without_the_notes(client, three):
    for service in (three[2], three[0]):
        add(client, service, town="548031")
    client.post(SHORTLIST, {f"note-{three[0].pk}": "soukromé", "save": ""})
    link = share_url(client.get(SHORTLIST))
    assert "soukrom" not in link and "548031" in link

    stranger = Client()
    stranger.cookies["django_language"] = "en"
    page = stranger.get(link)
    assert page.status_code == 200
    assert listed_names(page) == [three[2].name, three[0].name]
    assert "soukromé" not in page.text
    assert "Next openings for Humpolec" in page.text
    printed = stranger.get(f"{link}&print=1").text
    assert printed.count('<li class="handout-item">') == 2

    stranger.post(SHORTLIST, {"adopt": link.split("list=", 1)[1]})
    assert Shortlist.from_data(stranger.session["shortlist"]).ids == [three[2].pk, three[0].pk]


def test_a_changed_share_link_is_refused_with_a_message(client, three):
    add(client, three[0])
    link = share_url(client.get(SHORTLIST))
    token = link.split("list=", 1)[1]
    forged = token.replace(f"{three[0].pk}", f"{three[1].pk}", 1)
    response = Client().get(f"{SHORTLIST}?list={forged}", HTTP_COOKIE="django_language=en")
    assert response.status_code == 400
    assert "This link is damaged or was not made by this directory." in response.text


def test_the_list_goes_by_e_mail_with_nothing_about_the_sender(client, three, settings):
    add(client, three[0], town="548031")
    client.post(SHORTLIST, {f"note-{three[0].pk}": "Čtvrtek odpoledne", "save": ""})
    response = client.post(
        SHORTLIST, {"send": "", "email": "klient@example.cz", "message": ""}, follow=True
    )
    assert "The list was sent to klient@example.cz." in response.text
    [sent] = mail.outbox
    assert sent.to == ["klient@example.cz"]
    assert sent.from_email == settings.DEFAULT_FROM_EMAIL
    assert "Terén Humpolec" in sent.body and "Čtvrtek odpoledne" in sent.body
    assert f"{SHORTLIST}?list=" in sent.body
    assert not sent.reply_to and not sent.cc and not sent.bcc


def test_a_wrong_address_keeps_what_was_typed(client, three):
    add(client, three[0])
    response = client.post(
        SHORTLIST,
        {"send": "", "email": "ne-adresa", "message": "Jsem Eva", f"note-{three[0].pk}": "ok"},
    )
    assert response.status_code == 400
    assert "Enter a valid e-mail address, e.g. jana@example.cz." in response.text
    assert 'value="ne-adresa"' in response.text and ">\nJsem Eva</textarea>" in response.text
    assert ">ok</textarea>" in response.text
    assert mail.outbox == []


def test_e_mails_are_limited_per_session(client, three, settings):
    settings.RATELIMIT_ENABLED = True
    settings.SHORTLIST_MAIL_RATE_PER_SESSION = "2/h"
    add(client, three[0])
    statuses = [
        client.post(SHORTLIST, {"send": "", "email": f"k{n}@example.cz"}).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_htmx_swaps_the_button_and_updates_the_count(client, three):
    response = client.post(
        SHORTLIST, {"add": three[0].slug, "next": "/services/"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'name="remove"' in response.text
    assert '<span id="shortlist-count" hx-swap-oob="true"> (1)</span>' in response.text
    assert 'role="status">Added to the shortlist: Terén Humpolec.' in response.text


def test_the_profile_has_the_button(client, three):
    page = client.get(three[1].get_absolute_url())
    assert f'name="add" value="{three[1].slug}"' in page.text


def test_an_empty_list_says_how_to_fill_it(client, db):
    page = client.get(SHORTLIST)
    assert "The shortlist is empty." in page.text


def test_the_page_runs_a_fixed_number_of_queries(client, humpolec, django_assert_num_queries):
    services = [premises(humpolec, name=f"Služba {n:02}").location.service for n in range(12)]
    add(client, services[0], town="548031")
    add(client, services[1])
    client.get(SHORTLIST)  # the session is read from the database as on any request
    # The session, the listed services and their parts (services.listing, with the capacities
    # since issue 20: 10 -> 11); the client's town is resolved once, then read from the cache,
    # with whether its name is unique (what the town field shows: 10 -> 9).
    with django_assert_num_queries(9):
        client.get(SHORTLIST)
    for service in services[2:]:
        add(client, service)
    with django_assert_num_queries(9):
        client.get(SHORTLIST)


def test_no_service_can_take_the_shortlists_address(db):
    assert ServiceFactory(name="Shortlist").slug == "shortlist-2"


def test_the_first_town_searched_stays_the_clients(client, three):
    add(client, three[0], town="548031")  # from a Humpolec search
    add(client, three[1], town="586846")  # then one in Jihlava
    assert Shortlist.from_data(client.session["shortlist"]).town == "548031"


def test_the_session_cookie_is_not_sent_with_cross_site_posts(settings):
    # Why the add and remove buttons may post without a token (services/shortlist_views.py).
    assert settings.SESSION_COOKIE_SAMESITE in ("Lax", "Strict")
