import datetime
import json
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from services.hsds import ids, taxonomy
from services.models import Location, Service
from tests.factories import MunicipalityFactory, ScheduleFactory, ServiceAreaFactory
from tests.services.hsds.conftest import SECRET

pytestmark = pytest.mark.django_db
PRAGUE = ZoneInfo("Europe/Prague")


def _get(client, path, **params):
    response = client.get(path, params)
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response, json.loads(response.content)


def _names(payload):
    return sorted(item["name"] for item in payload["contents"])


# --- the root, the profile and the description --------------------------------------------


def test_root_tells_version_profile_and_openapi(client, db):
    response, data = _get(client, "/api/")
    assert response.status_code == 200
    assert data == {
        "version": "3.0",
        "profile": "http://testserver/api/profile",
        "openapi_url": "http://testserver/api/openapi.json",
    }


def test_openapi_describes_every_endpoint_and_our_extension_parameters(client, db):
    _, data = _get(client, "/api/openapi.json")
    assert data["openapi"].startswith("3.")
    assert set(data["paths"]) == {
        "/",
        "/services",
        "/services/{id}",
        "/organizations",
        "/organizations/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
    }
    parameters = data["components"]["parameters"]
    services = [
        p["$ref"].rsplit("/", 1)[1] for p in data["paths"]["/services"]["get"]["parameters"]
    ]
    for name in (
        "town",
        "day",
        "time",
        "open_now",
        "date",
        "type",
        "target",
        "substance",
        "activity",
        "region",
        "orp",
        "search",
        "page",
        "per_page",
        "taxonomy_term_id",
        "organization_id",
        "modified_after",
    ):
        assert name in services
        assert name in parameters
    assert parameters["town"]["x-czech-profile"] is True
    assert parameters["day"]["schema"]["items"]["enum"][0] == "mon"
    sal = data["paths"]["/service_at_locations"]["get"]["parameters"]
    assert {"$ref": "#/components/parameters/proximity"} in sal


def test_profile_documents_the_czech_conventions(client, db):
    _, data = _get(client, "/api/profile")
    assert data["location_municipality"]["external_identifier_type"] == "cz_obec"
    assert "kraj:<NUTS 3 code, e.g. CZ063>" in data["service_area"]["extent"]
    assert data["status"]["planned"] == "inactive"


# --- services -----------------------------------------------------------------------------


def test_services_list_is_a_page_of_published_services(client, sample):
    response, data = _get(client, "/api/services")
    assert response.status_code == 200
    assert {k: v for k, v in data.items() if k != "contents"} == {
        "total_items": 3,
        "total_pages": 1,
        "page_number": 1,
        "size": 3,
        "first_page": True,
        "last_page": True,
        "empty": False,
    }
    assert _names(data) == [
        "Kontaktní centrum Jihlava",
        "Poradna Kyjov",
        "Terénní program Vysočina",
    ]
    assert SECRET not in response.content.decode()


def test_full_services_never_show_professional_fields(client, sample):
    response, data = _get(client, "/api/services", full="true")
    assert all(item["service_at_locations"] for item in data["contents"])
    text = response.content.decode()
    assert SECRET not in text
    for field in Service.PROFESSIONAL_FIELDS:
        assert field not in text


def test_service_detail_by_derived_or_stored_id(client, sample):
    centre_id = ids.of(sample["contact_centre"])
    response, data = _get(client, f"/api/services/{centre_id}")
    assert response.status_code == 200
    assert data["name"] == "Kontaktní centrum Jihlava"
    _, data = _get(client, "/api/services/0B6A3C8E-55F4-4D0C-9A51-6B7C2D1E0F93")
    assert data["name"] == "Poradna Kyjov"


def test_draft_and_unknown_services_are_json_404(client, sample):
    for hsds_id in (ids.of(sample["draft"]), "0b6a3c8e-0000-4d0c-9a51-6b7c2d1e0f93", "nonsense"):
        response, data = _get(client, f"/api/services/{hsds_id}")
        assert response.status_code == 404
        assert data["status"] == 404
        assert f"Žádná zveřejněná služba nemá identifikátor „{hsds_id}“." == data["message"]


