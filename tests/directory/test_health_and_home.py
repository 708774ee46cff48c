from unittest import mock

import pytest
from django.db import OperationalError

from tests.factories import LocationFactory, ServiceFactory


@pytest.mark.django_db
def test_healthz_reports_ok_with_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_503_when_the_database_is_down(client):
    with mock.patch("directory.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_home_lists_published_services_and_regions(client):
    location = LocationFactory(service__name="Kontaktní centrum Humpolec")
    ServiceFactory(name="Rozpracovaná služba", publication="draft")
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kontaktní centrum Humpolec" in content
    assert "Rozpracovaná služba" not in content
    assert f"{location.municipality.region.name} (1)" in content


@pytest.mark.django_db
def test_home_is_in_czech_by_default(client):
    response = client.get("/")
    assert '<html lang="cs">' in response.content.decode()
