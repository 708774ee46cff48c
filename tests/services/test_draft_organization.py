"""A service of an unpublished organization is not public anywhere (issue #15, item 5).

The service itself is published, but its organization is a draft: neither may reach the
public through any page, feed, API answer, sitemap or export. Every public output is walked
with a marker in the organization's and the service's texts.
"""

import io
import json

import pytest
from django.core.management import call_command

from directory.models import Publication
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

ORGANIZATION_MARKER = "MARKER-DRAFT-ORG-3e1b"
SERVICE_MARKER = "MARKER-SERVICE-OF-DRAFT-8c44"
MARKERS = (ORGANIZATION_MARKER, SERVICE_MARKER)


@pytest.fixture
def hidden(service, event):
    """The fully filled-in service of tests/public/conftest.py, its organization made a draft."""
    organization = service.organization
    organization.description = f"Interní popis {ORGANIZATION_MARKER}"
    organization.publication = Publication.DRAFT
    organization.save()
    service.summary = f"Souhrn {SERVICE_MARKER}"
    service.save()
    event.related_services.add(service)
    return service


def public_addresses(service, event):
    town = service.locations.first().municipality
    region = town.region
    service_id = service.hsds_id or service.pk
    return [
        "/",
        "/sitemap.xml",
        "/organizations/",
        service.organization.get_absolute_url(),
        service.get_absolute_url(),
        "/services/",
        f"/services/?town={town.name}",
        f"/services/?town={town.name}&format=csv",
        "/services/?q=Kontaktn%C3%AD",
        town.get_absolute_url(),
        "/events/",
        event.get_absolute_url(),
        "/events/feed.ics",
        "/events/feed.xml",
        f"/events/{event.slug}/event.ics",
        "/planning/",
        f"/planning/{region.slug}/",
        f"/planning/{region.slug}/types.csv",
        f"/planning/{region.slug}/reach.csv",
        "/api/services",
        "/api/services?full=true",
        f"/api/services/{service_id}",
        f"/api/services?town={town.name}",
        "/api/organizations",
        f"/api/organizations/{service.organization.hsds_id or service.organization.pk}",
        "/api/service_at_locations",
    ]


def content_of(response) -> bytes:
    return b"".join(response) if response.streaming else response.content


@pytest.mark.parametrize("who", ["anonymous", "professional"])
def test_no_public_output_shows_a_service_of_a_draft_organization(
    client, hidden, event, who, request
):
    if who == "professional":
        client = request.getfixturevalue("professional_client")
    seen = 0
    for address in public_addresses(hidden, event):
        response = client.get(address)
        assert response.status_code in (200, 404), (address, response.status_code)
        body = content_of(response)
        for marker in MARKERS:
            assert marker.encode() not in body, (address, marker)
        assert hidden.name.encode() not in body or address.startswith("/planning"), address
        seen += response.status_code == 200
    assert seen >= 20
    # Neither the service nor its organization has a page of its own.
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(hidden.organization.get_absolute_url()).status_code == 404
    api = client.get(f"/api/services/{hidden.hsds_id or hidden.pk}")
    assert api.status_code == 404


def test_the_hsds_export_leaves_out_services_of_a_draft_organization(hidden):
    visible = ServiceFactory(name="Viditelná služba")
    out = io.StringIO()
    call_command("export_hsds", "-", stdout=out)
    text = out.getvalue()
    assert visible.name in text
    for marker in MARKERS:
        assert marker not in text
    assert hidden.name not in text
    assert all(record["name"] != hidden.name for record in json.loads(text))


def test_publishing_the_organization_makes_its_service_public_again(client, hidden):
    hidden.organization.publication = Publication.PUBLISHED
    hidden.organization.save()
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert SERVICE_MARKER in response.content.decode()