def test_error_messages_are_czech_unless_the_client_asks_for_english(client, db):
    czech = json.loads(client.get("/api/services", {"page": "0"}).content)["message"]
    assert czech == "page musí být celé číslo, nejméně 1."
    english = client.get("/api/services", {"page": "0"}, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert json.loads(english.content)["message"] == "page must be a whole number of at least 1."
    assert "Accept-Language" in english["Vary"]
    client.cookies["django_language"] = "en"  # as chosen on the pages
    message = json.loads(client.get("/api/x").content)["message"]
    assert message == "No such API endpoint: see /api/openapi.json."


def test_pagination_is_bounded_and_explains_bad_pages(client, sample):
    _, data = _get(client, "/api/services", per_page=1, page=2)
    assert (data["size"], data["total_pages"], data["first_page"], data["last_page"]) == (
        1,
        3,
        False,
        False,
    )
    assert _names(data) == ["Poradna Kyjov"]
    _, data = _get(client, "/api/services", per_page=100000)
    assert data["size"] == 3
    response, data = _get(client, "/api/services", page=9)
    assert (
        response.status_code == 404 and data["message"] == "Stránka 9 není: stránek je 1."
    )  # 3 services, 50 a page
    for bad in (
        {"page": "-1"},
        {"page": "abc"},
        {"per_page": "0"},
        {"full": "maybe"},
        {"format": "xml"},
    ):
        response, data = _get(client, "/api/services", **bad)
        assert response.status_code == 400, bad
        assert data["message"]


def test_empty_directory_gives_an_empty_first_page(client, db):
    _, data = _get(client, "/api/services")
    assert data["empty"] is True and data["contents"] == [] and data["total_pages"] == 1


def test_directory_filters_town_and_day(client, sample):
    _, data = _get(client, "/api/services", town="humpolec", day="thu")
    assert _names(data) == ["Terénní program Vysočina"]
    _, data = _get(client, "/api/services", town="547786", day=["mon", "tue"])
    # Monday in Humpolec: only the phone line of the programme that covers ORP Humpolec.
    assert _names(data) == ["Terénní program Vysočina"]
    _, data = _get(client, "/api/services", town="Jihlava", day="sat")
    assert _names(data) == []
    _, data = _get(client, "/api/services", town="Jihlava", time="10:00", date="2026-03-04")
    assert _names(data) == ["Kontaktní centrum Jihlava"]


def test_directory_filters_taxonomy_region_and_flags(client, sample):
    _, data = _get(client, "/api/services", type="outreach")
    assert _names(data) == ["Terénní program Vysočina"]
    _, data = _get(client, "/api/services", type="outreach,contact_centre", substance="pervitin")
    assert _names(data) == ["Kontaktní centrum Jihlava"]
    _, data = _get(client, "/api/services", region="CZ063", anonymous="1")
    assert _names(data) == ["Kontaktní centrum Jihlava"]
    _, data = _get(client, "/api/services", orp="Humpolec", free="1")
    assert _names(data) == ["Kontaktní centrum Jihlava"]  # covers the whole region
    _, data = _get(client, "/api/services", age="12")
    assert _names(data) == ["Terénní program Vysočina"]  # the centre is 15+; Kyjov is closed


def test_open_now_uses_prague_time(client, sample):
    monday_morning = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=PRAGUE)
    with mock.patch("django.utils.timezone.now", return_value=monday_morning):
        _, data = _get(client, "/api/services", open_now="1")
    assert _names(data) == ["Kontaktní centrum Jihlava", "Terénní program Vysočina"]
    monday_evening = datetime.datetime(2026, 3, 2, 18, 30, tzinfo=PRAGUE)
    with mock.patch("django.utils.timezone.now", return_value=monday_evening):
        _, data = _get(client, "/api/services", open_now="1", town="Pelhřimov")
    assert _names(data) == ["Terénní program Vysočina"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"town": "Lhota"}, "town", "548103"),
        ({"town": "Atlantida"}, "town", "Atlantida"),
        ({"day": "funday"}, "day", "funday"),
        ({"time": "25:99"}, "time", ""),
        ({"date": "2026-02-30"}, "date", ""),
        ({"type": "unicorns"}, "type", "unicorns"),
        ({"age": "-3"}, "age", ""),
        ({"open_now": "perhaps"}, "open_now", "použijte 1"),
    ],
)
def test_bad_filters_are_400_with_a_message_per_parameter(client, sample, params, field, message):
    response, data = _get(client, "/api/services", **params)
    assert response.status_code == 400
    assert field in data["errors"]
    assert message in " ".join(data["errors"][field])


