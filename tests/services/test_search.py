"""/services/: what a caseworker finds for a town, a day and a time, and why."""

import datetime

import pytest

from services.models import ServiceStatus, refresh_search_texts
from tests.factories import (
    ClosureFactory,
    LocationFactory,
    OrganizationFactory,
    ServiceAreaFactory,
    ServiceFactory,
    term,
)
from tests.services.conftest import (
    FRI,
    MON,
    SAT,
    THU,
    outreach,
    phone_line,
    premises,
)

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")

THURSDAY = datetime.date(2026, 11, 26)


def search(client, **params):
    response = client.get("/services/", params)
    assert response.status_code == 200
    return response


def names(response) -> list[str]:
    return [result.service.name for result in response.context["results"]]


def reasons(response, name: str) -> list[str]:
    [result] = [r for r in response.context["results"] if r.service.name == name]
    return [reason.text for reason in result.reasons]


def test_outreach_is_found_in_its_town_only_on_its_day(client, towns):
    humpolec, _pelhrimov, _ = towns
    outreach(humpolec, THU)
    thursday = search(client, town="Humpolec", day="thu")
    assert names(thursday) == ["Terénní program"]
    assert reasons(thursday, "Terénní program") == ["Humpolec: every Thursday 13:00–18:00"]
    assert "Humpolec: every Thursday 13:00–18:00" in thursday.text
    assert names(search(client, town="Humpolec", day="mon")) == []
    assert names(search(client, town="Pelhřimov", day="thu")) == []
    assert names(search(client, town="Humpolec")) == ["Terénní program"]


def test_several_days_mean_any_of_them(client, humpolec):
    outreach(humpolec, THU)
    assert names(client.get("/services/?town=Humpolec&day=mon&day=thu")) == ["Terénní program"]
    assert names(client.get("/services/?town=Humpolec&day=mon&day=fri")) == []
    assert names(client.get("/services/?town=Humpolec&day=mon,thu")) == ["Terénní program"]


def test_area_coverage_through_orp_and_region(client, towns):
    humpolec, _pelhrimov, _jihlava = towns
    by_orp = ServiceFactory(name="Pokrývá ORP Humpolec")
    ServiceAreaFactory(service=by_orp, orp=humpolec.orp)
    by_region = ServiceFactory(name="Pokrývá kraj")
    ServiceAreaFactory(service=by_region, region=humpolec.region)
    response = search(client, town="Humpolec")
    assert names(response) == ["Pokrývá kraj", "Pokrývá ORP Humpolec"]
    assert reasons(response, "Pokrývá ORP Humpolec") == ["covers ORP Humpolec"]
    assert reasons(response, "Pokrývá kraj") == ["covers Kraj Vysočina"]
    assert names(search(client, town="Pelhřimov")) == ["Pokrývá kraj"]


def test_with_a_day_area_coverage_counts_through_remote_sessions_only(client, towns):
    humpolec, _, jihlava = towns
    line = ServiceFactory(name="Linka")
    phone_line(line, orp=humpolec.orp, days=(MON, THU))
    centre = premises(jihlava, days=(THU,), name="Centrum v Jihlavě").service
    ServiceAreaFactory(service=centre, orp=humpolec.orp)
    thursday = search(client, town="Humpolec", day="thu")
    assert names(thursday) == ["Linka"]
    assert reasons(thursday, "Linka") == ["by phone: Mon, Thu 09:00–17:00"]
    assert names(search(client, town="Humpolec", day="sat")) == []
    undated = search(client, town="Humpolec")
    assert names(undated) == ["Centrum v Jihlavě", "Linka"]
    assert reasons(undated, "Linka") == ["covers ORP Humpolec (by phone)"]


def test_remote_line_without_an_area_is_not_in_any_town(client, humpolec):
    line = ServiceFactory(name="Celostátní linka")
    phone_line(line, region=None, orp=None, municipality=humpolec)
    other = ServiceFactory(name="Linka bez oblasti")
    LocationFactory(service=other, kind="remote", municipality=None, channel="phone")
    assert names(search(client, town="Humpolec", day="mon")) == ["Celostátní linka"]


def test_opening_time_is_inclusive_and_closing_time_exclusive(client, humpolec):
    outreach(humpolec, THU, "13:00", "18:00")
    assert names(search(client, town="Humpolec", day="thu", time="13:00")) == ["Terénní program"]
    assert names(search(client, town="Humpolec", day="thu", time="17:59")) == ["Terénní program"]
    assert names(search(client, town="Humpolec", day="thu", time="18:00")) == []
    assert names(search(client, town="Humpolec", day="thu", time="12:59")) == []


