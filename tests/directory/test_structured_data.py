"""schema.org JSON-LD on profiles, canonical URLs, titles, descriptions and Open Graph."""

import json
import re

import pytest

from services import weekdays
from tests.conftest import T
from tests.factories import LocationFactory, OrganizationFactory, ScheduleFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def jsonld(content: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, flags=re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_service_json_ld_has_places_geo_and_opening_hours(client, service, settings):
    settings.SITE_URL = "https://adresar.example.cz"
    data = jsonld(client.get(service.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "Kontaktní centrum Jihlava"
    assert data["url"] == "https://adresar.example.cz/services/kontaktni-centrum-jihlava/"
    assert data["isAccessibleForFree"] is True
    assert data["telephone"] == "+420 567 123 456"
    assert data["address"]["addressLocality"] == "Jihlava"
    assert data["address"]["streetAddress"] == "Žižkova 15"
    assert data["address"]["postalCode"] == "58601"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 49.3979, "longitude": 15.5866}
    weekdays_spec = {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": [
            "https://schema.org/Monday",
            "https://schema.org/Tuesday",
            "https://schema.org/Wednesday",
            "https://schema.org/Thursday",
            "https://schema.org/Friday",
        ],
        "opens": "10:00",
        "closes": "17:00",
    }
    assert weekdays_spec in data["openingHoursSpecification"]
    humpolec = next(place for place in data["location"] if "Humpolec" in place["name"])
    assert humpolec["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Thursday"],
            "opens": "13:00",
            "closes": "18:00",
        }
    ]
    assert data["parentOrganization"]["name"] == "Centrum U Větrníku"
    assert data["parentOrganization"]["url"].endswith("/organizations/centrum-u-vetrniku/")


def test_phone_line_hours_are_a_contact_point(client, service, remote_line):
    data = jsonld(client.get(service.get_absolute_url()).content.decode())
    (point,) = data["contactPoint"]
    assert point["telephone"] == "+420 567 123 456"
    assert point["hoursAvailable"][0]["dayOfWeek"] == ["https://schema.org/Monday"]
    assert data["areaServed"]


def test_rules_schema_org_cannot_express_are_left_out(client, service, monthly):
    data = jsonld(client.get(service.get_absolute_url()).content.decode())
    days = [day for spec in data["openingHoursSpecification"] for day in spec["dayOfWeek"]]
    assert "https://schema.org/Saturday" not in days  # the first Saturday of the month


def test_outpatient_clinic_is_a_medical_clinic(client):
    service = ServiceFactory(types=["outpatient"])
    data = jsonld(client.get(service.get_absolute_url()).content.decode())
    assert data["@type"] == "MedicalClinic"


def test_json_ld_cannot_break_out_of_its_script_element(client):
    service = ServiceFactory(name="Zlá </script><script>alert(1)</script> služba")
    location = LocationFactory(service=service)
    ScheduleFactory(location=location, days=weekdays.bit(0), opens_at=T("08:00"))
    content = client.get(service.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content
    assert jsonld(content)["name"] == "Zlá </script><script>alert(1)</script> služba"


def test_organization_json_ld(client, organization, service):
    organization.parent = OrganizationFactory(name="Diecézní charita")
    organization.save()
    OrganizationFactory(name="Pobočka", parent=organization)
    data = jsonld(client.get(organization.get_absolute_url()).content.decode())
    assert data["@type"] == "Organization"
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "IČO",
        "value": "27006905",
    }
    assert data["address"]["addressLocality"] == "Jihlava"
    assert data["parentOrganization"]["name"] == "Diecézní charita"
    assert [branch["name"] for branch in data["subOrganization"]] == ["Pobočka"]
    assert data["makesOffer"][0]["itemOffered"]["name"] == service.name


def head(client, url) -> str:
    return client.get(url).content.decode().split("</head>", 1)[0]


def test_profile_head_has_title_description_canonical_and_open_graph(client, service, settings):
    settings.SITE_URL = "https://adresar.example.cz"
    html = head(client, service.get_absolute_url())
    url = "https://adresar.example.cz/services/kontaktni-centrum-jihlava/"
    assert (
        "<title>Kontaktní centrum Jihlava – Centrum U Větrníku · Adresář adiktologických služeb</title>"
        in html
    )
    assert (
        '<meta name="description" content="Výměna injekčního materiálu, testování a poradenství.">'
        in html
    )
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert (
        '<meta property="og:title" content="Kontaktní centrum Jihlava – Centrum U Větrníku">'
        in html
    )
    assert '<meta property="og:locale" content="cs_CZ">' in html


def test_canonical_url_ignores_filters_but_keeps_the_page(client, db, settings):
    settings.SITE_URL = "https://adresar.example.cz"
    html = head(client, "/organizations/?page=1&utm_source=x")
    assert '<link rel="canonical" href="https://adresar.example.cz/organizations/">' in html


def test_organization_and_list_pages_have_their_own_titles(client, organization):
    assert "<title>Centrum U Větrníku · Adresář" in head(client, organization.get_absolute_url())
    assert "<title>Organizace · Adresář" in head(client, "/organizations/")