def test_hsds_filters(client, sample):
    term_id = taxonomy.term_id("substance", "gambling")
    _, data = _get(client, "/api/services", taxonomy_term_id=term_id)
    assert _names(data) == ["Poradna Kyjov"]
    _, data = _get(client, "/api/services", taxonomy_term_id="unknown")
    assert _names(data) == []
    _, data = _get(client, "/api/services", taxonomy_id=taxonomy.taxonomy_id("activity"))
    assert _names(data) == ["Kontaktní centrum Jihlava"]
    _, data = _get(client, "/api/services", organization_id=ids.of(sample["charita"]))
    assert _names(data) == ["Poradna Kyjov"]
    _, data = _get(client, "/api/services", search="vymena injekcniho")
    assert _names(data) == ["Kontaktní centrum Jihlava"]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    _, data = _get(client, "/api/services", modified_after=tomorrow)
    assert _names(data) == []
    _, data = _get(client, "/api/services", modified_after="2000-01-01T00:00:00+01:00")
    assert len(data["contents"]) == 3
    response, _ = _get(client, "/api/services", modified_after="yesterday")
    assert response.status_code == 400


# --- HTTP behaviour -----------------------------------------------------------------------


def test_etag_and_last_modified_give_304(client, sample):
    response = client.get("/api/services")
    etag = response["ETag"]
    assert client.get("/api/services", HTTP_IF_NONE_MATCH=etag).status_code == 304
    Service.objects.filter(pk=sample["outreach"].pk).update(name="Přejmenováno")
    assert client.get("/api/services", HTTP_IF_NONE_MATCH=etag).status_code == 200
    path = f"/api/services/{ids.of(sample['counselling'])}"
    response = client.get(path)
    last_modified = response["Last-Modified"]
    not_modified = client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert not_modified.status_code == 304
    assert not_modified["Access-Control-Allow-Origin"] == "*"
    earlier = http_date(sample["counselling"].updated_at.timestamp() - 3600)
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_cors_preflight_and_read_only_methods(client, db):
    response = client.options("/api/services")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/api/services")
        assert response.status_code == 405
        assert response["Content-Type"] == "application/json"
        assert "jen ke čtení" in json.loads(response.content)["message"]


def test_unknown_endpoints_and_hostile_parameters_are_json(client, db):
    response, data = _get(client, "/api/nothing/here")
    assert response.status_code == 404 and data["status"] == 404
    response, data = _get(client, "/api/services/")  # a trailing slash is tolerated
    assert response.status_code == 200 and data["empty"] is True
    response, _ = _get(client, "/api/services", search="x" * 10_000)
    assert response.status_code == 400
    response, _ = _get(client, "/api/services", town="Jih\x00lava")
    assert response.status_code == 400


# --- query counts -------------------------------------------------------------------------


