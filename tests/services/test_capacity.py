"""Capacities ("Volná místa", issue 20): the one-step update page and who may use it, what the
cards, the profile and the handout say, ``capacity=free`` and how a figure ages."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from directory.models import Role
from services.models import CapacityUnit, ServiceCapacity
from services.rules import capacity_fresh_from
from services.templatetags.services_extras import capacity_figure, capacity_text
from tests.factories import AccountFactory, OrganizationFactory, UserFactory
from tests.services.conftest import PRAGUE, THU, outreach, premises

pytestmark = pytest.mark.usefixtures("en_client")

# A Tuesday morning in Prague; the clock is moved from here (no pinned "now" in this module).
START = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=PRAGUE)
SEARCH = "/services/?town=Humpolec&capacity=free"


@pytest.fixture(autouse=True)
def pinned_now(time_machine):
    """Instead of the search tests' pinned "now": the real clock, travelled with
    time-machine, so the page, the database filter and the figures' dates move together."""
    time_machine.move_to(START, tick=False)
    return START


@pytest.fixture
def housing_first(humpolec):
    return premises(humpolec, name="Housing First Humpolec").service


@pytest.fixture
def capacity(housing_first):
    return ServiceCapacity.objects.create(
        service=housing_first, unit=CapacityUnit.PLACES, maximum=12, available=0
    )


@pytest.fixture
def editor(housing_first):
    user = UserFactory(username="editorka", first_name="Eva", last_name="Editorová")
    AccountFactory(role=Role.EDITOR, user=user, organizations=[housing_first.organization])
    return user


def url(service) -> str:
    return reverse("services:capacity", args=[service.slug])


def post_available(client, service, capacity, available, **extra):
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(capacity.pk),
        "form-0-loaded_at": capacity.updated_at.isoformat(),
        "form-0-available": str(available),
        "form-0-waiting_people": "",
        "form-0-waiting_weeks": "",
    }
    data.update(extra)
    return client.post(url(service), data)


def sign_out(client):
    """Signed out (the test client forgets its cookies), still reading the English pages."""
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def card_text(client, query=SEARCH) -> str:
    return client.get(query).content.decode()


def names(response) -> list[str]:
    return [result.service.name for result in response.context["results"]]


# --- the update page, end to end ------------------------------------------------------------


def test_editor_updates_available_and_the_card_shows_it_and_capacity_free_matches(
    client, capacity, editor, housing_first, time_machine
):
    assert names(client.get(SEARCH)) == []  # nothing free yet
    client.force_login(editor)
    time_machine.move_to(START + datetime.timedelta(hours=2), tick=False)
    response = post_available(client, housing_first, capacity, 2)
    assert response.status_code == 302 and response["Location"] == url(housing_first)
    capacity.refresh_from_db()
    assert (capacity.available, capacity.updated_by) == (2, editor)
    assert capacity.updated_at == START + datetime.timedelta(hours=2)
    assert capacity.history.latest().history_user == editor
    assert "The free places are updated." in client.get(url(housing_first)).content.decode()

    sign_out(client)
    response = client.get(SEARCH)
    assert names(response) == ["Housing First Humpolec"]
    assert "Free places" in response.content.decode()
    assert "2 of 12 places (as of 1 Dec)" in response.content.decode()
    assert "2 of 12 places (as of 1 Dec)" in card_text(client, f"{SEARCH}&print=1")
    profile = client.get(housing_first.get_absolute_url()).content.decode()
    assert "2 of 12 places (as of 1 Dec)" in profile


def test_fifteen_days_later_the_figure_is_stale_and_no_longer_free(
    client, capacity, editor, housing_first, time_machine
):
    client.force_login(editor)
    post_available(client, housing_first, capacity, 2)
    sign_out(client)

    time_machine.move_to(START + datetime.timedelta(days=14), tick=False)
    assert names(client.get(SEARCH)) == ["Housing First Humpolec"]  # 14 days: still fresh

    time_machine.move_to(START + datetime.timedelta(days=15), tick=False)
    response = client.get(SEARCH)
    assert names(response) == []
    everything = client.get("/services/?town=Humpolec").content.decode()
    assert "figure older than 14 days: 2 of 12 places as of 1 Dec" in everything
    profile = client.get(housing_first.get_absolute_url()).content.decode()
    assert "figure older than 14 days" in profile


