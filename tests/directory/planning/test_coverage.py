"""The ORP-level "available in" rule of directory.planning, on hand-made data."""

import datetime

import pytest
from django.utils import timezone

from directory.models import Publication
from directory.planning import chart, tables
from directory.planning.coverage import Reach, Toggles, gather
from services.models import ServiceStatus, Vocabulary
from tests.directory.planning.conftest import MON, THU, TUE, outreach, premises, remote
from tests.factories import ServiceAreaFactory, ServiceFactory, term

TYPES = ["contact_centre", "outreach", "harm_reduction"]


def coverage(places, **toggles):
    return gather(region=places.region, toggles=Toggles(**toggles), today=timezone.localdate())


def counts(places, **toggles) -> dict[str, dict[str, int]]:
    """{ORP name: {type code: count}} for the test region."""
    rows = tables.type_rows(coverage(places, **toggles), TYPES)
    return {
        row.orp.name: dict(zip(TYPES, (c.count for c in row.cells), strict=True)) for row in rows
    }


def day_counts(places, **toggles) -> dict[str, list[int]]:
    return {
        row.orp.name: [cell.count for cell in row.cells]
        for row in tables.weekday_rows(coverage(places, **toggles))
    }


def test_rows_are_the_regions_orps_in_name_order(places):
    assert list(counts(places)) == ["Humpolec", "Jihlava", "Pelhřimov"]


def test_service_covering_the_whole_region_counts_in_every_orp_of_it(places):
    phone_line = ServiceFactory(types=["harm_reduction"])
    ServiceAreaFactory(service=phone_line, region=places.region)

    assert {orp: c["harm_reduction"] for orp, c in counts(places).items()} == {
        "Humpolec": 1,
        "Jihlava": 1,
        "Pelhřimov": 1,
    }


def test_service_covering_another_region_counts_nowhere_here(places):
    ServiceAreaFactory(service=ServiceFactory(), region=places.other_region)
    premises(places.dacice)

    assert all(not any(c.values()) for c in counts(places).values())


def test_outreach_counts_only_in_its_towns_orps(places):
    outreach(places.humpolec, days=(THU,))

    assert counts(places)["Humpolec"]["outreach"] == 1
    assert counts(places)["Jihlava"]["outreach"] == 0
    assert counts(places)["Pelhřimov"]["outreach"] == 0


def test_a_session_in_any_municipality_of_the_orp_counts_for_it(places):
    premises(places.kejzlice)

    assert counts(places)["Humpolec"]["contact_centre"] == 1


def test_area_on_one_municipality_counts_for_that_municipalitys_orp(places):
    ServiceAreaFactory(service=ServiceFactory(types=["outreach"]), municipality=places.kejzlice)

    assert {orp: c["outreach"] for orp, c in counts(places).items()} == {
        "Humpolec": 1,
        "Jihlava": 0,
        "Pelhřimov": 0,
    }


def test_area_on_an_orp_counts_for_that_orp_only(places):
    ServiceAreaFactory(service=ServiceFactory(types=["outreach"]), orp=places.pelhrimov_orp)

    assert [c["outreach"] for c in counts(places).values()] == [0, 0, 1]


def test_a_service_counts_once_per_cell_however_it_reaches_the_orp(places):
    service = premises(places.humpolec, types=["contact_centre", "harm_reduction"])
    outreach(places.kejzlice, service=service)
    ServiceAreaFactory(service=service, orp=places.humpolec_orp)
    ServiceAreaFactory(service=service, region=places.region)

    humpolec = counts(places)["Humpolec"]
    assert humpolec == {"contact_centre": 1, "outreach": 0, "harm_reduction": 1}


@pytest.mark.parametrize(
    "listing",
    [
        {"publication": Publication.DRAFT},
        {"publication": Publication.ARCHIVED},
        {"status": ServiceStatus.ENDED},
        {"status": ServiceStatus.TEMPORARILY_CLOSED},
    ],
)
def test_unpublished_or_ended_services_never_count(places, listing):
    premises(places.humpolec, **listing)
    hidden_area = ServiceFactory(**listing)
    ServiceAreaFactory(service=hidden_area, region=places.region)
    remote(hidden_area, days=(MON,))

    assert all(not any(c.values()) for c in counts(places).values())
    assert all(not any(days) for days in day_counts(places).values())
    assert tables.highlights(coverage(places)).services == 0


def test_planned_services_count_and_are_marked_planned(places):
    ServiceAreaFactory(
        service=ServiceFactory(status=ServiceStatus.PLANNED), orp=places.pelhrimov_orp
    )

    row = tables.type_rows(coverage(places), TYPES)[2]
    assert (row.orp.name, row.cells[0].count, row.cells[0].planned) == ("Pelhřimov", 1, 1)


def test_a_schedule_that_has_ended_does_not_count(places):
    service = premises(places.humpolec)
    service.schedules.update(valid_to=timezone.localdate() - datetime.timedelta(days=1))

    assert counts(places)["Humpolec"]["contact_centre"] == 0


def test_empty_cells_are_gaps(places):
    premises(places.jihlava)

    cells = {row.orp.name: row.cells[0] for row in tables.type_rows(coverage(places), TYPES)}
    assert [cells[name].is_gap for name in ("Humpolec", "Jihlava", "Pelhřimov")] == [
        True,
        False,
        True,
    ]
    assert cells["Jihlava"].on_premises == 1