def _listings(count):
    town = MunicipalityFactory()
    for _ in range(count):
        schedule = ScheduleFactory(location__municipality=town)
        ScheduleFactory(location=schedule.location)
        ServiceAreaFactory(service=schedule.service, orp=town.orp)


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("path", "params", "queries"),
    [
        # COUNT, page, and the two Last-Modified aggregates
        ("/api/services", {}, 4),
        # + five term lists, locations, schedules, areas, the alerts shown today, capacities,
        # contacts
        ("/api/services", {"full": "true"}, 15),
        # the town, the term codes, COUNT, page; no Last-Modified with directory filters
        ("/api/services", {"town": "Obec", "type": "contact_centre"}, 4),
        ("/api/service_at_locations", {}, 4),
        # + the services' schedules, alerts, capacities and contacts
        ("/api/service_at_locations", {"full": "1"}, 14),
        ("/api/organizations", {"full": "1"}, 4),
    ],
)
def test_list_query_count_does_not_grow_with_results(
    client, db, django_assert_num_queries, count, path, params, queries
):
    _listings(count)
    if "town" in params:
        params = params | {"town": Location.objects.first().municipality.code}
    with django_assert_num_queries(queries):
        response = client.get(path, params)
    assert response.status_code == 200
    assert json.loads(response.content)["total_items"] == count