def test_saving_unchanged_figures_confirms_them(client, capacity, editor, housing_first):
    capacity.available = 3
    capacity.updated_at = START - datetime.timedelta(days=30)
    capacity.save()
    assert names(client.get(SEARCH)) == []
    client.force_login(editor)
    post_available(client, housing_first, capacity, 3)
    sign_out(client)
    assert names(client.get(SEARCH)) == ["Housing First Humpolec"]


def test_the_waiting_list_is_saved_and_shown(client, capacity, editor, housing_first):
    client.force_login(editor)
    post_available(
        client,
        housing_first,
        capacity,
        0,
        **{"form-0-waiting_people": "5", "form-0-waiting_weeks": "3"},
    )
    capacity.refresh_from_db()
    assert (capacity.waiting_people, capacity.waiting_weeks) == (5, 3)
    sign_out(client)
    text = card_text(client, "/services/?town=Humpolec")
    assert "0 of 12 places (as of 1 Dec); 5 people waiting, waiting time about 3 weeks" in text


# --- who may -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, capacity, housing_first):
    response = client.get(url(housing_first))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = post_available(client, housing_first, capacity, 5)
    assert response.status_code == 302
    capacity.refresh_from_db()
    assert capacity.available == 0


def test_another_organizations_editor_cannot_update(client, capacity, housing_first):
    other = UserFactory(username="jinde")
    AccountFactory(role=Role.EDITOR, user=other, organizations=[OrganizationFactory()])
    client.force_login(other)
    assert client.get(url(housing_first)).status_code == 404
    assert post_available(client, housing_first, capacity, 5).status_code == 404
    capacity.refresh_from_db()
    assert capacity.available == 0


def test_a_coordinator_of_the_region_may_and_of_another_may_not(
    client, capacity, housing_first, humpolec, lhotas
):
    here = UserFactory(username="koordinatorka")
    AccountFactory(user=here, regions=[humpolec.region])
    client.force_login(here)
    assert client.get(url(housing_first)).status_code == 200
    elsewhere = UserFactory(username="jinde")
    AccountFactory(user=elsewhere, regions=[lhotas[0].region])
    client.force_login(elsewhere)
    assert client.get(url(housing_first)).status_code == 404


def test_a_professional_without_an_editing_role_is_refused(
    client, capacity, housing_first, django_user_model
):
    client.force_login(django_user_model.objects.create_user("socialni-pracovnice"))
    assert client.get(url(housing_first)).status_code == 403


def test_only_get_and_post(client, capacity, editor, housing_first):
    client.force_login(editor)
    assert client.put(url(housing_first)).status_code == 405
    assert client.delete(url(housing_first)).status_code == 405


def test_an_unknown_service_is_404(client, editor):
    client.force_login(editor)
    assert client.get(reverse("services:capacity", args=["nic-takoveho"])).status_code == 404


def test_the_profile_links_the_page_for_its_editor_only(client, capacity, editor, housing_first):
    link = url(housing_first)
    assert link not in client.get(housing_first.get_absolute_url()).content.decode()
    client.force_login(editor)
    assert link in client.get(housing_first.get_absolute_url()).content.decode()
    admin_page = client.get(reverse("admin:services_service_change", args=[housing_first.pk]))
    assert link in admin_page.content.decode()


# --- bad input -----------------------------------------------------------------------------


def test_more_free_than_there_are_is_refused(client, capacity, editor, housing_first):
    client.force_login(editor)
    response = post_available(client, housing_first, capacity, 13)
    assert response.status_code == 400
    assert "At most 12 can be free" in response.content.decode()
    for junk in ("-1", "lots", ""):
        assert post_available(client, housing_first, capacity, junk).status_code == 400
    capacity.refresh_from_db()
    assert capacity.available == 0