def test_every_other_week_counts_from_valid_from(client, humpolec):
    outreach(humpolec, THU, interval=2, valid_from=THURSDAY)
    assert names(search(client, town="Humpolec", date="2026-11-26")) == ["Terénní program"]
    assert names(search(client, town="Humpolec", date="2026-12-03")) == []
    assert names(search(client, town="Humpolec", date="2026-12-10")) == ["Terénní program"]
    assert "every 2. week" in search(client, town="Humpolec").text


def test_nth_weekday_of_the_month(client, humpolec):
    outreach(humpolec, MON, name="První pondělí", freq="MONTHLY", week_of_month=1)
    outreach(humpolec, FRI, name="Poslední pátek", freq="MONTHLY", week_of_month=-1)
    assert names(search(client, town="Humpolec", date="2026-12-07")) == ["První pondělí"]
    assert names(search(client, town="Humpolec", date="2026-12-14")) == []
    assert names(search(client, town="Humpolec", date="2027-01-29")) == ["Poslední pátek"]
    assert names(search(client, town="Humpolec", date="2027-01-22")) == []


def test_valid_from_and_to_bound_the_sessions(client, humpolec):
    outreach(humpolec, THU, valid_from=THURSDAY, valid_to=datetime.date(2026, 12, 3))
    assert names(search(client, town="Humpolec", date="2026-11-19")) == []
    assert names(search(client, town="Humpolec", date="2026-11-26")) == ["Terénní program"]
    assert names(search(client, town="Humpolec", date="2026-12-10")) == []


def test_an_ended_schedule_no_longer_counts_without_a_date(client, humpolec):
    outreach(humpolec, THU, valid_to=datetime.date(2026, 11, 1))  # before the pinned now
    assert names(search(client, town="Humpolec", day="thu")) == []


def test_closures_and_public_holidays(client, humpolec):
    closed = outreach(humpolec, THU, name="Zavřeno 26. 11.")
    ClosureFactory(service=closed.service, starts_on=THURSDAY, ends_on=THURSDAY)
    outreach(humpolec, THU, name="Ve svátek zavřeno")
    outreach(humpolec, THU, name="Ve svátek otevřeno", open_on_holidays=True)
    assert names(search(client, town="Humpolec", date="2026-11-26")) == [
        "Ve svátek otevřeno",
        "Ve svátek zavřeno",
    ]
    christmas_eve = search(client, town="Humpolec", date="2026-12-24")
    assert names(christmas_eve) == ["Ve svátek otevřeno"]


def test_open_now_uses_prague_time_and_today(client, humpolec, pinned_now):
    # The pinned now is Monday noon.
    premises(humpolec, days=(MON,), opens="08:00", closes="12:00", name="Dopoledne")
    premises(humpolec, days=(MON,), opens="12:00", closes="16:00", name="Odpoledne")
    premises(humpolec, days=(THU,), opens="08:00", closes="20:00", name="Ve čtvrtek")
    response = search(client, town="Humpolec", open_now="1")
    assert names(response) == ["Odpoledne"]
    assert "open now, until 16:00" in response.text


def test_only_published_active_or_planned_services_are_listed(client, humpolec):
    outreach(humpolec, THU, name="Běží")
    outreach(humpolec, THU, name="Plánovaná")
    outreach(humpolec, THU, name="Koncept")
    outreach(humpolec, THU, name="Ukončená")
    outreach(humpolec, THU, name="Dočasně zavřená")
    from services.models import Service

    Service.objects.filter(name="Plánovaná").update(status=ServiceStatus.PLANNED)
    Service.objects.filter(name="Koncept").update(publication="draft")
    Service.objects.filter(name="Ukončená").update(status=ServiceStatus.ENDED)
    Service.objects.filter(name="Dočasně zavřená").update(status=ServiceStatus.TEMPORARILY_CLOSED)
    response = search(client, town="Humpolec", day="thu")
    assert names(response) == ["Běží", "Plánovaná"]
    assert "planned, not running yet" in response.text


