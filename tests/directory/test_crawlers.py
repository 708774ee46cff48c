"""/sitemap.xml and /robots.txt."""

import re

import pytest

from directory.models import Publication
from tests.factories import EventFactory, LocationFactory, OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>(.*?)</loc>", response.content.decode())


def test_sitemap_lists_published_objects_with_absolute_urls(client, settings):
    settings.SITE_URL = "https://adresar.example.cz"
    location = LocationFactory(service__name="KC Zveřejněná")
    service = location.service
    draft = LocationFactory(service__name="KC Koncept", service__publication=Publication.DRAFT)
    archived = ServiceFactory(publication=Publication.ARCHIVED)
    hidden_organization = OrganizationFactory(publication=Publication.DRAFT)
    event = EventFactory()
    draft_event = EventFactory(publication=Publication.DRAFT)

    found = locations(client)
    site = "https://adresar.example.cz"
    assert site + service.get_absolute_url() in found
    assert site + service.organization.get_absolute_url() in found
    assert site + location.municipality.get_absolute_url() in found
    assert site + event.get_absolute_url() in found
    for hidden in (draft.service, archived, hidden_organization, draft_event):
        assert site + hidden.get_absolute_url() not in found
    # A town whose only service is a draft is not listed.
    assert site + draft.municipality.get_absolute_url() not in found
    assert all(url.startswith(site + "/") for url in found)


def test_sitemap_respects_a_path_prefix_in_site_url(client, settings):
    settings.SITE_URL = "https://example.org/adresar"
    service = ServiceFactory()
    assert "https://example.org/adresar" + service.get_absolute_url() in locations(client)


@pytest.mark.parametrize("n", [1, 3])
def test_sitemap_query_count_does_not_grow(client, django_assert_num_queries, n):
    for _ in range(n):
        LocationFactory()
        EventFactory()
    with django_assert_num_queries(8):  # a count and a page per section
        client.get("/sitemap.xml")


def test_robots_txt_points_to_the_sitemap(client, settings):
    settings.SITE_URL = "https://adresar.example.cz"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /accounts/" in text
    assert "Sitemap: https://adresar.example.cz/sitemap.xml" in text


def test_robots_txt_rejects_post(client, db):
    assert client.post("/robots.txt").status_code == 405


def test_every_page_names_its_icon_and_favicon_ico_leads_to_it(client, db):
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].startswith("/static/favicon") and response["Location"].endswith(
        ".svg"
    )