def test_a_capacity_of_another_service_cannot_be_slipped_in(
    client, capacity, editor, housing_first, pelhrimov
):
    foreign = ServiceCapacity.objects.create(
        service=outreach(pelhrimov, THU, name="Cizí").service, maximum=5, available=0
    )
    client.force_login(editor)
    response = post_available(client, housing_first, foreign, 4)
    assert response.status_code == 400
    assert "not one of the service&#x27;s capacities" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.available == 0
    # Nor can a new one be added through the page.
    response = post_available(
        client,
        housing_first,
        capacity,
        1,
        **{"form-TOTAL_FORMS": "2", "form-1-available": "3", "form-1-maximum": "9"},
    )
    assert response.status_code == 400
    assert ServiceCapacity.objects.filter(service=housing_first).count() == 1


def test_a_figure_updated_meanwhile_is_not_overwritten_unseen(
    client, capacity, editor, housing_first
):
    loaded = capacity.updated_at
    capacity.available = 4
    capacity.updated_at = START + datetime.timedelta(minutes=5)
    capacity.save()
    client.force_login(editor)
    capacity.updated_at = loaded  # what the editor's page was served with
    response = post_available(client, housing_first, capacity, 1)
    assert response.status_code == 400
    assert "it is now 4 of 12 places" in response.content.decode()
    capacity.refresh_from_db()
    assert capacity.available == 4
    # The page now carries the current version: saving again is deliberate and goes through.
    assert f'value="{capacity.updated_at.isoformat()}"' in response.content.decode()
    assert post_available(client, housing_first, capacity, 1).status_code == 302
    capacity.refresh_from_db()
    assert capacity.available == 1


def test_the_model_and_the_database_refuse_impossible_figures(housing_first):
    with pytest.raises(ValidationError):
        ServiceCapacity(service=housing_first, maximum=3, available=4).full_clean()
    with pytest.raises(ValidationError):
        ServiceCapacity(service=housing_first, maximum=0, available=0).full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        ServiceCapacity.objects.create(service=housing_first, maximum=3, available=4)


# --- the search filter ---------------------------------------------------------------------


def test_an_unknown_capacity_value_is_ignored_with_a_notice(client, capacity, housing_first):
    for junk in ("yes", "x" * 300, "FREE!"):
        response = client.get(f"/services/?town=Humpolec&capacity={junk}")
        assert response.status_code == 200
        assert names(response) == ["Housing First Humpolec"]  # not filtered
        assert "is not a capacity filter (use capacity=free): ignored." in (
            response.content.decode()
        )


def test_capacity_free_survives_in_pagination_and_links(client, humpolec):
    for number in range(25):
        service = premises(humpolec, name=f"Služba {number:02}").service
        ServiceCapacity.objects.create(service=service, maximum=3, available=1)
    response = client.get(SEARCH)
    assert response.context["count"] == 25
    assert "capacity=free" in response.context["query"]
    assert "capacity=free" in response.context["print_url"]
    page = response.content.decode()
    assert "page=2" in page and "capacity=free&amp;page=2" in page
    assert re.search(r'<input[^>]*name="capacity"[^>]*value="free"[^>]*checked', page)
    assert len(client.get(f"{SEARCH}&page=2").context["results"]) == 5


def test_the_nearby_section_respects_capacity_free(client, towns):
    humpolec, pelhrimov, _ = towns
    outreach(humpolec, THU, name="V Humpolci")
    free = premises(pelhrimov, name="Volné místo v Pelhřimově").service
    ServiceCapacity.objects.create(service=free, maximum=4, available=1)
    premises(pelhrimov, name="Bez kapacity v Pelhřimově")
    full = premises(pelhrimov, name="Plno v Pelhřimově").service
    ServiceCapacity.objects.create(service=full, maximum=4, available=0)
    response = client.get("/services/?town=Humpolec&within=50&capacity=free")
    assert [result.service.name for result in response.context["nearby"]] == [
        "Volné místo v Pelhřimově"
    ]
    response = client.get("/services/?town=Humpolec&within=50")
    assert len(response.context["nearby"]) == 3