def test_search_by_orp_and_by_region(client, towns):
    humpolec, pelhrimov, _jihlava = towns
    outreach(humpolec, THU, name="V Humpolci")
    outreach(pelhrimov, MON, name="V Pelhřimově")
    assert names(search(client, orp="humpolec")) == ["V Humpolci"]
    assert names(search(client, orp="6110")) == ["V Pelhřimově"]
    assert names(search(client, orp="Pelhřimov", day="thu")) == []
    assert names(search(client, region="kraj-vysocina")) == ["V Humpolci", "V Pelhřimově"]
    assert names(search(client, region="CZ063", day="mon")) == ["V Pelhřimově"]


def test_a_town_outside_the_given_orp_is_an_error(client, towns):
    response = search(client, town="Humpolec", orp="Pelhřimov")
    assert response.context["form"].errors["orp"] == ["Humpolec is in ORP Humpolec."]


def test_free_text_ignores_diacritics_and_looks_at_the_organization(client, humpolec):
    podane_ruce = OrganizationFactory(name="Společnost Podané ruce")
    premises(humpolec, name="Kontaktní centrum", organization=podane_ruce)
    premises(humpolec, name="Adiktologická ambulance", summary="Léčba závislosti na alkoholu")
    assert names(search(client, q="kontaktni")) == ["Kontaktní centrum"]
    assert names(search(client, q="PODANÉ")) == ["Kontaktní centrum"]
    assert names(search(client, q="podane centrum")) == ["Kontaktní centrum"]
    assert names(search(client, q="zavislosti alkohol")) == ["Adiktologická ambulance"]
    assert names(search(client, q="podane alkohol")) == []
    podane_ruce.name = "Společnost Šance"
    podane_ruce.save()  # the folded name follows a rename
    assert names(search(client, q="sance")) == ["Kontaktní centrum"]
    assert names(search(client, q="podane")) == []


@pytest.mark.parametrize("count", [1, 5])
def test_a_renamed_organizations_services_are_refolded_in_two_queries(
    humpolec, django_assert_num_queries, count
):
    organization = OrganizationFactory(name="Společnost Podané ruce")
    for number in range(count):
        premises(humpolec, name=f"Centrum {number}", organization=organization)
    organization.name = "Společnost Šance"
    with django_assert_num_queries(2):  # the services, then one update of all of them
        refresh_search_texts(organization)
    texts = organization.services.values_list("search_text", flat=True)
    assert len(texts) == count
    assert all(text.endswith(" spolecnost sance") for text in texts)


def test_an_organization_name_longer_once_folded_is_saved_and_found(client, humpolec):
    """A 200-character name (the most it may have) whose folded form is longer ("…" → "...")."""
    name = "Spolek Šance " + "…" * 187
    organization = OrganizationFactory(name=name)
    premises(humpolec, name="Kontaktní centrum", organization=organization)
    assert len(name) == 200 and len(organization.search_name) > 200
    assert names(search(client, q="sance")) == ["Kontaktní centrum"]


def test_taxonomy_filters_match_any_of_the_codes(client, humpolec):
    outreach(humpolec, THU, name="Terén").service.types.set([term("service_type", "outreach")])
    centre = premises(humpolec, name="Centrum").service
    centre.substances.add(term("substance", "pervitin"))
    centre.activities.add(term("activity", "needle_exchange"))
    centre.target_groups.add(term("target_group", "family"))
    assert names(search(client, type="outreach")) == ["Terén"]
    assert names(client.get("/services/?type=outreach&type=contact_centre")) == [
        "Centrum",
        "Terén",
    ]
    assert names(search(client, substance="pervitin")) == ["Centrum"]
    assert names(search(client, activity="needle_exchange")) == ["Centrum"]
    assert names(search(client, target="family")) == ["Centrum"]
    assert names(search(client, substance="alcohol")) == []


def test_language_czech_is_assumed_when_none_is_listed(client, humpolec):
    premises(humpolec, name="Bez jazyků")
    ukrainian = premises(humpolec, name="Ukrajinsky").service
    ukrainian.languages.add(term("language", "uk"))
    assert names(search(client, language="uk")) == ["Ukrajinsky"]
    assert names(search(client, language="cs")) == ["Bez jazyků"]


