"""No page an anonymous visitor can open carries the information for professionals.

Walks every public GET address of the site (those that exist on this branch) with a service
whose professional fields hold marker strings.
"""

import pytest

from tests.conftest import MARKERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def addresses(service, event, remote_line):
    event.related_services.add(service)
    town = service.locations.first().municipality
    return [
        "/",
        "/robots.txt",
        "/sitemap.xml",
        "/organizations/",
        service.organization.get_absolute_url(),
        service.get_absolute_url(),
        "/services/",
        f"/services/?town={town.name}",
        "/services/?format=csv",
        town.get_absolute_url(),
        "/events/",
        event.get_absolute_url(),
        "/events/feed.ics",
        "/events/feed.xml",
        f"/events/{event.slug}/event.ics",
        "/api/services",
        f"/api/services/{service.hsds_id or service.pk}",
        "/api/organizations",
        "/api/service_at_locations",
    ]


def test_no_public_address_carries_professional_information(client, addresses):
    opened = 0
    for address in addresses:
        response = client.get(address)
        if response.status_code == 404:
            continue  # not on this branch (yet)
        assert response.status_code == 200, address
        opened += 1
        content = b"".join(response) if response.streaming else response.content
        for marker in MARKERS:
            assert marker.encode() not in content, (address, marker)
    assert opened >= 12