def test_the_api_filters_by_capacity_too(client, capacity, housing_first):
    assert client.get("/api/services?capacity=free").json()["total_items"] == 0
    capacity.available = 1
    capacity.save()
    assert client.get("/api/services?capacity=free").json()["total_items"] == 1
    assert client.get("/api/services?capacity=junk").status_code == 200


# --- the rule and its words ----------------------------------------------------------------


def test_freshness_is_counted_in_prague_dates(housing_first):
    capacity = ServiceCapacity(
        service=housing_first,
        maximum=2,
        available=1,
        # Just after midnight in Prague on 17 November is still 16 November in UTC.
        updated_at=datetime.datetime(2026, 11, 17, 0, 10, tzinfo=PRAGUE),
    )
    assert capacity.is_free(datetime.date(2026, 12, 1))
    assert not capacity.is_free(datetime.date(2026, 12, 2))
    assert capacity_fresh_from(datetime.date(2026, 12, 1)) == datetime.datetime(
        2026, 11, 17, tzinfo=PRAGUE
    )
    capacity.available = 0
    assert not capacity.is_free(datetime.date(2026, 12, 1))


@pytest.mark.parametrize(
    ("unit", "maximum", "czech", "english"),
    [
        (CapacityUnit.BEDS, 12, "2 z 12 lůžek", "2 of 12 beds"),
        (CapacityUnit.BEDS, 1, "1 z 1 lůžka", "1 of 1 bed"),
        (CapacityUnit.BEDS, 3, "2 z 3 lůžek", "2 of 3 beds"),
        (CapacityUnit.PLACES, 12, "2 z 12 míst", "2 of 12 places"),
        (CapacityUnit.PLACES, 1, "1 z 1 místa", "1 of 1 place"),
        (CapacityUnit.CLIENTS, 4, "2 z 4 klientů", "2 of 4 clients"),
        (CapacityUnit.CLIENTS, 1, "1 z 1 klienta", "1 of 1 client"),
    ],
)
def test_figures_decline_the_unit_for_the_maximum(unit, maximum, czech, english):
    capacity = ServiceCapacity(unit=unit, maximum=maximum, available=min(2, maximum))
    with translation.override("cs"):
        assert capacity_figure(capacity) == czech
    with translation.override("en"):
        assert capacity_figure(capacity) == english


def test_the_czech_wording_with_date_waiting_list_and_age():
    capacity = ServiceCapacity(
        unit=CapacityUnit.BEDS,
        maximum=12,
        available=2,
        waiting_people=3,
        waiting_weeks=1,
        note="pro ženy",
        updated_at=datetime.datetime(2026, 12, 1, 10, 0, tzinfo=PRAGUE),
    )
    with translation.override("cs"):
        assert capacity_text(capacity, datetime.date(2026, 12, 4)) == (
            "2 z 12 lůžek (k 1. 12.); čekají 3 lidé, čekací doba asi 1 týden – pro ženy"
        )
        assert capacity_text(capacity, datetime.date(2026, 12, 16)).startswith(
            "údaj starší než 14 dní: 2 z 12 lůžek k 1. 12."
        )
        # A figure from another year names the year.
        assert "k 1. 12. 2026" in capacity_text(capacity, datetime.date(2027, 1, 2))


def test_the_page_runs_the_same_queries_for_one_capacity_or_three(
    client, capacity, editor, housing_first
):
    client.force_login(editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(housing_first)).status_code == 200
        return len(captured)

    one = queries()
    for unit in (CapacityUnit.BEDS, CapacityUnit.CLIENTS):
        ServiceCapacity.objects.create(
            service=housing_first, unit=unit, maximum=4, available=1, updated_by=editor
        )
    assert queries() == one


def test_the_shortlist_handout_shows_the_free_places_too(client, capacity, housing_first):
    client.post(reverse("services:shortlist"), {"add": housing_first.slug})
    handout = client.get(reverse("services:shortlist"), {"print": "1"}).content.decode()
    assert "Housing First Humpolec" in handout
    assert "0 of 12 places (as of 1 Dec)" in handout
