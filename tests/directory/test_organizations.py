"""Organization list and profile: published only, services and places, events, fixed queries."""

import datetime
import re

import pytest
from django.utils import timezone

from directory.models import LegalForm, Publication
from tests.factories import (
    EventFactory,
    LocationFactory,
    OrganizationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def main(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split('<main id="content"', 1)[1].split("</main>", 1)[0]


def test_list_shows_published_organizations_with_service_counts(client):
    charita = OrganizationFactory(name="Oblastní charita")
    ServiceFactory(organization=charita)
    ServiceFactory(organization=charita)
    ServiceFactory(organization=charita, publication=Publication.DRAFT)
    OrganizationFactory(name="Rozpracovaná organizace", publication=Publication.DRAFT)
    OrganizationFactory(name="Archivovaná organizace", publication=Publication.ARCHIVED)
    html = main(client.get("/organizations/"))
    assert f'href="{charita.get_absolute_url()}"' in html
    assert "2 služby" in html
    assert "Rozpracovaná organizace" not in html
    assert "Archivovaná organizace" not in html


def test_list_rejects_post(client, db):
    assert client.post("/organizations/").status_code == 405


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_does_not_grow(client, django_assert_num_queries, n):
    parent = OrganizationFactory()
    for _ in range(n):
        ServiceFactory(organization=OrganizationFactory(parent=parent))
    with django_assert_num_queries(2):  # the page's count and the page
        response = client.get("/organizations/")
    assert response.status_code == 200


def test_profile_shows_description_legal_form_ico_and_contacts(client, organization, service):
    organization.legal_form = LegalForm.PUBLIC_BENEFIT
    organization.save()
    html = main(client.get(organization.get_absolute_url()))
    assert "<h1>Centrum U Větrníku</h1>" in html
    assert "Pomáháme lidem, kteří užívají drogy" in html
    assert "obecně prospěšná společnost (o.p.s.)" in html
    assert "IČO 27006905" in html
    assert 'href="tel:+420567000000"' in html
    assert 'href="mailto:info@example.cz"' in html
    assert "Žižkova 15, Jihlava" in html


def test_profile_lists_published_services_with_their_places_and_a_map(
    client, organization, service, remote_line
):
    ServiceFactory(
        organization=organization, name="Nezveřejněná služba", publication=Publication.DRAFT
    )
    ServiceFactory(
        organization=organization, name="Archivovaná služba", publication=Publication.ARCHIVED
    )
    html = main(client.get(organization.get_absolute_url()))
    assert f'href="{service.get_absolute_url()}"' in html
    assert "Kontaktní centrum: Žižkova 15, Jihlava" in html
    assert "Humpolec" in html
    assert "Telefonicky" in html
    assert "Nezveřejněná služba" not in html
    assert "Archivovaná služba" not in html
    assert 'id="organization-map-points"' in html


def test_ended_service_is_listed_with_its_status(client, organization):
    ServiceFactory(organization=organization, name="Ukončený program", status="ended")
    html = main(client.get(organization.get_absolute_url()))
    assert "Ukončený program" in html
    assert "ukončená" in html


def test_parent_and_published_branches(client, organization):
    diocese = OrganizationFactory(name="Diecézní charita")
    organization.parent = diocese
    organization.save()
    OrganizationFactory(name="Pobočka Třešť", parent=organization)
    OrganizationFactory(name="Skrytá pobočka", parent=organization, publication=Publication.DRAFT)
    html = main(client.get(organization.get_absolute_url()))
    assert f'href="{diocese.get_absolute_url()}"' in html
    assert "Pobočka Třešť" in html
    assert "Skrytá pobočka" not in html
    parent_html = main(client.get(diocese.get_absolute_url()))
    assert f'href="{organization.get_absolute_url()}"' in parent_html


def test_events_organised_or_joined_upcoming_and_past(client, organization):
    other = OrganizationFactory()
    organised = EventFactory(title="Pracovní skupina", organizer=organization)
    joined = EventFactory(title="Výměna zkušeností", organizer=other)
    joined.participants.add(organization)
    past = EventFactory(
        title="Loňský seminář",
        organizer=organization,
        starts_at=timezone.now() - datetime.timedelta(days=200),
    )
    EventFactory(title="Cizí seminář", organizer=other)
    EventFactory(title="Koncept semináře", organizer=organization, publication=Publication.DRAFT)
    html = main(client.get(organization.get_absolute_url()))
    upcoming, past_part = html.split("Proběhlé", 1)
    assert f'href="{organised.get_absolute_url()}"' in upcoming
    assert f'href="{joined.get_absolute_url()}"' in upcoming
    assert f'href="{past.get_absolute_url()}"' in past_part
    assert "Cizí seminář" not in html
    assert "Koncept semináře" not in html


@pytest.mark.parametrize("publication", [Publication.DRAFT, Publication.ARCHIVED])
def test_unpublished_organization_is_404(client, professional, publication):
    organization = OrganizationFactory(publication=publication)
    assert client.get(organization.get_absolute_url()).status_code == 404
    client.force_login(professional)
    assert client.get(organization.get_absolute_url()).status_code == 404


def test_staff_may_preview_an_unpublished_organization(client, django_user_model):
    organization = OrganizationFactory(publication=Publication.DRAFT)
    client.force_login(django_user_model.objects.create_user("koordinator", is_staff=True))
    html = main(client.get(organization.get_absolute_url()))
    assert "Není veřejné" in html


def test_profile_rejects_post(client, organization):
    assert client.post(organization.get_absolute_url()).status_code == 405


@pytest.mark.parametrize("n", [1, 3])
def test_profile_query_count_does_not_grow(client, django_assert_num_queries, n):
    organization = OrganizationFactory(parent=OrganizationFactory())
    for _ in range(n):
        LocationFactory(service=ServiceFactory(organization=organization))
        OrganizationFactory(parent=organization)
        EventFactory(organizer=organization)
        EventFactory(organizer=organization, starts_at=timezone.now() - datetime.timedelta(days=9))
    # organization (+seat, parent), services + 5 prefetches, branches, upcoming and past
    # events with their audiences.
    with django_assert_num_queries(12):
        html = main(client.get(organization.get_absolute_url()))
    assert len(re.findall(r'<article class="card">', html)) == n


@pytest.mark.parametrize("page", ["yes", "-1", "0", "99999999999999999999"])
def test_list_shows_the_nearest_page_for_a_bad_page_number(client, page):
    OrganizationFactory(name="Oblastní charita")
    response = client.get("/organizations/", {"page": page})
    assert "Oblastní charita" in main(response)