def test_age_anonymous_and_free(client, humpolec):
    premises(humpolec, name="Pro mladé", min_age=15, max_age=26, is_anonymous=True)
    premises(humpolec, name="Pro dospělé", min_age=18, is_free=False)
    assert names(search(client, age="16")) == ["Pro mladé"]
    assert names(search(client, age="30")) == ["Pro dospělé"]
    assert names(search(client, age="20")) == ["Pro dospělé", "Pro mladé"]
    assert names(search(client, anonymous="1")) == ["Pro mladé"]
    assert names(search(client, free="1")) == ["Pro mladé"]
    assert names(search(client, free="0")) == ["Pro dospělé", "Pro mladé"]


def test_sort_by_distance_from_the_town(client, towns):
    humpolec, pelhrimov, jihlava = towns
    for town, name in ((jihlava, "A v Jihlavě"), (pelhrimov, "B v Pelhřimově")):
        ServiceAreaFactory(service=premises(town, name=name).service, region=humpolec.region)
    outreach(humpolec, THU, name="C v Humpolci")
    line = ServiceFactory(name="D linka")
    phone_line(line, region=humpolec.region)
    response = search(client, town="Humpolec", sort="distance")
    assert names(response) == ["C v Humpolci", "B v Pelhřimově", "A v Jihlavě", "D linka"]
    distances = [result.distance_km for result in response.context["results"]]
    assert distances[0] == pytest.approx(0)
    assert distances[1] == pytest.approx(15.7, abs=0.1)
    assert distances[2] == pytest.approx(23.3, abs=0.1)
    assert distances[3] is None  # a phone line has no place
    assert "<dd>16 km</dd>" in response.text
    assert "<dd>&lt; 100 m</dd>" in response.text
    assert names(search(client, town="Humpolec")) == [
        "A v Jihlavě",
        "B v Pelhřimově",
        "C v Humpolci",
        "D linka",
    ]


def test_sort_by_distance_without_a_town_sorts_by_name(client, humpolec):
    premises(humpolec, name="B")
    premises(humpolec, name="A")
    response = search(client, sort="distance")
    assert names(response) == ["A", "B"]
    assert "Sorting by distance needs a town: sorted by name." in response.text


def test_sort_by_next_opening(client, humpolec):
    # Now is Monday noon: the Tuesday session comes before Thursday's, Monday 13:00 first.
    outreach(humpolec, THU, name="A čtvrtek")
    outreach(humpolec, (1,), name="B úterý")
    outreach(humpolec, MON, opens="13:00", closes="15:00", name="C pondělí")
    outreach(humpolec, MON, opens="08:00", closes="10:00", name="D pondělí ráno")
    response = search(client, town="Humpolec", sort="next_open")
    assert names(response) == ["C pondělí", "B úterý", "A čtvrtek", "D pondělí ráno"]


def test_results_are_paginated_with_filters_kept_in_the_links(client, humpolec):
    for number in range(25):
        outreach(humpolec, THU, name=f"Služba {number:02}")
    first = search(client, town="Humpolec", day="thu")
    assert len(names(first)) == 20
    assert "25 services found" in first.text
    assert 'href="?town=Humpolec&amp;day=thu&amp;page=2"' in first.text
    second = search(client, town="Humpolec", day="thu", page="2")
    assert names(second) == ["Služba 20", "Služba 21", "Služba 22", "Služba 23", "Služba 24"]


@pytest.mark.parametrize(
    ("number", "shown", "notice"),
    [
        ("-1", 1, "There is no page -1; showing the first page."),
        ("0", 1, "There is no page 0; showing the first page."),
        ("99999", 2, "There is no page 99999; showing the last page."),
        ("9" * 20, 2, f"There is no page {'9' * 20}; showing the last page."),  # beyond bigint
        ("abc", 1, "“abc” is not a page number; showing the first page."),
    ],
)
def test_a_page_out_of_range_shows_a_real_page_and_says_so(client, humpolec, number, shown, notice):
    for index in range(21):
        outreach(humpolec, THU, name=f"Služba {index:02}")
    response = search(client, town="Humpolec", page=number)
    assert response.context["page_obj"].number == shown
    assert notice in response.text


def test_one_result_is_counted_in_the_singular(client, humpolec):
    outreach(humpolec, THU)
    assert "1 service found" in search(client, town="Humpolec").text