def test_later_pages_reuse_the_count_until_a_change(
    client, db, django_assert_num_queries, django_capture_on_commit_callbacks
):
    _listings(3)
    client.get("/api/services", {"per_page": 2})

    with django_assert_num_queries(3):  # page and the two Last-Modified aggregates
        response = client.get("/api/services", {"per_page": 2, "page": 2})
    assert json.loads(response.content)["total_items"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        Service.objects.first().delete()
    assert json.loads(client.get("/api/services").content)["total_items"] == 2


def test_filtered_by_time_the_count_is_never_reused(client, db):
    _listings(1)
    client.get("/api/services", {"open_now": "1"})

    # The COUNT runs again (then the page, if anything is open at this moment); no
    # Last-Modified aggregate with directory filters.
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/services", {"open_now": "1"})
    statements = [query["sql"] for query in captured.captured_queries]
    assert sum("COUNT(" in sql for sql in statements) == 1
    assert not any("MAX(" in sql for sql in statements)


# --- service_at_locations, organizations, taxonomies --------------------------------------


def test_service_at_locations_list_and_detail(client, sample):
    _, data = _get(client, "/api/service_at_locations")
    assert data["total_items"] == 5
    _, data = _get(client, "/api/service_at_locations", full="true")
    assert all(item["location"]["addresses"] is not None for item in data["contents"])
    assert {len(item["schedules"]) for item in data["contents"]} == {1, 4}
    sal_id = ids.of(sample["premises"].service_links.get())
    response, data = _get(client, f"/api/service_at_locations/{sal_id}")
    assert response.status_code == 200
    assert data["service"]["name"] == "Kontaktní centrum Jihlava"
    assert len(data["schedules"]) == 4


def test_service_at_locations_by_postcode_and_proximity(client, sample):
    def municipalities(**params):
        response, data = _get(client, "/api/service_at_locations", **params)
        assert response.status_code == 200, data
        return sorted(
            item["location"].get("external_identifier", "remote") for item in data["contents"]
        )

    # Covered: everything of the two services whose areas include Humpolec (ORP, region).
    assert municipalities(postcode="396 01") == ["547492", "547786", "586846", "remote"]
    assert municipalities(postcode="39601", proximity="5000") == ["547786"]
    assert municipalities(postcode="39601", proximity="30000") == ["547492", "547786", "586846"]
    assert municipalities(postcode="69701") == ["586307"]
    assert municipalities(postcode="12345") == []
    for bad in ({"proximity": "5"}, {"postcode": "abc"}, {"postcode": "39601", "proximity": "far"}):
        response, _ = _get(client, "/api/service_at_locations", **bad)
        assert response.status_code == 400


def test_organizations_search_ignores_case_and_diacritics(client, sample):
    _, data = _get(client, "/api/organizations", search="VETRNIKU centrum")
    assert _names(data) == ["Centrum U Větrníku, z.ú."]
    _, data = _get(client, "/api/organizations", search="oblastní")
    assert _names(data) == ["Oblastní charita"]
    _, data = _get(client, "/api/organizations", search="větrník charita")
    assert _names(data) == []


def test_organizations_list_only_published(client, sample):
    _, data = _get(client, "/api/organizations")
    assert _names(data) == ["Centrum U Větrníku, z.ú.", "Oblastní charita"]
    response, data = _get(client, f"/api/organizations/{ids.of(sample['centre'])}")
    assert sorted(s["name"] for s in data["services"]) == [
        "Kontaktní centrum Jihlava",
        "Terénní program Vysočina",
    ]
    assert response["Last-Modified"]
    _, data = _get(client, f"/api/organizations/{ids.of(sample['centre'])}", full_service="true")
    assert data["services"][0]["service_at_locations"]
    sample["charita"].publication = "draft"
    sample["charita"].save()
    response, _ = _get(client, f"/api/organizations/{ids.of(sample['charita'])}")
    assert response.status_code == 404


def test_taxonomies_and_terms(client, db):
    _, data = _get(client, "/api/taxonomies")
    names = [item["name"] for item in data["contents"]]
    assert names == [
        "adresar/service_type",
        "adresar/activity",
        "adresar/target_group",
        "adresar/substance",
        "adresar/profile",
    ]
    type_id = taxonomy.taxonomy_id("service_type")
    _, data = _get(client, f"/api/taxonomies/{type_id}")
    assert data["name"] == "adresar/service_type"
    _, data = _get(client, "/api/taxonomy_terms", taxonomy_id=type_id, per_page=100)
    codes = [item["code"] for item in data["contents"]]
    assert "outreach" in codes and "pervitin" not in codes
    _, data = _get(client, "/api/taxonomy_terms", search="pervitin")
    assert [item["code"] for item in data["contents"]] == ["pervitin"]
    term_id = taxonomy.term_id("substance", "pervitin")
    _, data = _get(client, f"/api/taxonomy_terms/{term_id}")
    assert data["code"] == "pervitin" and data["taxonomy_id"] == taxonomy.taxonomy_id("substance")
    _, data = _get(client, "/api/taxonomy_terms", parent_id=term_id)
    assert data["contents"] == []
    for path in ("/api/taxonomies/x", "/api/taxonomy_terms/x"):
        response, _ = _get(client, path)
        assert response.status_code == 404


# --- conformance of every endpoint --------------------------------------------------------


def test_every_endpoint_conforms_to_the_official_schemas(client, sample, conformance):
    """Each response validates against its compiled HSDS 3.0 schema, with no undefined keys."""
    centre, organization = ids.of(sample["contact_centre"]), ids.of(sample["centre"])
    lists = {
        "/api/services": "service_list",
        "/api/services?full=true": "service",
        "/api/organizations": "organization_list",
        "/api/organizations?full=true": "organization",
        "/api/service_at_locations": "service_at_location_list",
        "/api/service_at_locations?full=true": "service_at_location",
        "/api/taxonomies": conformance.taxonomy_schema(),
        "/api/taxonomy_terms?per_page=100": conformance.taxonomy_term_schema(),
    }
    for path, schema in lists.items():
        data = json.loads(client.get(path).content)
        assert data["contents"], path
        for item in data["contents"]:
            conformance.check(item, schema)
    details = {
        f"/api/services/{centre}": "service",
        f"/api/organizations/{organization}": "organization",
        f"/api/organizations/{organization}?full_service=true": "organization",
        f"/api/service_at_locations/{ids.of(sample['premises'].service_links.get())}": "service_at_location",
        f"/api/service_at_locations/{ids.of(sample['phone'].service_links.get())}": "service_at_location",
    }
    for path, schema in details.items():
        conformance.check(json.loads(client.get(path).content), schema)


def test_unsafe_methods_get_the_api_405_even_where_csrf_is_enforced(db):
    # A browser-less client sends no CSRF token; the API answers as an API, not with the
    # middleware's HTML 403 page.
    strict = Client(enforce_csrf_checks=True)
    for method in ("post", "put", "delete", "patch"):
        response = getattr(strict, method)(
            "/api/services", data="{}", content_type="application/json"
        )
        assert response.status_code == 405
        assert response["Content-Type"] == "application/json"
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert "jen ke čtení" in json.loads(response.content)["message"]