def test_cells_carry_the_matching_search_parameters(places):
    row = tables.type_rows(coverage(places), TYPES)[0]
    assert row.cells[1].params == (("orp", "humpolec"), ("type", "outreach"))
    day_row = tables.weekday_rows(coverage(places))[0]
    assert day_row.cells[THU].params == (("orp", "humpolec"), ("day", "thu"))


# ---- weekdays ---------------------------------------------------------------------------


def test_outreach_counts_on_its_day_in_its_orp_only(places):
    outreach(places.humpolec, days=(THU,))
    premises(places.jihlava, days=(MON, TUE))

    assert day_counts(places) == {
        "Humpolec": [0, 0, 0, 1, 0, 0, 0],
        "Jihlava": [1, 1, 0, 0, 0, 0, 0],
        "Pelhřimov": [0, 0, 0, 0, 0, 0, 0],
    }


def test_remote_sessions_count_on_their_days_where_the_area_covers(places):
    helpline = ServiceFactory(types=["counselling"])
    ServiceAreaFactory(service=helpline, orp=places.pelhrimov_orp)
    remote(helpline, days=(TUE,))

    assert day_counts(places)["Pelhřimov"] == [0, 1, 0, 0, 0, 0, 0]
    assert day_counts(places)["Humpolec"] == [0] * 7


def test_area_alone_reaches_an_orp_on_no_particular_day(places):
    # Premises in Jihlava with an area over Humpolec: available in Humpolec (by area), but on
    # no day *in* Humpolec, just as search answers for a town and a day.
    service = premises(places.jihlava, days=(MON,))
    ServiceAreaFactory(service=service, orp=places.humpolec_orp)

    assert counts(places)["Humpolec"]["contact_centre"] == 1
    assert day_counts(places)["Humpolec"] == [0] * 7
    assert day_counts(places)["Jihlava"] == [1, 0, 0, 0, 0, 0, 0]


# ---- toggles ----------------------------------------------------------------------------


def test_target_group_and_substance_narrow_the_services(places):
    for_users = premises(places.humpolec)
    for_users.target_groups.add(term(Vocabulary.TARGET_GROUP, "problem_drug_users"))
    for_users.substances.add(term(Vocabulary.SUBSTANCE, "pervitin"))
    for_families = premises(places.humpolec)
    for_families.target_groups.add(term(Vocabulary.TARGET_GROUP, "family"))

    assert counts(places)["Humpolec"]["contact_centre"] == 2
    assert counts(places, target="family")["Humpolec"]["contact_centre"] == 1
    assert counts(places, substance="pervitin")["Humpolec"]["contact_centre"] == 1
    assert counts(places, target="family", substance="pervitin")["Humpolec"]["contact_centre"] == 0


# ---- headline figures -------------------------------------------------------------------


def test_outreach_without_a_fixed_contact_centre_is_highlighted(places):
    premises(places.jihlava)  # the K-centrum
    outreach(places.humpolec, days=(THU,))
    outreach(places.pelhrimov, days=(MON,))
    # A planned contact point covering Pelhřimov by area is not a fixed contact centre.
    ServiceAreaFactory(
        service=ServiceFactory(status=ServiceStatus.PLANNED), orp=places.pelhrimov_orp
    )

    found = tables.highlights(coverage(places))
    assert [orp.name for orp in found.outreach_without_fixed_centre] == ["Humpolec", "Pelhřimov"]
    assert found.without_centre_or_outreach == []
    reach = {row.orp.name: row for row in tables.reach_rows(coverage(places))}
    assert reach["Jihlava"].fixed_contact_centre is True
    assert (reach["Pelhřimov"].total, reach["Pelhřimov"].outreach, reach["Pelhřimov"].area) == (
        2,
        1,
        1,
    )


def test_orps_without_contact_centre_or_outreach(places):
    premises(places.jihlava, types=["contact_centre"])
    premises(places.humpolec, types=["outpatient"])

    found = tables.highlights(coverage(places))
    assert [orp.name for orp in found.without_centre_or_outreach] == ["Humpolec", "Pelhřimov"]


def test_stale_listings_are_counted(places):
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    premises(places.humpolec, last_verified=long_ago)
    premises(places.humpolec, last_verified=None)
    premises(places.humpolec)

    found = tables.highlights(coverage(places))
    assert (found.stale, found.services) == (2, 3)


def test_region_summaries_for_the_index(places):
    premises(places.jihlava, types=["contact_centre", "harm_reduction"])
    outreach(places.humpolec)
    premises(places.dacice)
    everything = gather(region=None, toggles=Toggles(), today=timezone.localdate())

    summaries = tables.region_summaries(everything, [places.region, places.other_region], TYPES)
    vysocina, south = summaries
    assert (vysocina.services, vysocina.by_type, vysocina.orps) == (2, [1, 1, 1], 3)
    assert [orp.name for orp in vysocina.orps_without] == ["Pelhřimov"]
    assert (south.services, south.by_type, south.orps_without) == (1, [1, 0, 0], [])


# ---- chart ------------------------------------------------------------------------------


def test_chart_bars_are_proportional_and_stacked(places):
    premises(places.jihlava)
    premises(places.jihlava)
    outreach(places.humpolec)

    geometry = chart.geometry(tables.reach_rows(coverage(places)))
    humpolec, jihlava, pelhrimov = geometry["bars"]
    assert [s.mode for s in humpolec.segments] == [Reach.OUTREACH]
    assert jihlava.segments[0].width == 2 * humpolec.segments[0].width
    assert humpolec.segments[0].x == jihlava.segments[0].x == geometry["axis_x"]
    assert pelhrimov.segments == [] and pelhrimov.total == 0