def test_nothing_found_suggests_a_wider_search(client, towns):
    _humpolec, pelhrimov, _jihlava = towns
    outreach(pelhrimov, THU)
    response = search(client, town="Humpolec", day="thu", type="outreach")
    assert names(response) == []
    assert "Nothing matches this search." in response.text
    widen = dict(response.context["widen"])
    assert widen["any day and time"] == "/services/?town=Humpolec&type=outreach"
    assert widen["the whole ORP Humpolec"] == "/services/?orp=6104&day=thu&type=outreach"
    assert widen["the nearby ORP Pelhřimov"] == "/services/?orp=6110&day=thu&type=outreach"
    assert widen["the nearby ORP Jihlava"] == "/services/?orp=6105&day=thu&type=outreach"
    assert widen["the whole region: Kraj Vysočina"] == (
        "/services/?region=kraj-vysocina&day=thu&type=outreach"
    )
    assert widen["without the other filters"] == "/services/?town=Humpolec&day=thu"
    # The nearest ORP comes first.
    assert list(widen).index("the nearby ORP Pelhřimov") < list(widen).index(
        "the nearby ORP Jihlava"
    )
    assert names(client.get(widen["the whole region: Kraj Vysočina"])) == []
    assert names(client.get("/services/?region=kraj-vysocina&day=thu")) == ["Terénní program"]


def test_page_offers_print_csv_and_the_town_week(client, humpolec):
    outreach(humpolec, THU)
    response = search(client, town="Humpolec", day="thu")
    assert 'href="?town=Humpolec&amp;day=thu&amp;print=1"' in response.text
    assert 'href="?town=Humpolec&amp;day=thu&amp;format=csv"' in response.text
    assert f'href="/towns/{humpolec.slug}/"' in response.text


def test_each_result_links_its_profile_and_shows_phone_and_organization(client, humpolec):
    schedule = outreach(humpolec, THU)
    service = schedule.service
    service.phone = "+420 567 123 456"
    service.save()
    response = search(client, town="Humpolec")
    assert f'href="/services/{service.slug}/"' in response.text
    assert 'href="tel:+420567123456"' in response.text
    assert service.organization.name in response.text
    assert "Thu 26. 11. 13:00–18:00" in response.text  # next opening


def test_only_get_is_allowed(client, db):
    assert client.post("/services/").status_code == 405
    assert client.post("/services/towns/suggest/").status_code == 405


def test_search_page_without_parameters_lists_everything_listed(client, towns):
    humpolec, pelhrimov, _ = towns
    outreach(humpolec, THU)
    premises(pelhrimov, name="Centrum")
    response = search(client)
    assert names(response) == ["Centrum", "Terénní program"]
    assert "When and where" in response.text  # nothing to explain: the sessions are shown


def test_planned_service_has_no_next_opening_line(client, humpolec):
    outreach(humpolec, THU, name="Plánovaná")
    from services.models import Service

    Service.objects.update(status=ServiceStatus.PLANNED)
    response = search(client, town="Humpolec")
    assert "Next opening" not in response.text


def test_a_saturday_only_search_skips_weekday_premises(client, humpolec):
    premises(humpolec, name="Po–Pá")
    premises(humpolec, days=(SAT,), name="Sobota")
    assert names(search(client, town="Humpolec", day="sat")) == ["Sobota"]


def test_too_many_results_to_sort_by_next_opening_are_sorted_by_name(client, humpolec, monkeypatch):
    monkeypatch.setattr("services.views.NEXT_OPEN_LIMIT", 2)
    outreach(humpolec, THU, name="A čtvrtek")
    outreach(humpolec, (1,), name="B úterý")
    outreach(humpolec, MON, opens="13:00", closes="15:00", name="C pondělí")
    response = search(client, town="Humpolec", sort="next_open")
    assert names(response) == ["A čtvrtek", "B úterý", "C pondělí"]
    assert "Too many results to sort by next opening" in response.text


@pytest.mark.parametrize("typed", ["548031", "humpolec-548031", "39601", "humpolec"])
def test_the_town_field_shows_the_name_of_a_town_given_by_code(client, humpolec, typed):
    """Suggestion links carry the ČSÚ code; the field then shows the name, which finds the same
    town when the caseworker edits the search and sends it again."""
    response = search(client, town=typed, day="thu")
    assert response.context["town_text"] == ("humpolec" if typed == "humpolec" else "Humpolec")
    assert 'name="town" id="id_town" value="' + response.context["town_text"] + '"' in response.text


def test_the_town_field_keeps_the_code_of_a_town_with_namesakes(client, lhotas):
    response = search(client, town="585211")
    assert response.context["filterset"].municipality == lhotas[1]
    assert response.context["town_text"] == "585211"
